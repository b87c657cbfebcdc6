/**
 * How many gateway replicas one Redis carries, from figures measured on this machine:
 *   taskset -c 1 node scripts/run-ts.cjs bench/redis-standalone-capacity.bench.ts
 * 1. Redis commands per request, per route (INFO commandstats before/after N requests).
 * 2. Requests/s one replica serves on one core (autocannon, pinned to the other core).
 * 3. Commands/s one Redis core serves (redis-benchmark on the other core: the rate-limit EVAL, GET/SET).
 * It starts its own redis-server and app (Fastify), and prints a JSON summary.
 */
import { execFileSync } from 'node:child_process';
import { createClient } from 'redis';
import { ADAPTERS, startTestApp } from '../test/helpers/app';
import { DisposableRedis, uniquePrefix } from '../test/helpers/redis';
import { testToken } from '../test/helpers/tokens';
import { autocannonOnCore0 } from './lib/autocannon.child';

const INCR_WINDOW =
  "local c = redis.call('INCR', KEYS[1]) if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end local t = redis.call('PTTL', KEYS[1]) return {c, t}";
const pix = {
  type: 'pix',
  amount: 1990,
  description: 'capacity',
  payer: { name: 'Maria da Silva', document: '123.456.789-09' },
};

interface Commands {
  scripts: number;
  others: number;
}

async function commandsOf(url: string): Promise<Commands> {
  const c = createClient({ url });
  await c.connect();
  const info = await c.info('commandstats');
  await c.close();
  const out = { scripts: 0, others: -1 }; // minus the INFO call itself
  for (const m of info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) {
    if (/^eval/.test(m[1])) out.scripts += Number(m[2]);
    else out.others += Number(m[2]);
  }
  return out;
}

async function perRequest(url: string, n: number, send: (i: number) => Promise<number>): Promise<Commands> {
  const before = await commandsOf(url);
  for (let i = 0; i < n; i++) {
    const status = await send(i);
    if (status >= 400) throw new Error(`request answered ${status}`);
  }
  const after = await commandsOf(url);
  const round = (v: number) => Math.round(v * 100) / 100;
  return { scripts: round((after.scripts - before.scripts) / n), others: round((after.others - before.others) / n) };
}

function benchmark(port: number, args: string[]): number {
  const out = execFileSync(
    'taskset',
    ['-c', '1', 'redis-benchmark', '-p', String(port), '-c', '50', '-n', '200000', '-q', ...args],
    { encoding: 'utf8' },
  );
  return Number(/([\d.]+) requests per second/.exec(out)?.[1]);
}

async function main(): Promise<void> {
  const redis = await DisposableRedis.start();
  // Redis beside the load generator on core 0, the gateway alone on core 1.
  const info = execFileSync('redis-cli', ['-p', String(redis.port), 'info', 'server'], { encoding: 'utf8' });
  execFileSync('taskset', ['-pc', '0', /process_id:(\d+)/.exec(info)?.[1] ?? '']);
  const adapter = ADAPTERS.includes('fastify') ? 'fastify' : 'express';
  const t = await startTestApp({ adapter, redis: redis.url, env: { LOG_LEVEL: 'warn', RATE_LIMIT: '1000000' } });
  const auth = `Bearer ${testToken({ tenantId: uniquePrefix('cap') })}`;
  const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const created = await post('/v1/charges', pix);
  const charge = (await created.json()) as { providerChargeId?: string; provider_charge_id?: string; id?: string };
  const id = charge.providerChargeId ?? charge.provider_charge_id ?? charge.id;
  if (created.status >= 300 || !id)
    throw new Error(`could not create a sandbox charge: ${created.status} ${JSON.stringify(charge)}`);

  const perRoute = {
    cachedRead: await perRequest(
      redis.url,
      500,
      async () => (await fetch(`${t.url}/v1/charges/${id}`, { headers: { authorization: auth } })).status,
    ),
    createWithIdempotencyKey: await perRequest(
      redis.url,
      200,
      async (i) => (await post('/v1/charges', pix, { 'idempotency-key': uniquePrefix(`k${i}`) })).status,
    ),
    initialize: await perRequest(redis.url, 200, async () => (await post('/initialize')).status),
  };
  // The server runs in this process: the load generator must run beside it, not block it.
  const result = await autocannonOnCore0([
    '-c',
    '50',
    '-w',
    '3',
    '-d',
    '10',
    '-j',
    '-H',
    `authorization=${auth}`,
    `${t.url}${process.env.CAPACITY_PATH ?? `/v1/charges/${id}`}`,
  ]);
  await t.close();

  const evalPerSec = benchmark(redis.port, ['-r', '100000', 'eval', INCR_WINDOW, '1', 'rl:__rand_int__', '60000']);
  const getSetPerSec = benchmark(redis.port, ['-r', '100000', '-t', 'get,set']);
  await redis.stop();
  // Redis time one cached read costs, from the measured rate of each command kind.
  const redisSecondsPerRead = perRoute.cachedRead.scripts / evalPerSec + perRoute.cachedRead.others / getSetPerSec;
  const replicaReqPerSec = result.requests.average;
  const replicas = 1 / (redisSecondsPerRead * replicaReqPerSec);
  process.stdout.write(
    `${JSON.stringify({ adapter, perRoute, replicaReqPerSec, replicaP99Ms: result.latency.p99, non2xx: result.non2xx, evalPerSec, getSetPerSec, replicasAtFullLoadOnCachedReads: Math.floor(replicas) }, null, 2)}\n`,
  );
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
