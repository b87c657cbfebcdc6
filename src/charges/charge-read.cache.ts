import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { Charge, FINAL_STATUSES } from '@lib/providers';
import { EnvelopeCipher } from '../auth/envelope';
import type { TenantContext } from '../auth/tenant-context';
import { FifoMemo } from '../common/fifo-memo';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';

const GAVE_UP = Symbol('gave-up');
const PROCESSING_TTL_MS = 3000;
/** Opened cache values kept in process, keyed by cache key and checked against the sealed value. */
const OPENED_MAX = 2000;

/**
 * The tenant's read cache of charges, through the global CACHE_MANAGER (Redis or memory), keys
 * `<prefix>:<tenantId>:charge:<providerId>:<id>`, values sealed (they hold the payer's data).
 * Charges that can still change live CHARGE_CACHE_TTL_SECONDS (PROCESSING ones 3 s at most); final
 * ones the token's meta.ttlSeconds. Never throws and never waits longer than the Redis command timeout: a cache
 * that cannot answer is a miss.
 */
@Injectable()
export class ChargeReadCache {
  private readonly openTtlMs: number;
  private readonly waitMs: number;
  private readonly opened = new FifoMemo<string, { sealed: string; charge: Charge }>(OPENED_MAX);

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    @Inject(EnvelopeCipher) private readonly cipher: EnvelopeCipher,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.openTtlMs = config.chargeCacheTtlSeconds * 1000;
    this.waitMs = config.redisCommandTimeoutMs;
  }

  key(tenant: TenantContext, id: string): string {
    return `${tenant.meta.redisKeyPrefix}:${tenant.tenantId}:charge:${tenant.providerId}:${id}`;
  }

  async read(tenant: TenantContext, id: string): Promise<Charge | undefined> {
    const key = this.key(tenant, id);
    const sealed = await this.bounded(this.cache.get<string>(key));
    if (typeof sealed !== 'string') return undefined;
    // The same sealed value as last time (Redis is still the source of truth): skip AES and parsing.
    const memo = this.opened.get(key);
    if (memo && memo.sealed === sealed) return memo.charge;
    try {
      const charge = Object.freeze(JSON.parse(this.cipher.open(sealed, 'cache'))) as Charge;
      if (charge.id !== id || charge.providerId !== tenant.providerId) return undefined;
      this.opened.set(key, { sealed, charge });
      return charge;
    } catch {
      return undefined; // sealed under a retired key, or not ours: a miss
    }
  }

  async write(tenant: TenantContext, charge: Charge): Promise<void> {
    // PROCESSING (asynchronous registration) changes within seconds: keep it only briefly.
    const ttlMs = FINAL_STATUSES.has(charge.status)
      ? tenant.meta.ttlSeconds * 1000
      : charge.status === 'PROCESSING'
        ? Math.min(this.openTtlMs, PROCESSING_TTL_MS)
        : this.openTtlMs;
    await this.bounded(
      this.cache.set(this.key(tenant, charge.id), this.cipher.seal(JSON.stringify(charge), 'cache'), ttlMs),
    );
  }

  async forget(tenant: TenantContext, id: string): Promise<void> {
    await this.bounded(this.cache.del(this.key(tenant, id)));
  }

  /** The operation's result, or undefined when it failed or took longer than the command timeout. */
  private async bounded<T>(operation: Promise<T>): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<typeof GAVE_UP>((resolve) => {
      timer = setTimeout(() => resolve(GAVE_UP), this.waitMs);
      timer.unref();
    });
    try {
      const result = await Promise.race([operation, giveUp]);
      return result === GAVE_UP ? undefined : (result as T);
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
