import type { KvStore } from './kv-store';

interface Entry {
  value: string;
  expiresAt: number;
}

/** In-process KvStore for a single instance (no REDIS_URL). Same semantics as the Redis one. */
export class MemoryKvStore implements KvStore {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly maxEntries = 100_000) {
    this.sweeper = setInterval(() => this.sweep(), 30_000);
    this.sweeper.unref();
  }

  private live(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e && e.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  private put(key: string, value: string, ttlMs?: number): void {
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) this.sweep(true);
    this.entries.set(key, { value, expiresAt: ttlMs ? Date.now() + ttlMs : Number.POSITIVE_INFINITY });
  }

  async get(key: string): Promise<string | undefined> {
    return this.live(key)?.value;
  }

  async set(key: string, value: string, options: { ttlMs?: number; nx?: boolean } = {}): Promise<boolean> {
    if (options.nx && this.live(key)) return false;
    this.put(key, value, options.ttlMs);
    return true;
  }

  async del(...keys: string[]): Promise<void> {
    for (const k of keys) this.entries.delete(k);
  }

  async incrWindow(key: string, windowMs: number, by = 1): Promise<{ count: number; ttlMs: number }> {
    const e = this.live(key);
    if (!e) {
      this.put(key, String(by), windowMs);
      return { count: by, ttlMs: windowMs };
    }
    e.value = String(Number(e.value) + by);
    return { count: Number(e.value), ttlMs: Math.max(0, e.expiresAt - Date.now()) };
  }

  async compareAndSet(key: string, expected: string, value: string, ttlMs?: number): Promise<boolean> {
    const e = this.live(key);
    if (!e || e.value !== expected) return false;
    this.put(key, value, ttlMs ?? (Number.isFinite(e.expiresAt) ? e.expiresAt - Date.now() : undefined));
    return true;
  }

  async ping(): Promise<void> {}

  /** Drops expired entries; when full, also the oldest ones (memory stays bounded). */
  private sweep(evict = false): void {
    const now = Date.now();
    for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
    if (evict) {
      let excess = this.entries.size - Math.floor(this.maxEntries * 0.9);
      for (const k of this.entries.keys()) {
        if (excess-- <= 0) break;
        this.entries.delete(k);
      }
    }
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
