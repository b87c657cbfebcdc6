import { Inject, Injectable } from '@nestjs/common';
import type { ProviderContext } from './charge-provider';
import { ProviderStateBackend } from './provider-state.backend';
import { ProviderStateCipher } from './provider-state.cipher';
import { TenantProviderStateStore } from './provider-state.store';

/**
 * Who is calling, as the application verified it (its token): what a ProviderContext is built from. The
 * application's own tenant type fits as it is.
 */
export interface ProviderTenant {
  tenantId: string;
  providerId: string;
  /** Already parsed by the provider's parseCredentials. Never log it. */
  credentials: unknown;
  /** Stable, non-secret hash of the credentials. */
  credentialFingerprint: string;
  meta: {
    /** Upper bound for cached provider sessions, seconds. */
    ttlSeconds: number;
    /** Prefix of every state key of this tenant. */
    redisKeyPrefix: string;
  };
}

/** Builds the ProviderContext for a verified tenant (cheap: no I/O). */
@Injectable()
export class ProviderContextFactory {
  constructor(
    @Inject(ProviderStateBackend) private readonly backend: ProviderStateBackend,
    @Inject(ProviderStateCipher) private readonly cipher: ProviderStateCipher,
  ) {}

  for(tenant: ProviderTenant, requestId?: string): ProviderContext {
    return {
      tenantId: tenant.tenantId,
      providerId: tenant.providerId,
      credentials: tenant.credentials,
      credentialFingerprint: tenant.credentialFingerprint,
      sessionTtlSeconds: tenant.meta.ttlSeconds,
      state: new TenantProviderStateStore(
        this.backend,
        this.cipher,
        tenant.meta.redisKeyPrefix,
        tenant.tenantId,
        tenant.providerId,
      ),
      requestId,
    };
  }
}
