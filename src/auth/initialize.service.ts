import { Inject, Injectable } from '@nestjs/common';
import type { ProviderCapabilities } from '@lib/providers';
import { ProviderCallRunner } from '@lib/providers';
import type { TenantContext } from './tenant-context';

export interface InitializeResult {
  tenantId: string;
  providerId: string;
  capabilities: ProviderCapabilities;
  session: { expiresAt: string | null; cached: boolean };
  cache: { enabled: boolean; prefix: string };
}

/** What POST /initialize (and the MCP initialize_session tool) does. */
@Injectable()
export class InitializeService {
  constructor(@Inject(ProviderCallRunner) private readonly runner: ProviderCallRunner) {}

  async initialize(tenant: TenantContext, requestId?: string): Promise<InitializeResult> {
    const { provider, result } = await this.runner.run(tenant, 'authenticate', requestId, (p, ctx) =>
      p.authenticate(ctx),
    );
    return {
      tenantId: tenant.tenantId,
      providerId: tenant.providerId,
      capabilities: provider.capabilities,
      session: { expiresAt: result.expiresAt ?? null, cached: result.cached },
      cache: { enabled: tenant.meta.cacheEnabled, prefix: tenant.meta.redisKeyPrefix },
    };
  }
}
