import { createClient, RedisClientType } from 'redis';
import { KvStore, KvUnavailableError } from './kv-store';

const INCR_WINDOW = `local c = redis.call('INCRBY', KEYS[1], ARGV[2])
if c == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); t = tonumber(ARGV[1]) end
return {c, t}`;

const COMPARE_AND_SET = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) else redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') end
  return 1
end
return 0`;

export interface RedisKvOptions {
  url: string;
  commandTimeoutMs: number;
  onError?: (err: Error) => void;
}

/**
 * KvStore on one node-redis client configured to fail fast: no offline queue (a dead Redis rejects
 * at once instead of queueing), a per-command timeout, bounded reconnect backoff. Every script
 * touches one key, so the store also works on Redis Cluster.
 */
export class RedisKvStore implements KvStore {
  readonly kind = 'redis' as const;
  readonly client: RedisClientType;
  private closing = false;

  constructor(private readonly options: RedisKvOptions) {
    this.client = createClient({
      url: options.url,
      disableOfflineQueue: true,
      // No per-command `timeout` here: node-redis implements it with an AbortSignal per command,
      // which cost ~30% of a cached read's throughput; run() bounds every command with one timer.
      socket: {
        connectTimeout: Math.max(300, options.commandTimeoutMs),
        reconnectStrategy: (retries: number) => (this.closing ? false : Math.min(50 * 2 ** Math.min(retries, 6), 2000)),
      },
    }) as RedisClientType;
    this.client.on('error', (err: Error) => options.onError?.(err));
  }

  /** Starts connecting; resolves when connected or after `waitMs` (the app still boots when Redis is down). */
  async connect(waitMs = 1500): Promise<boolean> {
    const connecting = this.client.connect().then(
      () => true,
      () => false,
    );
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), waitMs).unref());
    return Promise.race([connecting, timeout]);
  }

  get ready(): boolean {
    return this.client.isReady;
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.client.isReady) throw new KvUnavailableError('redis not connected');
    // node-redis drops a command's own timeout once the command is written, so a Redis that accepts
    // the connection but does not answer (paused, overloaded) would hang the request: race a timer.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new KvUnavailableError('redis command timed out')),
        this.options.commandTimeoutMs,
      );
    });
    try {
      return await Promise.race([fn(), timeout]);
    } catch (err) {
      throw err instanceof KvUnavailableError ? err : new KvUnavailableError('redis command failed', { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  get(key: string): Promise<string | undefined> {
    return this.run(async () => (await this.client.get(key)) ?? undefined);
  }

  set(key: string, value: string, options: { ttlMs?: number; nx?: boolean } = {}): Promise<boolean> {
    return this.run(async () => {
      const reply = await this.client.set(key, value, {
        ...(options.ttlMs
          ? { expiration: { type: 'PX' as const, value: Math.max(1, Math.round(options.ttlMs)) } }
          : {}),
        ...(options.nx ? { condition: 'NX' as const } : {}),
      });
      return reply === 'OK';
    });
  }

  del(...keys: string[]): Promise<void> {
    return this.run(async () => {
      if (keys.length > 0) for (const k of keys) await this.client.del(k);
    });
  }

  incrWindow(key: string, windowMs: number, by = 1): Promise<{ count: number; ttlMs: number }> {
    return this.run(async () => {
      const [count, ttl] = (await this.client.eval(INCR_WINDOW, {
        keys: [key],
        arguments: [String(windowMs), String(by)],
      })) as [number, number];
      return { count: Number(count), ttlMs: Number(ttl) };
    });
  }

  compareAndSet(key: string, expected: string, value: string, ttlMs?: number): Promise<boolean> {
    return this.run(async () => {
      const r = await this.client.eval(COMPARE_AND_SET, {
        keys: [key],
        arguments: [expected, value, String(Math.round(ttlMs ?? 0))],
      });
      return Number(r) === 1;
    });
  }

  ping(): Promise<void> {
    return this.run(async () => {
      await this.client.ping();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    try {
      if (this.client.isOpen) await this.client.close();
    } catch {
      this.client.destroy();
    }
  }
}
