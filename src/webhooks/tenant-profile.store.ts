import { Inject, Injectable } from '@nestjs/common';
import { EnvelopeCipher } from '../auth/envelope';
import type { TenantContext, TokenMeta } from '../auth/tenant-context';
import { KvStore } from '../cache/kv-store';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';

/** What the gateway remembers of a tenant at POST /initialize, so bank notifications can be confirmed and routed. */
export interface TenantProfile {
  tenantId: string;
  providerId: string;
  /** The credentials the provider parsed (sealed at rest like every cached secret). */
  credentials: unknown;
  credentialFingerprint: string;
  meta: TokenMeta;
}

/**
 * Tenant profiles in the shared store, sealed, for meta.ttlSeconds (the same bound as the bank session they use).
 * Keys `<REDIS_GLOBAL_PREFIX>:{wh}:profile:<providerId>:<tenantId>` (the webhook URL names only these two).
 */
@Injectable()
export class TenantProfileStore {
  constructor(
    @Inject(KvStore) private readonly kv: KvStore,
    @Inject(EnvelopeCipher) private readonly cipher: EnvelopeCipher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async save(tenant: TenantContext): Promise<void> {
    const profile: TenantProfile = {
      tenantId: tenant.tenantId,
      providerId: tenant.providerId,
      credentials: tenant.credentials,
      credentialFingerprint: tenant.credentialFingerprint,
      meta: tenant.meta,
    };
    const sealed = this.cipher.seal(JSON.stringify(profile), 'cache');
    await this.kv.set(this.key(tenant.providerId, tenant.tenantId), sealed, { ttlMs: tenant.meta.ttlSeconds * 1000 });
  }

  /** The profile, or undefined when unknown, expired, unreadable or the store cannot answer. */
  async load(providerId: string, tenantId: string): Promise<TenantProfile | undefined> {
    try {
      const sealed = await this.kv.get(this.key(providerId, tenantId));
      return sealed === undefined ? undefined : (JSON.parse(this.cipher.open(sealed, 'cache')) as TenantProfile);
    } catch {
      return undefined;
    }
  }

  /** The tenant context a profile stands for (the same shape a verified token gives). */
  static tenant(profile: TenantProfile): TenantContext {
    return {
      tenantId: profile.tenantId,
      providerId: profile.providerId,
      credentials: profile.credentials,
      credentialFingerprint: profile.credentialFingerprint,
      meta: profile.meta,
      scopes: new Set(['charges:read']),
      exp: Math.floor(Date.now() / 1000) + 60,
    };
  }

  private key(providerId: string, tenantId: string): string {
    return `${this.config.redisGlobalPrefix}:{wh}:profile:${providerId}:${tenantId}`;
  }
}
