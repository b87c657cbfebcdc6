import { Inject, Injectable } from '@nestjs/common';
import type { ProviderContext } from '../../libs/providers/src';
import { EnvelopeCipher } from '../auth/envelope';
import type { TenantContext } from '../auth/tenant-context';
import { KvStore } from '../cache/kv-store';
import { TenantProviderStateStore } from './provider-state.store';

/** Builds the ProviderContext for a verified tenant (cheap: no I/O). */
@Injectable()
export class ProviderContextFactory {
  constructor(
    @Inject(KvStore) private readonly kv: KvStore,
    @Inject(EnvelopeCipher) private readonly cipher: EnvelopeCipher,
  ) {}

  for(tenant: TenantContext, requestId?: string): ProviderContext {
    return {
      tenantId: tenant.tenantId,
      providerId: tenant.providerId,
      credentials: tenant.credentials,
      credentialFingerprint: tenant.credentialFingerprint,
      sessionTtlSeconds: tenant.meta.ttlSeconds,
      state: new TenantProviderStateStore(this.kv, this.cipher, tenant.meta.redisKeyPrefix, tenant.tenantId, tenant.providerId),
      requestId,
    };
  }
}
