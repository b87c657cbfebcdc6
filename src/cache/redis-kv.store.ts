import { createClient, createCluster, createSentinel, RedisClientType } from '@redis/client';
import { KvStore, KvUnavailableError } from './kv-store';
import { routeSentinelConsole } from './sentinel-console.guard';

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

/** How the gateway reaches Redis (REDIS_MODE). */
export type RedisMode = 'standalone' | 'cluster' | 'sentinel';

export interface RedisKvOptions {
  /**
   * standalone: the server. cluster: one seed node. sentinel: `redis[s]://[user:password@]<master name>`.
   * Its user, password and scheme (rediss = TLS) apply to every data node in every mode.
   */
  url: string;
  commandTimeoutMs: number;
  onError?: (err: Error) => void;
  /** Default standalone. */
  mode?: RedisMode;
  /** cluster: more seed nodes; sentinel: the sentinels (host:port each). */
  nodes?: Array<{ host: string; port: number }>;
  /** sentinel: where the client's own console output goes (see sentinel-console.guard.ts); dropped when unset. */
  log?: (message: string) => void;
}

/**
 * The client surface the store and Keyv use: a standalone client, a cluster or a Sentinel-managed primary (node-redis
 * gives the three the same command methods).
 */
export type RedisKvClient = RedisClientType;

/**
 * KvStore on one node-redis client configured to fail fast: no offline queue (a dead Redis rejects
 * at once instead of queueing), a per-command timeout, bounded reconnect backoff. Every script
 * touches one key, so the store also works on Redis Cluster.
 */
export class RedisKvStore implements KvStore {
  readonly kind = 'redis' as const;
  readonly client: RedisKvClient;
  readonly mode: RedisMode;
  private closing = false;
  /** cluster: node-redis has no isReady for a cluster; false from a connection error until a command succeeds. */
  private clusterHealthy = false;
  private lastRediscoverAt = 0;
  private rediscovering?: Promise<void>;
  private releaseConsole?: () => void;

  constructor(private readonly options: RedisKvOptions) {
    this.mode = options.mode ?? 'standalone';
    const socket = {
      connectTimeout: Math.max(300, options.commandTimeoutMs),
      reconnectStrategy: (retries: number) => (this.closing ? false : Math.min(50 * 2 ** Math.min(retries, 6), 2000)),
    };
    if (this.mode === 'standalone') {
      this.client = createClient({
        url: options.url,
        disableOfflineQueue: true,
        // No per-command `timeout` here: node-redis implements it with an AbortSignal per command,
        // which cost ~30% of a cached read's throughput; run() bounds every command with one timer.
        socket,
      }) as RedisKvClient;
    } else {
      const u = new URL(options.url);
      const tls = u.protocol === 'rediss:';
      const auth = {
        ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
        ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
      };
      if (this.mode === 'cluster') {
        const seeds = [{ host: u.hostname, port: Number(u.port || 6379) }, ...(options.nodes ?? [])];
        this.client = createCluster({
          rootNodes: seeds.map((n) => ({ socket: { host: n.host, port: n.port } })),
          defaults: { ...auth, disableOfflineQueue: true, socket: { ...socket, ...(tls ? { tls: true } : {}) } },
          maxCommandRedirections: 8,
        }) as unknown as RedisKvClient;
      } else {
        this.client = createSentinel({
          name: decodeURIComponent(u.hostname),
          sentinelRootNodes: options.nodes ?? [],
          nodeClientOptions: {
            ...auth,
            disableOfflineQueue: true,
            socket: { ...socket, ...(tls ? { tls: true } : {}) },
          },
          sentinelClientOptions: { socket: { ...socket, ...(tls ? { tls: true } : {}) } },
          passthroughClientErrorEvents: true,
          scanInterval: 1000,
        }) as unknown as RedisKvClient;
        this.releaseConsole = routeSentinelConsole((message) => options.log?.(message));
      }
    }
    this.client.on('error', (err: Error) => {
      this.clusterHealthy = false;
      options.onError?.(err);
    });
    if (this.mode === 'cluster') this.client.on('node-error', () => this.rediscover());
  }

  /**
   * cluster: node-redis refreshes its slot map on MOVED/ASK replies only; a primary that died answers nothing, so the
   * commands of its slots would fail until a restart. On a node error or a failed command, ask the client to run its
   * own discovery again (at most every 500 ms): once a replica is promoted, the slots point at it.
   */
  private rediscover(): void {
    if (this.mode !== 'cluster' || this.closing || Date.now() - this.lastRediscoverAt < 500) return;
    this.lastRediscoverAt = Date.now();
    const slots = (this.client as unknown as { _slots?: { rediscover(start: unknown): Promise<void> } })._slots;
    const seed = (this.client as unknown as { _options?: { rootNodes?: unknown[] } })._options?.rootNodes?.[0];
    this.rediscovering = slots?.rediscover({ options: seed }).catch(() => undefined);
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
    return this.mode === 'cluster' ? this.client.isOpen && this.clusterHealthy : this.client.isReady;
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    // A cluster routes each command to its slot's node and rediscovers the topology on errors: always try.
    if (this.mode === 'cluster' ? !this.client.isOpen : !this.client.isReady)
      throw new KvUnavailableError('redis not connected');
    // node-redis drops a command's own timeout once the command is written, so a Redis that accepts
    // the connection but does not answer (paused, overloaded) would hang the request: race a timer.
    // When the timer fires, the verdict waits for setImmediate: after an event-loop stall the timers run before the
    // poll phase reads the replies that arrived meanwhile, and a reply already in the socket must win over the timer.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => setImmediate(() => reject(new KvUnavailableError('redis command timed out', { mayHaveApplied: true }))),
        this.options.commandTimeoutMs,
      );
    });
    try {
      const result = await Promise.race([fn(), timeout]);
      this.clusterHealthy = true;
      return result;
    } catch (err) {
      this.rediscover();
      throw err instanceof KvUnavailableError
        ? err
        : new KvUnavailableError('redis command failed', { cause: err, mayHaveApplied: true });
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
      if (this.mode === 'cluster') {
        // Every primary must answer: a slot without a primary fails the commands routed to it.
        const cluster = this.client as unknown as {
          masters: Array<{ address: string }>;
          nodeClient(n: unknown): unknown;
        };
        await Promise.all(
          cluster.masters.map(async (m) => {
            const c = (await cluster.nodeClient(m)) as { ping(): Promise<string> };
            await c.ping();
          }),
        );
      } else await this.client.ping();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    // A discovery still running would connect to the nodes it finds after the close.
    await this.rediscovering;
    try {
      if (this.client.isOpen) await this.client.close();
    } catch {
      this.client.destroy();
    } finally {
      this.releaseConsole?.();
    }
  }
}
