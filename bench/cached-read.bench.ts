/**
 * Cached charge read: bare node:http baseline vs the gateway on Express and on Fastify, in one run.
 * Servers are pinned to core 0 and the load generator (autocannon, this process) to core 1; rounds
 * alternate between servers; the median req/s of the rounds is compared with the baseline's.
 *
 *   npm run build && taskset -c 1 npm run bench -- --seconds 10 --rounds 3 --connections 50
 *
 * Needs Redis (REDIS_URL or 127.0.0.1:6379). Writes bench/results/cached-read.json.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { issueToken } from '../src/auth/token-issuer';

interface Target {
  name: string;
  port: number;
  cmd: string[];
  env: Record<string, string>;
}

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .join(' ')
    .split('--')
    .filter(Boolean)
    .map((a) => a.trim().split(/\s+/) as [string, string]),
);
const SECONDS = Number(args.seconds ?? 10);
const ROUNDS = Number(args.rounds ?? 3);
const CONNECTIONS = Number(args.connections ?? 50);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = randomBytes(32).toString('base64url');
const KEY = randomBytes(32).toString('hex');
const TENANT = `bench-${randomBytes(3).toString('hex')}`;

const common = {
  MCP_TOKEN_SECRET: SECRET,
  ENCRYPTION_KEY_HEX: KEY,
  WEBHOOK_HMAC_SECRET: randomBytes(32).toString('hex'),
  REDIS_URL,
  PATH: process.env.PATH ?? '',
};
const app = (adapter: string, port: number): Target => ({
  name: `nest-${adapter}`,
  port,
  cmd: ['node', 'dist/src/main.js'],
  env: {
    ...common,
    PORT: String(port),
    HOST: '127.0.0.1',
    HTTP_ADAPTER: adapter,
    NODE_ENV: 'production',
    SANDBOX_ENABLED: 'true',
    RATE_LIMIT: '1000000',
    RATE_LIMIT_WINDOW_SECONDS: '1',
    CHARGE_CACHE_TTL_SECONDS: '86400',
    LOG_LEVEL: 'info',
    REDIS_GLOBAL_PREFIX: `${TENANT}-g`,
  },
});
const targets: Target[] = [
  {
    name: 'node-http',
    port: 4100,
    cmd: ['node', 'scripts/run-ts.cjs', 'bench/baseline-server.ts'],
    env: { ...common, PORT: '4100' },
  },
  app('express', 4101),
  app('fastify', 4102),
];

function start(t: Target): ChildProcess {
  return spawn('taskset', ['-c', '0', ...t.cmd], { env: t.env, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitUp(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => fetch(`http://127.0.0.1:${port}/`));
      if (r.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server on ${port} did not start`);
}

async function run(url: string, token: string, seconds: number) {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  return { rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

async function main(): Promise<void> {
  const token = issueToken({
    secret: SECRET,
    encryptionKeyHex: KEY,
    tenantId: TENANT,
    providerId: 'sandbox',
    credentials: {},
    ttlSeconds: 3600,
    sessionTtlSeconds: 86400,
  });
  const procs = targets.map(start);
  try {
    await Promise.all(targets.map((t) => waitUp(t.port)));
    const created = await fetch(`http://127.0.0.1:4101/v1/charges`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'pix',
        amount: 1990,
        description: 'bench',
        payer: { name: 'Maria Silva', document: '52998224725' },
      }),
    });
    if (created.status !== 201) throw new Error(`create failed: ${created.status} ${await created.text()}`);
    const id = ((await created.json()) as { id: string }).id;
    const path = `/v1/charges/${id}`;
    for (const t of targets) await run(`http://127.0.0.1:${t.port}${path}`, token, 2); // warm-up
    const results: Record<string, Array<{ rps: number; p99: number; non2xx: number; errors: number }>> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of targets) {
        const r = await run(`http://127.0.0.1:${t.port}${path}`, token, SECONDS);
        (results[t.name] ??= []).push(r);
        process.stdout.write(
          `round ${round + 1} ${t.name}: ${r.rps.toFixed(0)} req/s p99 ${r.p99} ms non2xx ${r.non2xx}\n`,
        );
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const base = median(results['node-http'].map((r) => r.rps));
    const summary = targets.map((t) => {
      const rps = median(results[t.name].map((r) => r.rps));
      return {
        server: t.name,
        rps: Math.round(rps),
        ratio: Number((rps / base).toFixed(2)),
        p99Ms: median(results[t.name].map((r) => r.p99)),
        non2xx: results[t.name].reduce((a, r) => a + r.non2xx, 0),
      };
    });
    console.table(summary);
    const failing = summary.filter((s) => s.non2xx > 0).map((s) => s.server);
    if (failing.length) throw new Error(`non-2xx answers from ${failing.join(', ')}: the comparison is void`);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync(
      'bench/results/cached-read.json',
      JSON.stringify(
        {
          date: new Date().toISOString(),
          node: process.version,
          seconds: SECONDS,
          rounds: ROUNDS,
          connections: CONNECTIONS,
          summary,
        },
        null,
        2,
      ),
    );
  } finally {
    for (const p of procs) p.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
