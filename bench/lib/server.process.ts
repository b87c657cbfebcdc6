import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort } from '../../test/helpers/redis';
import type { BenchContext } from './bench.context';

export interface ServerSpec {
  name: string;
  /** Node arguments and script, e.g. ['dist/src/main.js']; a function when the port is an argument. */
  args: string[] | ((port: number) => string[]);
  env: Record<string, string>;
  /** Path answering 200 once the server is ready; undefined: any answer below 500 on `/`. */
  readyPath?: string;
  /** Replaces the HTTP readiness probe (e.g. an mTLS server). */
  isReady?: (port: number) => Promise<boolean>;
}

/** A server process pinned to core 0 (taskset), started from the repository root. */
export class BenchServer {
  private exited: Promise<void>;

  private constructor(
    readonly spec: ServerSpec,
    readonly port: number,
    readonly proc: ChildProcess,
    readonly spawnedAt: number,
  ) {
    this.exited = new Promise((resolve) => proc.once('exit', () => resolve()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Spawns the server on a free port and waits until it is ready; `readyMs` is spawn -> first ready answer. */
  static async start(spec: ServerSpec, timeoutMs = 60_000): Promise<BenchServer & { readyMs: number }> {
    const port = await freePort();
    const args = typeof spec.args === 'function' ? spec.args(port) : spec.args;
    const proc = spawn('taskset', ['-c', '0', process.execPath, ...args], {
      env: { ...spec.env, PORT: String(port), PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const server = new BenchServer(spec, port, proc, performance.now());
    let exitCode: number | null = null;
    proc.once('exit', (code) => (exitCode = code ?? -1));
    const path = spec.readyPath ?? '/';
    while (performance.now() - server.spawnedAt < timeoutMs) {
      if (exitCode !== null) throw new Error(`${spec.name} exited with ${exitCode} before it was ready`);
      const ready = spec.isReady
        ? await spec.isReady(port)
        : await fetch(`${server.url}${path}`).then(
            (r) => (void r.body?.cancel(), spec.readyPath ? r.status === 200 : r.status < 500),
            () => false,
          );
      if (ready) return Object.assign(server, { readyMs: performance.now() - server.spawnedAt });
      await new Promise((r) => setTimeout(r, 10));
    }
    await server.stop();
    throw new Error(`${spec.name} was not ready after ${timeoutMs} ms`);
  }

  /** Resident set size in MB (from /proc: the process taskset exec'd into keeps the pid). */
  rssMb(): number {
    const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
    return kb / 1024;
  }

  /** SIGTERM, then SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

export type Adapter = 'fastify' | 'express';

/**
 * The node options production runs with: those of `npm run start:prod` (the Dockerfile sets the same in NODE_OPTIONS),
 * read from package.json so the bench measures what ships.
 */
export const PRODUCTION_NODE_FLAGS: string[] = (
  (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['start:prod'] ?? ''
)
  .split(/\s+/)
  .filter((arg) => arg.startsWith('--'));

/** The built gateway (dist/src/main.js) in production mode with the sandbox on and rate limits out of the way. */
export function gatewaySpec(
  ctx: BenchContext,
  o: { adapter: Adapter; logLevel?: string; env?: Record<string, string>; nodeArgs?: string[] },
): ServerSpec {
  const logLevel = o.logLevel ?? 'info';
  return {
    name: `${o.adapter}${logLevel === 'info' ? '' : ` (LOG_LEVEL=${logLevel})`}`,
    args: [...PRODUCTION_NODE_FLAGS, ...ctx.opts.gatewayNodeFlags, ...(o.nodeArgs ?? []), 'dist/src/main.js'],
    readyPath: '/health/ready',
    env: {
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      HTTP_ADAPTER: o.adapter,
      LOG_LEVEL: logLevel,
      MCP_TOKEN_SECRET: ctx.secret,
      ENCRYPTION_KEY_HEX: ctx.encryptionKeyHex,
      WEBHOOK_HMAC_SECRET: ctx.webhookSecret,
      REDIS_URL: ctx.redisUrl,
      REDIS_GLOBAL_PREFIX: ctx.globalPrefix,
      SANDBOX_ENABLED: 'true',
      RATE_LIMIT: '1000000',
      TOKEN_MAX_TTL_SECONDS: '86400',
      RATE_LIMIT_WINDOW_SECONDS: '1',
      CHARGE_CACHE_TTL_SECONDS: '86400',
      ...o.env,
    },
  };
}

/** The bare node:http baseline (bench/baseline-server.ts): the essential work of a cached read, nothing else. */
export function baselineSpec(ctx: BenchContext): ServerSpec {
  return {
    name: 'node:http baseline',
    args: ['scripts/run-ts.cjs', 'bench/baseline-server.ts'],
    env: { MCP_TOKEN_SECRET: ctx.secret, ENCRYPTION_KEY_HEX: ctx.encryptionKeyHex, REDIS_URL: ctx.redisUrl },
  };
}

/** Starts servers one after the other (they share core 0); stops the started ones if one fails. */
export async function startAll(specs: ServerSpec[]): Promise<BenchServer[]> {
  const started: BenchServer[] = [];
  try {
    for (const s of specs) started.push(await BenchServer.start(s));
    return started;
  } catch (err) {
    await stopAll(started);
    throw err;
  }
}

export async function stopAll(servers: BenchServer[]): Promise<void> {
  await Promise.all(servers.map((s) => s.stop()));
}
