import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { KvStore, KvUnavailableError } from '../cache/kv-store';
import { MemoryKvStore } from '../cache/memory-kv.store';

/**
 * Fixed-window counters on KvStore.incrWindow (one atomic Lua INCR+PEXPIRE on one key, so it is
 * correct across replicas and on Redis Cluster). Keys: `<globalPrefix>:rl:<tracker>`.
 *
 * When Redis fails, each instance counts in its own memory until Redis answers again: limits stay
 * enforced (per instance) instead of refusing every request or letting every request through.
 */
export class KvThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private readonly fallback: KvStore;
  private degraded = false;

  constructor(
    private readonly kv: KvStore,
    private readonly globalPrefix: string,
    fallback?: KvStore,
  ) {
    this.fallback = fallback ?? (kv.kind === 'memory' ? kv : new MemoryKvStore(50_000));
  }

  keyOf(tracker: string): string {
    return `${this.globalPrefix}:rl:${tracker}`;
  }

  /** `ttl` and `blockDuration` in ms (throttler v6); a fixed window blocks until it ends. */
  async increment(tracker: string, ttl: number, limit: number): ReturnType<ThrottlerStorage['increment']> {
    const { count, ttlMs } = await this.hit(this.keyOf(tracker), ttl);
    const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
    return { totalHits: count, timeToExpire: seconds, isBlocked: count > limit, timeToBlockExpire: count > limit ? seconds : 0 };
  }

  private async hit(key: string, windowMs: number): Promise<{ count: number; ttlMs: number }> {
    try {
      const r = await this.kv.incrWindow(key, windowMs);
      if (this.degraded) {
        this.degraded = false;
        this.logger.log('Redis answers again: rate-limit counters are shared across instances again');
      }
      return r;
    } catch (err) {
      if (!(err instanceof KvUnavailableError)) throw err;
      if (!this.degraded) {
        this.degraded = true;
        this.logger.warn('Redis unavailable: rate limits are counted per instance in memory until it returns');
      }
      return this.fallback.incrWindow(key, windowMs);
    }
  }
}
