import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './redis';

const run = promisify(execFile);

/**
 * Local Redis topologies for tests, from the Debian `redis-server` binary (a sentinel is `redis-server --sentinel`,
 * which is what the `redis-sentinel` binary is): a Redis Cluster of three primaries with one replica each, and a
 * Sentinel set (primary, replica, three sentinels). Each lives in a temp dir and is torn down by `stop()`.
 */
class RedisProcess {
  proc?: ChildProcess;
  constructor(
    readonly port: number,
    private readonly args: string[],
    private readonly cwd: string,
  ) {}

  start(): void {
    this.proc = spawn('redis-server', this.args, { cwd: this.cwd, stdio: 'ignore' });
  }

  /** SIGKILL: the process dies at once, as a crashed node does. */
  async kill(): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  }
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), ...args], { timeout: 20000 });
  return stdout;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const COMMON = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'];

export class LocalRedisCluster {
  private constructor(
    private readonly dir: string,
    readonly nodes: RedisProcess[],
  ) {}

  /** A seed URL (REDIS_URL in cluster mode). */
  get url(): string {
    return `redis://127.0.0.1:${this.nodes[0].port}`;
  }

  /** Every node as host:port (REDIS_CLUSTER_NODES). */
  get hostPorts(): string {
    return this.nodes.map((n) => `127.0.0.1:${n.port}`).join(',');
  }

  static async start(): Promise<LocalRedisCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'mcpcob-cluster-'));
    const nodes: RedisProcess[] = [];
    for (let i = 0; i < 6; i++) {
      const port = await freePort();
      const busPort = await freePort();
      const nodeDir = join(dir, String(i));
      mkdirSync(nodeDir);
      nodes.push(
        new RedisProcess(
          port,
          [
            '--port',
            String(port),
            '--cluster-port',
            String(busPort),
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            'nodes.conf',
            '--cluster-node-timeout',
            '1000',
            ...COMMON,
          ],
          nodeDir,
        ),
      );
    }
    const cluster = new LocalRedisCluster(dir, nodes);
    try {
      for (const n of nodes) n.start();
      for (const n of nodes) await waitFor(`node ${n.port}`, async () => (await cli(n.port, 'PING')).trim() === 'PONG');
      await run(
        'redis-cli',
        ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '1', '--cluster-yes'],
        { timeout: 30000 },
      );
      await waitFor('cluster state ok on every node', async () => {
        for (const n of nodes) if (!(await cli(n.port, 'CLUSTER', 'INFO')).includes('cluster_state:ok')) return false;
        return true;
      });
      await waitFor('three primaries with a replica each', async () => (await cluster.replicaCount()) === 3);
      // A replica that never synced cannot be promoted: wait for every replication link.
      await waitFor('every replica in sync', async () => {
        let synced = 0;
        for (const n of nodes)
          if ((await cli(n.port, 'INFO', 'replication')).includes('master_link_status:up')) synced++;
        return synced === 3;
      });
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  private async replicaCount(): Promise<number> {
    const lines = (await cli(this.nodes[0].port, 'CLUSTER', 'NODES')).split('\n').filter(Boolean);
    return lines.filter((l) => l.split(' ')[2].includes('slave') && !l.includes('fail')).length;
  }

  /** The node serving `key`'s slot as primary. */
  async primaryOf(key: string): Promise<RedisProcess> {
    const slot = Number((await cli(this.nodes[0].port, 'CLUSTER', 'KEYSLOT', key)).trim());
    const lines = (await cli(this.nodes[0].port, 'CLUSTER', 'NODES')).split('\n').filter(Boolean);
    for (const line of lines) {
      const parts = line.split(' ');
      if (!parts[2].includes('master') || parts[2].includes('fail')) continue;
      for (const range of parts.slice(8)) {
        const [a, b] = range.split('-').map(Number);
        if (slot >= a && slot <= (b ?? a)) {
          const port = Number(parts[1].split('@')[0].split(':')[1]);
          return this.nodes.find((n) => n.port === port)!;
        }
      }
    }
    throw new Error(`no primary for slot ${slot}`);
  }

  /** Kills `node` (a primary) and waits until its replica took over (cluster_state ok again). */
  async failover(node: RedisProcess): Promise<number> {
    const started = Date.now();
    await node.kill();
    const alive = this.nodes.find((n) => n !== node && n.proc)!;
    await waitFor(
      'a replica promoted',
      async () => {
        // The dead node flagged `fail` (not just `fail?`) and every slot served again.
        const line = (await cli(alive.port, 'CLUSTER', 'NODES')).split('\n').find((l) => l.includes(`:${node.port}@`));
        const flags = line?.split(' ')[2].split(',') ?? [];
        return flags.includes('fail') && (await cli(alive.port, 'CLUSTER', 'INFO')).includes('cluster_state:ok');
      },
      30000,
    );
    return Date.now() - started;
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.kill()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class LocalRedisSentinel {
  static readonly MASTER_NAME = 'mcpcob-primary';

  private constructor(
    private readonly dir: string,
    readonly primary: RedisProcess,
    readonly replica: RedisProcess,
    readonly sentinels: RedisProcess[],
  ) {}

  /** REDIS_URL in sentinel mode: the master name as host. */
  get url(): string {
    return `redis://${LocalRedisSentinel.MASTER_NAME}`;
  }

  /** REDIS_SENTINELS. */
  get hostPorts(): string {
    return this.sentinels.map((s) => `127.0.0.1:${s.port}`).join(',');
  }

  static async start(): Promise<LocalRedisSentinel> {
    const dir = mkdtempSync(join(tmpdir(), 'mcpcob-sentinel-'));
    const pPort = await freePort();
    const rPort = await freePort();
    const primary = new RedisProcess(pPort, ['--port', String(pPort), ...COMMON], dir);
    const replica = new RedisProcess(
      rPort,
      ['--port', String(rPort), '--replicaof', '127.0.0.1', String(pPort), ...COMMON],
      dir,
    );
    const sentinels: RedisProcess[] = [];
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const conf = join(dir, `sentinel-${i}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `sentinel monitor ${LocalRedisSentinel.MASTER_NAME} 127.0.0.1 ${pPort} 2`,
          `sentinel down-after-milliseconds ${LocalRedisSentinel.MASTER_NAME} 1000`,
          `sentinel failover-timeout ${LocalRedisSentinel.MASTER_NAME} 5000`,
          `sentinel parallel-syncs ${LocalRedisSentinel.MASTER_NAME} 1`,
          '',
        ].join('\n'),
      );
      sentinels.push(new RedisProcess(port, [conf, '--sentinel'], dir));
    }
    const set = new LocalRedisSentinel(dir, primary, replica, sentinels);
    try {
      primary.start();
      await waitFor('primary', async () => (await cli(pPort, 'PING')).trim() === 'PONG');
      replica.start();
      await waitFor('replica in sync', async () =>
        (await cli(rPort, 'INFO', 'replication')).includes('master_link_status:up'),
      );
      for (const s of sentinels) s.start();
      await waitFor('sentinels see the replica and each other', async () => {
        for (const s of sentinels) {
          const info = await cli(s.port, 'SENTINEL', 'MASTER', LocalRedisSentinel.MASTER_NAME);
          const fields = info.split('\n').map((l) => l.trim());
          const at = (k: string) => fields[fields.indexOf(k) + 1];
          if (at('num-slaves') !== '1' || at('num-other-sentinels') !== '2') return false;
        }
        return true;
      });
    } catch (err) {
      await set.stop();
      throw err;
    }
    return set;
  }

  /** The port of the current primary, as the sentinels say. */
  async primaryPort(): Promise<number> {
    const out = (
      await cli(this.sentinels[0].port, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', LocalRedisSentinel.MASTER_NAME)
    )
      .split('\n')
      .filter(Boolean);
    return Number(out[1]);
  }

  /** Kills the primary and waits until the sentinels promoted the replica; returns how long it took (ms). */
  async failover(): Promise<number> {
    const started = Date.now();
    const old = await this.primaryPort();
    await (old === this.primary.port ? this.primary : this.replica).kill();
    await waitFor('the replica promoted', async () => (await this.primaryPort()) !== old, 30000);
    return Date.now() - started;
  }

  async stop(): Promise<void> {
    await Promise.all([this.primary, this.replica, ...this.sentinels].map((n) => n.kill()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
