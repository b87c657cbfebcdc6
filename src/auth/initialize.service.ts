import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ProviderCapabilities } from '@lib/providers';
import { ProviderCallRunner } from '@lib/providers';
import { InitializeHook, InitializeHooks } from './initialize-hooks';
import type { TenantContext } from './tenant-context';

export interface InitializeResult {
  tenantId: string;
  providerId: string;
  capabilities: ProviderCapabilities;
  session: { expiresAt: string | null; cached: boolean };
  cache: { enabled: boolean; prefix: string };
  /** What the token may do: its `scope` claim, or every scope when it has none. */
  scopes: string[];
  /** meta.maxAmountCents: the largest charge the token may create, or null for no limit. */
  maxAmountCents: number | null;
}

/** What POST /initialize (and the MCP initialize_session tool) does. */
@Injectable()
export class InitializeService {
  constructor(
    @Inject(ProviderCallRunner) private readonly runner: ProviderCallRunner,
    @Optional() @Inject(InitializeHooks) private readonly hooks: InitializeHook[] = [],
  ) {}

  async initialize(tenant: TenantContext, requestId?: string): Promise<InitializeResult> {
    for (const hook of this.hooks) await hook.beforeInitialize?.(tenant);
    const { provider, result } = await this.runner.run(tenant, 'authenticate', requestId, (p, ctx) =>
      p.authenticate(ctx),
    );
    for (const hook of this.hooks) await hook.afterInitialize?.(tenant).catch(() => undefined);
    return {
      tenantId: tenant.tenantId,
      providerId: tenant.providerId,
      capabilities: provider.capabilities,
      session: { expiresAt: result.expiresAt ?? null, cached: result.cached },
      cache: { enabled: tenant.meta.cacheEnabled, prefix: tenant.meta.redisKeyPrefix },
      scopes: [...tenant.scopes],
      maxAmountCents: tenant.meta.maxAmountCents ?? null,
    };
  }
}
