import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection, createServer } from 'node:net';
import { openKeyClient, publishedTopologyUrl } from './redis-topology';

/**
 * Real Redis for tests, never a mock: REDIS_URL when set, else 127.0.0.1:6379 when it answers,
 * else a redis-server started from PATH on a free port, else a clear failure. With TEST_REDIS_TOPOLOGY=cluster or
 * sentinel, the topology the e2e globalSetup started instead (test/helpers/redis-topology.ts).
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function answersPing(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

function hasRedisServer(): boolean {
  return spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status === 0;
}

/** A redis-server process the test owns: it can be stopped and started again on the same port. */
export class DisposableRedis {
  private proc?: ChildProcess;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<DisposableRedis> {
    if (!hasRedisServer()) {
      throw new Error(
        'redis-server is not on PATH. Install Redis (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.',
      );
    }
    const r = new DisposableRedis(await freePort());
    await r.startProcess();
    return r;
  }

  async startProcess(): Promise<void> {
    this.proc = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100; i++) {
      if (await answersPing('127.0.0.1', this.port, 200)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  /** Freezes the server (SIGSTOP): connections stay open but nothing answers. */
  pause(): void {
    this.proc?.kill('SIGSTOP');
  }

  resume(): void {
    this.proc?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    this.resume();
    const proc = this.proc;
    this.proc = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  }
}

let shared: Promise<string> | undefined;
let sharedOwned: DisposableRedis | undefined;

/** The Redis URL this test run uses (see the class comment for how it is found). */
export function testRedisUrl(): Promise<string> {
  shared ??= (async () => {
    const topology = publishedTopologyUrl();
    if (topology) return topology;
    if (process.env.REDIS_URL) return process.env.REDIS_URL;
    if (await answersPing('127.0.0.1', 6379)) return 'redis://127.0.0.1:6379';
    sharedOwned = await DisposableRedis.start();
    return sharedOwned.url;
  })();
  return shared;
}

export async function stopOwnedRedis(): Promise<void> {
  await sharedOwned?.stop();
}

/** Every value uniquePrefix handed out in this test file: the names its Redis keys are built from. */
const GENERATED = new Set<string>();

/**
 * A key prefix unique to this run, so parallel and repeated runs never collide. Every tenant id, key
 * prefix and REDIS_GLOBAL_PREFIX of the suites comes from here, so deleteRunKeys can find their keys.
 */
export function uniquePrefix(label = 't'): string {
  const value = `${label}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  GENERATED.add(value);
  return value;
}

/**
 * Deletes, from the run's test Redis, every key this test file wrote: a tenant key is
 * `<redisKeyPrefix>:<tenantId>:…` and a service-wide one `<REDIS_GLOBAL_PREFIX>:…`, so a key whose first or
 * second segment is a value uniquePrefix generated here is one of ours (and nobody else's: the values are
 * unique). One SCAN pass; keys of other runs and other users of a shared Redis are left alone. Then stops the
 * redis-server the file started, if it had to. Run after every e2e file (test/helpers/redis-cleanup.ts).
 */
export async function deleteRunKeys(): Promise<number> {
  if (!shared || GENERATED.size === 0) return 0;
  const url = await shared.catch(() => undefined);
  if (!url) return 0;
  const client = await openKeyClient(url);
  let deleted = 0;
  try {
    for await (const batch of client.scan(undefined, 1000)) {
      const ours = batch.filter((key) => {
        const [first, second] = key.split(':', 2);
        return GENERATED.has(first) || (second !== undefined && GENERATED.has(second));
      });
      if (ours.length) deleted += await client.del(ours);
    }
  } finally {
    await client.close();
  }
  await stopOwnedRedis();
  return deleted;
}

/** Every key (and its value) under a pattern, for assertions (every primary of a cluster). */
export async function scanKeys(url: string, pattern: string): Promise<Map<string, string>> {
  const client = await openKeyClient(url);
  const out = new Map<string, string>();
  try {
    for await (const batch of client.scan(pattern)) for (const key of batch) out.set(key, await client.read(key));
  } finally {
    await client.close();
  }
  return out;
}

/** Deletes every key under a pattern (test clean-up). */
export async function deleteKeys(url: string, pattern: string): Promise<void> {
  const client = await openKeyClient(url);
  try {
    for await (const keys of client.scan(pattern)) if (keys.length) await client.del(keys);
  } finally {
    await client.close();
  }
}
