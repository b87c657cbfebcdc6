/**
 * Redis capacity on a Redis Cluster (three primaries, one replica each, test/helpers/redis-topologies.ts):
 *
 *   node scripts/run-ts.cjs bench/redis-capacity.bench.ts [--ops 300] [--seconds 5]
 *
 * 1. Redis commands per operation: `INFO commandstats` deltas summed over every primary, around N sequential
 *    operations on gateways started in this process (createApp through test/helpers/app.ts, REDIS_MODE=cluster), the
 *    idle rate (BullMQ's worker polling) subtracted, connection housekeeping (INFO, CLUSTER, PING, HELLO, CLIENT,
 *    REPLCONF) left out; a script's inner calls count as commands (`INFO commandstats` counts them).
 * 2. One primary's ops/s (redis-benchmark pinned to core 0, the primary to core 1): GET, SET and the rate-limit EVAL,
 *    on keys of that primary's own slots.
 * 3. One gateway's cached-read req/s (autocannon, in-process app), to turn both into replicas per shard.
 * Not part of `npm test`. Prints a JSON summary; the README's Kubernetes section quotes it.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { boletoBody, sandboxTenant, Tenant } from '../test/charges/charge-fixtures';
import { startTestApp, TestApp } from '../test/helpers/app';
import { LocalRedisCluster } from '../test/helpers/redis-topologies';
import { TestConsumer } from '../test/webhooks/consumer';
import { autocannonOnCore0 } from './lib/autocannon.child';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const OPS = arg('ops', 300);
const SECONDS = arg('seconds', 5);
const HOUSEKEEPING = /^(info|cluster|ping|hello|client|command|config|select|auth|replconf)(\||$)/;
const INCR_WINDOW = `local c = redis.call('INCRBY', KEYS[1], ARGV[2]) if c == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end local t = redis.call('PTTL', KEYS[1]) return {c, t}`;

const cli = (port: number, ...args: string[]) =>
  execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' });

/** The primaries' ports, from CLUSTER NODES. */
function primaries(cluster: LocalRedisCluster): number[] {
  return cli(cluster.nodes[0].port, 'CLUSTER', 'NODES')
    .split('\n')
    .filter((l) => l.includes('master') && !l.includes('fail'))
    .map((l) => Number(l.split(' ')[1].split('@')[0].split(':')[1]));
}

type Counts = Map<string, number>;

/** calls per command, summed over the primaries; `perNode` keeps each primary's total. */
function commandstats(ports: number[]): { total: Counts; perNode: number[] } {
  const total: Counts = new Map();
  const perNode = ports.map((port) => {
    let sum = 0;
    for (const m of cli(port, 'INFO', 'commandstats').matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)) {
      if (HOUSEKEEPING.test(m[1])) continue;
      total.set(m[1], (total.get(m[1]) ?? 0) + Number(m[2]));
      sum += Number(m[2]);
    }
    return sum;
  });
  return { total, perNode };
}

function delta(before: Counts, after: Counts): Counts {
  const out: Counts = new Map();
  for (const [k, v] of after) if (v - (before.get(k) ?? 0) > 0) out.set(k, v - (before.get(k) ?? 0));
  return out;
}

const sum = (c: Counts) => [...c.values()].reduce((a, b) => a + b, 0);
const round = (v: number) => Math.round(v * 100) / 100;

async function main(): Promise<void> {
  const cluster = await LocalRedisCluster.start();
  const consumer = await new TestConsumer().start();
  const env = { REDIS_MODE: 'cluster', REDIS_CLUSTER_NODES: cluster.hostPorts, LOG_LEVEL: 'warn' };
  const apps: TestApp[] = [];
  const start = async (extra: Record<string, string>) => {
    const t = await startTestApp({ redis: cluster.url, env: { ...env, ...extra } });
    apps.push(t);
    return t;
  };
  try {
    // Lease of 100 permits (RATE_LIMIT/50, at most 100): the per-operation figures carry 0.01 EVAL of rate limit.
    const plain = await start({ RATE_LIMIT: '1000000' });
    // RATE_LIMIT=1000: a lease of 20 permits, to measure what a lease costs.
    const leased = await start({ RATE_LIMIT: '1000' });
    const hooked = await start({ RATE_LIMIT: '1000000', WEBHOOK_FORWARD_URL: consumer.url });
    const ports = primaries(cluster);

    const call = async (t: TestApp, tenant: Tenant, method: string, path: string, body?: unknown, key?: string) => {
      const res = await fetch(`${t.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${tenant.token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = (await res.json()) as { id?: string };
      if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
      return json;
    };
    const create = async (t: TestApp, a: Tenant) => (await call(t, a, 'POST', '/v1/charges', boletoBody())).id!;

    // Idle rate: commands the open gateways send with no request (BullMQ worker polling, stalled-job checks).
    const idle0 = commandstats(ports);
    await new Promise((r) => setTimeout(r, 3000));
    const idlePerMs = sum(delta(idle0.total, commandstats(ports).total)) / 3000;

    const measure = async (n: number, op: (i: number) => Promise<unknown>, settle?: () => Promise<void>) => {
      const before = commandstats(ports);
      const started = Date.now();
      for (let i = 0; i < n; i++) await op(i);
      await settle?.();
      const after = commandstats(ports);
      const d = delta(before.total, after.total);
      const idle = idlePerMs * (Date.now() - started);
      const share = after.perNode.map((v, i) => v - before.perNode[i]);
      const all = Math.max(
        1,
        share.reduce((x, y) => x + y, 0),
      );
      return {
        perOp: round((sum(d) - idle) / n),
        byCommand: Object.fromEntries([...d].map(([k, v]) => [k, round(v / n)])),
        /** How the operation's commands spread over the three primaries. */
        primaryShare: share.map((v) => round(v / all)),
      };
    };

    const a = sandboxTenant();
    const readId = await create(plain, a);
    await call(plain, a, 'GET', `/v1/charges/${readId}`); // cached from here on
    const ids: string[] = [];
    const keyed: Array<{ key: string; body: unknown }> = [];
    const figures = {
      cachedRead: await measure(OPS, () => call(plain, a, 'GET', `/v1/charges/${readId}`)),
      createWithoutKey: await measure(OPS, async () => ids.push(await create(plain, a))),
      keyedCreate: await measure(OPS, async () => {
        const k = { key: randomUUID(), body: boletoBody() };
        keyed.push(k);
        await call(plain, a, 'POST', '/v1/charges', k.body, k.key);
      }),
      replay: await measure(OPS, (i) => call(plain, a, 'POST', '/v1/charges', keyed[i].body, keyed[i].key)),
      cancel: await measure(OPS, (i) => call(plain, a, 'POST', `/v1/charges/${ids[i]}/cancel`)),
      // Reads on the RATE_LIMIT=1000 gateway minus the same reads on the other: what the extra leases cost.
      cachedReadLease20: await measure(OPS, () => call(leased, a, 'GET', `/v1/charges/${readId}`)),
    };
    // A sandbox payment with and without an event destination: the difference is one event enqueued and delivered.
    const b = sandboxTenant();
    const unpaid = [] as string[];
    for (let i = 0; i < 2 * OPS; i++) unpaid.push(await create(hooked, b));
    const payNoHook = await measure(OPS, (i) => call(plain, b, 'POST', `/v1/sandbox/charges/${unpaid[i]}/pay`));
    const delivered = consumer.events.length;
    const payHook = await measure(
      OPS,
      (i) => call(hooked, b, 'POST', `/v1/sandbox/charges/${unpaid[OPS + i]}/pay`),
      () => consumer.waitFor(() => consumer.events.length >= delivered + OPS, 60000),
    );

    // One primary's ops/s, alone on core 1, redis-benchmark on core 0, keys of that primary's slots (a hash tag).
    const port = ports[0];
    const pid = /process_id:(\d+)/.exec(cli(port, 'INFO', 'server'))![1];
    execFileSync('taskset', ['-pc', '1', pid]);
    let tag = 0;
    while (primaryOfSlot(cluster, `{b${tag}}`) !== port) tag++;
    const bench = (...cmd: string[]) => {
      const out = execFileSync(
        'taskset',
        ['-c', '0', 'redis-benchmark', '-p', String(port), '-c', '50', '-n', '200000', '-r', '100000', '-q', ...cmd],
        { encoding: 'utf8' },
      );
      return Math.round(Number(/([\d.]+) requests per second/.exec(out)?.[1]));
    };
    const primaryOpsPerSec = {
      get: bench('GET', `{b${tag}}:__rand_int__`),
      set: bench('SET', `{b${tag}}:__rand_int__`, 'v'),
      rateLimitEval: bench('EVAL', INCR_WINDOW, '1', `{b${tag}}:rl:__rand_int__`, '60000', '1'),
    };

    // One gateway's cached reads per second: this process (the gateway) alone on core 1, autocannon and Redis on 0.
    execFileSync('taskset', ['-pc', '0', pid]);
    execFileSync('taskset', ['-apc', '1', String(process.pid)]);
    const replica = await autocannonOnCore0([
      '-c',
      '50',
      '-d',
      String(SECONDS),
      '-j',
      '-H',
      `authorization=Bearer ${a.token}`,
      `${plain.url}/v1/charges/${readId}`,
    ]);

    const c = figures.cachedRead.perOp;
    const p = Math.min(primaryOpsPerSec.get, primaryOpsPerSec.set, primaryOpsPerSec.rateLimitEval);
    process.stdout.write(
      `${JSON.stringify(
        {
          ops: OPS,
          idleCommandsPerSecond: round(idlePerMs * 1000),
          commandsPerOperation: {
            ...figures,
            rateLimitLease: round((figures.cachedReadLease20.perOp - c) * 20),
            webhookEventEnqueueAndDelivery: round(payHook.perOp - payNoHook.perOp),
            payNoHook,
            payHook,
          },
          primaryOpsPerSec,
          replicaCachedReadsPerSec: Math.round(replica.requests.average),
          replicaP99Ms: replica.latency.p99,
          replicasPerPrimaryAtFullLoadOnCachedReads: round(p / (replica.requests.average * c)),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    for (const t of apps) await t.close().catch(() => undefined);
    await consumer.stop();
    await cluster.stop();
  }
  process.exit(0);
}

function primaryOfSlot(cluster: LocalRedisCluster, key: string): number {
  const slot = Number(cli(cluster.nodes[0].port, 'CLUSTER', 'KEYSLOT', key));
  for (const line of cli(cluster.nodes[0].port, 'CLUSTER', 'NODES').split('\n').filter(Boolean)) {
    const parts = line.split(' ');
    if (!parts[2].includes('master') || parts[2].includes('fail')) continue;
    for (const range of parts.slice(8)) {
      const [lo, hi] = range.split('-').map(Number);
      if (slot >= lo && slot <= (hi ?? lo)) return Number(parts[1].split('@')[0].split(':')[1]);
    }
  }
  return -1;
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
