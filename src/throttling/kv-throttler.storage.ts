import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { KvStore, KvUnavailableError } from '../cache/kv-store';
import { MemoryKvStore } from '../cache/memory-kv.store';
import { FifoMemo } from '../common/fifo-memo';

/** Permits this instance took from the shared counter and has not used yet, for one tracker's window. */
interface Lease {
  windowEnd: number;
  /** Permits left to hand out locally. */
  remaining: number;
  /** The shared count when the lease was taken (includes this lease). */
  sharedCount: number;
  /** The window is used up everywhere: refuse locally until it ends. */
  exhausted: boolean;
}

/** Largest batch of permits leased at once, and the share of the limit a batch may take. */
const MAX_BATCH = 100;
const BATCH_SHARE = 50;
const MAX_LEASES = 50_000;

/**
 * Fixed-window counters on KvStore.incrWindow (one atomic Lua INCRBY+PEXPIRE on one key, so it is
 * correct across replicas and on Redis Cluster). Keys: `<globalPrefix>:rl:<tracker>`.
 *
 * Permit leasing: an instance takes `batch = clamp(limit / 50, 1, 100)` permits from the shared
 * counter at a time and hands them out locally, so Redis sees one command per batch instead of
 * one per request. The shared counter is never exceeded (a lease is clamped to what is left), so a
 * tenant can never get more than the limit; at worst up to `batch - 1` permits per instance go
 * unused at the end of a window. Limits under 100 use batch 1: every request counts in Redis,
 * exactly. A window that is used up is refused locally until it ends.
 *
 * When Redis fails, each instance counts in its own memory until Redis answers again: limits stay
 * enforced (per instance) instead of refusing every request or letting every request through.
 */
export class KvThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private readonly fallback: KvStore;
  private readonly leases = new FifoMemo<string, Lease>(MAX_LEASES);
  private readonly inflight = new Map<string, Promise<void>>();
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
    const key = this.keyOf(tracker);
    for (;;) {
      const now = Date.now();
      const lease = this.leases.get(key);
      if (lease && lease.windowEnd > now) {
        const seconds = Math.max(1, Math.ceil((lease.windowEnd - now) / 1000));
        if (lease.remaining > 0) {
          lease.remaining--;
          // What is known to be used: the shared count minus the permits this instance still holds.
          return {
            totalHits: Math.min(limit, lease.sharedCount - lease.remaining),
            timeToExpire: seconds,
            isBlocked: false,
            timeToBlockExpire: 0,
          };
        }
        if (lease.exhausted)
          return { totalHits: limit + 1, timeToExpire: seconds, isBlocked: true, timeToBlockExpire: seconds };
      }
      // Out of permits: one lease request per key at a time; concurrent requests wait for it and
      // then take from it (or ask again if others took everything first).
      let pending = this.inflight.get(key);
      if (!pending) {
        pending = this.lease(key, ttl, limit).finally(() => this.inflight.delete(key));
        this.inflight.set(key, pending);
      }
      await pending;
    }
  }

  private async lease(key: string, windowMs: number, limit: number): Promise<void> {
    const batch = Math.max(1, Math.min(MAX_BATCH, Math.floor(limit / BATCH_SHARE)));
    const { count, ttlMs } = await this.hit(key, windowMs, batch);
    const now = Date.now();
    const before = count - batch;
    const granted = Math.max(0, Math.min(batch, limit - before));
    const current = this.leases.get(key);
    // A lease of the same window keeps its unused permits; a new window (the counter restarted) does not.
    const sameWindow = current !== undefined && current.windowEnd > now && before > 0;
    const lease: Lease = {
      windowEnd: now + ttlMs,
      remaining: (sameWindow ? current.remaining : 0) + granted,
      sharedCount: before + granted,
      exhausted: count >= limit,
    };
    // Full: drop the leases of ended windows first; the memo drops the oldest one only if none has ended.
    if (this.leases.size >= MAX_LEASES && !this.leases.has(key)) this.evictExpired(now);
    this.leases.set(key, lease);
  }

  private evictExpired(now: number): void {
    for (const [k, l] of this.leases) if (l.windowEnd <= now) this.leases.delete(k);
  }

  private async hit(key: string, windowMs: number, by: number): Promise<{ count: number; ttlMs: number }> {
    try {
      const r = await this.kv.incrWindow(key, windowMs, by);
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
      return this.fallback.incrWindow(key, windowMs, by);
    }
  }
}
