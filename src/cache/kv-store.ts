/**
 * The small key-value contract every piece of shared state goes through (idempotency records,
 * rate-limit counters, provider sessions, the sandbox bank). Two implementations: Redis (shared by
 * all replicas) and memory (one process, the embedded default).
 *
 * Methods reject with KvUnavailableError when the store cannot answer in time: each caller decides
 * whether that means "miss" (read cache), 503 (idempotency, sandbox) or a local fallback (rate limits).
 */
export interface KvStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | undefined>;
  /** Sets a value; with `nx` only when absent. Returns false when `nx` found the key taken. */
  set(key: string, value: string, options?: { ttlMs?: number; nx?: boolean }): Promise<boolean>;
  del(...keys: string[]): Promise<void>;
  /** Adds `by` (default 1) to a counter that expires `windowMs` after its first hit; returns the count and ms left. */
  incrWindow(key: string, windowMs: number, by?: number): Promise<{ count: number; ttlMs: number }>;
  /** Replaces the value only if it still equals `expected` (compare-and-set); returns whether it did. */
  compareAndSet(key: string, expected: string, value: string, ttlMs?: number): Promise<boolean>;
  ping(): Promise<void>;
}
export const KvStore = Symbol('KvStore');
/** The store for idempotency records (IDEMPOTENCY_REDIS_URL when set, else the same as KvStore). */
export const IdempotencyKvStore = Symbol('IdempotencyKvStore');

/**
 * The store did not answer a command. `mayHaveApplied` is true when the command was sent (timed out or failed after
 * it), so a write may still land; false when it never left (not connected). A duck-typed property, so the provider
 * library can read it without importing the app.
 */
export class KvUnavailableError extends Error {
  readonly mayHaveApplied: boolean;
  constructor(message = 'key-value store unavailable', options?: { cause?: unknown; mayHaveApplied?: boolean }) {
    super(message, options);
    this.name = 'KvUnavailableError';
    this.mayHaveApplied = options?.mayHaveApplied ?? false;
  }
}
