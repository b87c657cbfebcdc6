import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ComposeFile,
  dockerRunArgs,
  interpolate,
  InterpolationError,
  parseEnvFile,
  readComposeFile,
} from './compose-file';
import { freePort } from '../helpers/redis';

/**
 * `npm run test:image`: the Dockerfile built for real and the image run with docker-compose-final.yml's settings
 * (non-root, read-only root filesystem, every capability dropped, no-new-privileges) next to a Redis container started
 * as the compose file starts it, from a filled-in copy of .env.production.example.
 *
 * Host networking only (dockerd runs without a bridge here; traffic stays on loopback): the two containers get free
 * ports instead of the compose network's 3000 and 6379, and `redis` resolves to 127.0.0.1 (--add-host). Needs a Docker
 * engine and the base images (`.ci/run` starts one and builds local stand-ins of the bases when Docker Hub does not
 * answer). Prints the image size and the build time.
 */
const IMAGE_TIMEOUT = 15 * 60_000;
jest.setTimeout(IMAGE_TIMEOUT);

const ROOT = join(__dirname, '..', '..');
const run = (tag: string) => `mcpcob-imgtest-${tag}-${randomBytes(3).toString('hex')}`;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function docker(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      'docker',
      args,
      { env: { ...process.env, ...opts.env }, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
      },
    );
  });
}

async function dockerOk(args: string[], opts?: { env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<string> {
  const r = await docker(args, opts);
  if (r.code !== 0)
    throw new Error(`docker ${args.slice(0, 3).join(' ')} … failed (${r.code}): ${r.stderr.slice(-2000)}`);
  return r.stdout.trim();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** `.env.production.example` with every `<openssl rand -hex N>` / `<openssl rand -base64 N>` placeholder generated. */
function fillProductionExample(overrides: Record<string, string>): { text: string; vars: Record<string, string> } {
  let text = readFileSync(join(ROOT, '.env.production.example'), 'utf8').replace(
    /<openssl rand -(hex|base64) (\d+)>/g,
    (_, enc: string, n: string) => randomBytes(Number(n)).toString(enc === 'hex' ? 'hex' : 'base64'),
  );
  if (/^[A-Z_]+=.*<[^>]*>/m.test(text))
    throw new Error('.env.production.example has a placeholder this test cannot fill');
  for (const [k, v] of Object.entries(overrides)) {
    text = new RegExp(`^${k}=`, 'm').test(text)
      ? text.replace(new RegExp(`^${k}=.*$`, 'm'), `${k}=${v}`)
      : `${text}\n${k}=${v}\n`;
  }
  return { text, vars: parseEnvFile(text) };
}

function mintToken(envFile: string, tenant: string): string {
  const r = spawnSync(
    process.execPath,
    [
      'scripts/run-ts.cjs',
      'src/auth/token.cli.ts',
      '--',
      '--env-file',
      envFile,
      '--tenant',
      tenant,
      '--provider',
      'sandbox',
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    },
  );
  if (r.status !== 0) throw new Error(`token CLI failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** `/proc/1/status` of a container: the uid, capabilities and no_new_privs of its main process. */
async function pid1Status(container: string): Promise<Record<string, string>> {
  const text = await dockerOk(['exec', container, 'cat', '/proc/1/status']);
  return Object.fromEntries(text.split('\n').map((l) => l.split(/:\s*/, 2) as [string, string]));
}

describe('the container image (Dockerfile + docker-compose-final.yml settings)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'mcpcob-image-'));
  const image = 'mcp-maax-cob:latest';
  const names = { mcp: run('mcp'), redis: run('redis'), volume: run('data') };
  const figures: Record<string, string> = {};
  let compose: ComposeFile;
  let vars: Record<string, string>;
  let envFile: string;
  let appPort: number;
  let redisPort: number;
  let base: string;

  beforeAll(async () => {
    const version = await docker(['version', '--format', '{{.Server.Version}}']);
    if (version.code !== 0)
      throw new Error(`no Docker engine answers (docker version: ${version.stderr.trim()}); .ci/run starts one`);
    appPort = await freePort();
    redisPort = await freePort();
    base = `http://127.0.0.1:${appPort}`;
    // The sandbox is the one bank this test can reach; enabling it in production is what an operator does for a smoke
    // test (the server warns about it at boot). A short drain keeps the stop check quick.
    const filled = fillProductionExample({ PORT: String(appPort), SANDBOX_ENABLED: 'true', SHUTDOWN_DRAIN_MS: '3000' });
    vars = filled.vars;
    envFile = join(tmp, '.env.production');
    writeFileSync(envFile, filled.text, { mode: 0o600 });
    compose = readComposeFile(join(ROOT, 'docker-compose-final.yml'), vars);

    const started = Date.now();
    await dockerOk(
      ['build', '--network', 'host', '-t', compose.services.mcp.image ?? image, compose.services.mcp.build ?? '.'],
      {
        env: { DOCKER_BUILDKIT: '0' },
        timeoutMs: 12 * 60_000,
      },
    );
    figures.buildSeconds = ((Date.now() - started) / 1000).toFixed(0);
    const bytes = Number(await dockerOk(['image', 'inspect', '--format', '{{.Size}}', image]));
    figures.imageMB = (bytes / 1e6).toFixed(0);

    // Redis exactly as the compose file runs it, on a free port of the host's loopback instead of the compose network.
    await dockerOk(['volume', 'create', names.volume]);
    await dockerOk(
      dockerRunArgs(compose.services.redis, {
        name: names.redis,
        image: compose.services.redis.image ?? 'redis:7-alpine',
        volumeNames: { 'redis-data': names.volume },
        commandSuffix: ['--port', String(redisPort), '--bind', '127.0.0.1'],
        healthCmd: (compose.services.redis.healthcheck?.test as string[])[1].replace(
          'redis-cli ',
          `redis-cli -p ${redisPort} `,
        ),
        healthInterval: '1s',
      }),
    );
    await waitFor(
      'Redis healthy',
      async () =>
        (await dockerOk(['inspect', '--format', '{{.State.Health.Status}}', names.redis])) === 'healthy'
          ? true
          : undefined,
      60_000,
    );

    // The gateway: every setting of the compose service; REDIS_URL as the file builds it, pointed at the free port.
    const mcp = compose.services.mcp;
    const environment = { ...(mcp.environment as Record<string, string>) };
    environment.REDIS_URL = environment.REDIS_URL.replace('@redis:6379', `@redis:${redisPort}`);
    await dockerOk(
      dockerRunArgs(
        { ...mcp, environment },
        { name: names.mcp, image, envFile, extra: ['--add-host', 'redis:127.0.0.1'], healthInterval: '1s' },
      ),
    );
  });

  afterAll(async () => {
    const logs = await docker(['logs', names.mcp]);
    if (process.env.IMAGE_TEST_LOGS) process.stdout.write(logs.stdout + logs.stderr);
    await docker(['rm', '-f', names.mcp, names.redis]);
    await docker(['volume', 'rm', '-f', names.volume]);
    rmSync(tmp, { recursive: true, force: true });
    // One line the README's Docker section quotes.
    process.stdout.write(
      `image test figures: image ${figures.imageMB ?? '?'} MB, build ${figures.buildSeconds ?? '?'} s, healthy after ${figures.healthySeconds ?? '?'} s, stop ${figures.stopSeconds ?? '?'} s\n`,
    );
  });

  it('has no syntax directive or other registry fetch in the Dockerfile, and builds on Node 24', async () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).not.toMatch(/^#\s*syntax\s*=/im);
    expect(await dockerOk(['run', '--rm', '--network', 'none', '--entrypoint', 'node', image, '--version'])).toMatch(
      /^v24\./,
    );
  });

  it('refuses to boot on the unfilled .env.production.example: exit 1 and one JSON line naming every placeholder', async () => {
    const r = await docker([
      'run',
      '--rm',
      '--network',
      'none',
      '--env-file',
      join(ROOT, '.env.production.example'),
      image,
    ]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]) as { level: string; msg: string; problems: string[] };
    expect(line).toMatchObject({ level: 'fatal', msg: 'invalid configuration' });
    for (const name of ['MCP_TOKEN_SECRET', 'ENCRYPTION_KEY_HEX', 'WEBHOOK_HMAC_SECRET', 'REDIS_PASSWORD']) {
      expect(line.problems.some((p) => p.startsWith(name))).toBe(true);
    }
  });

  it('serves /health with 200 and its HEALTHCHECK turns healthy', async () => {
    const started = Date.now();
    const health = await waitFor(
      'GET /health 200',
      async () => {
        const r = await fetch(`${base}/health`);
        return r.status === 200 ? ((await r.json()) as Record<string, unknown>) : undefined;
      },
      60_000,
    );
    expect(JSON.stringify(health)).toContain('redis');
    const status = await waitFor(
      'container healthy',
      async () => {
        const s = await dockerOk(['inspect', '--format', '{{.State.Health.Status}}', names.mcp]);
        return s === 'healthy' ? s : undefined;
      },
      60_000,
    );
    figures.healthySeconds = ((Date.now() - started) / 1000).toFixed(1);
    expect(status).toBe('healthy');
    // docker run cannot take a CMD-form healthcheck, so the image's own HEALTHCHECK ran: the compose file's is the same.
    const imageCheck = JSON.parse(
      await dockerOk(['image', 'inspect', '--format', '{{json .Config.Healthcheck.Test}}', image]),
    );
    expect(imageCheck).toEqual(compose.services.mcp.healthcheck?.test);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
  });

  it('creates and reads a charge with a token minted by the CLI from the same env file, through the compose Redis', async () => {
    const token = mintToken(envFile, 'imgtest');
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const key = randomBytes(12).toString('hex');
    const created = await fetch(`${base}/v1/charges`, {
      method: 'POST',
      headers: { ...auth, 'Idempotency-Key': key },
      body: JSON.stringify({ type: 'pix', amount: 1990, payer: { name: 'Maria Silva', document: '529.982.247-25' } }),
    });
    expect(created.status).toBe(201);
    const charge = (await created.json()) as { id: string; status: string; amount: number };
    expect(charge).toMatchObject({ amount: 1990 });
    const read = await fetch(`${base}/v1/charges/${encodeURIComponent(charge.id)}`, { headers: auth });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: charge.id, amount: 1990 });
    // The idempotency record lives in the compose Redis (sealed), so a replay answers the same charge.
    const replay = await fetch(`${base}/v1/charges`, {
      method: 'POST',
      headers: { ...auth, 'Idempotency-Key': key },
      body: JSON.stringify({ type: 'pix', amount: 1990, payer: { name: 'Maria Silva', document: '529.982.247-25' } }),
    });
    expect(((await replay.json()) as { id: string }).id).toBe(charge.id);
    const keys = await dockerOk([
      'exec',
      names.redis,
      'redis-cli',
      '-p',
      String(redisPort),
      '--scan',
      '--pattern',
      'imgtest*',
    ]);
    expect(keys.split('\n').filter(Boolean).length).toBeGreaterThan(0);
  });

  it('runs as uid 1000 with no capabilities and no_new_privs, and cannot write its own files or its root filesystem', async () => {
    const status = await pid1Status(names.mcp);
    expect(status.Uid.split(/\s+/)).toEqual(['1000', '1000', '1000', '1000']);
    expect(status.CapEff).toBe('0000000000000000');
    expect(status.NoNewPrivs).toBe('1');
    const owner = await dockerOk(['exec', names.mcp, 'stat', '-c', '%u', '/app/dist/src/main.js', '/app/node_modules']);
    expect(owner.split('\n')).toEqual(['0', '0']);
    for (const target of ['/app/dist/src/main.js', '/app/new-file', '/tmp/new-file']) {
      const w = await docker(['exec', names.mcp, 'sh', '-c', `echo x >> ${target}`]);
      expect({ target, writable: w.code === 0 }).toEqual({ target, writable: false });
    }
  });

  it('runs Redis as the redis user with a password and persistence owned by redis, and with no gateway secret in its environment', async () => {
    const status = await pid1Status(names.redis);
    const redisUid = await dockerOk(['exec', names.redis, 'id', '-u', 'redis']);
    expect(redisUid).not.toBe('0');
    expect(status.Uid.split(/\s+/)[0]).toBe(redisUid);
    const noAuth = await dockerOk([
      'exec',
      names.redis,
      'env',
      '-u',
      'REDISCLI_AUTH',
      'redis-cli',
      '-p',
      String(redisPort),
      'ping',
    ]);
    expect(noAuth).toMatch(/NOAUTH/);
    expect(
      await dockerOk(['exec', names.redis, 'redis-cli', '-p', String(redisPort), 'config', 'get', 'maxmemory-policy']),
    ).toContain('noeviction');
    expect(await dockerOk(['exec', names.redis, 'stat', '-c', '%U', '/data/appendonlydir'])).toBe('redis');
    const env = [
      ...(JSON.parse(await dockerOk(['inspect', '--format', '{{json .Config.Env}}', names.redis])) as string[]),
      // The process's own environment, read as its own user (root in the container has no CAP_SYS_PTRACE).
      ...(
        await dockerOk(['exec', '--user', 'redis', names.redis, 'sh', '-c', 'tr "\\0" "\\n" < /proc/1/environ'])
      ).split('\n'),
    ].join('\n');
    for (const name of ['MCP_TOKEN_SECRET', 'ENCRYPTION_KEY_HEX', 'WEBHOOK_HMAC_SECRET']) {
      expect(vars[name]?.length).toBeGreaterThan(30);
      expect({ name, inEnv: env.includes(name) || env.includes(vars[name]) }).toEqual({ name, inEnv: false });
    }
  });

  it('logs only JSON lines, with the sandbox-in-production warning and the real bound address', async () => {
    const logs = await dockerOk(['logs', names.mcp]);
    const lines = logs
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: string; msg: string });
    expect(lines.some((l) => l.level === 'warn' && /sandbox/i.test(l.msg))).toBe(true);
    expect(lines.some((l) => l.msg.includes(`listening on http://0.0.0.0:${appPort}`))).toBe(true);
    for (const name of ['MCP_TOKEN_SECRET', 'ENCRYPTION_KEY_HEX', 'WEBHOOK_HMAC_SECRET', 'REDIS_PASSWORD'])
      expect(logs).not.toContain(vars[name]);
  });

  it('on docker stop: readiness 503 during the drain, then exit code 0', async () => {
    const started = Date.now();
    const stopping = docker(['stop', names.mcp], { timeoutMs: 90_000 });
    const seen = await waitFor(
      'readiness 503 during the drain',
      async () => ((await fetch(`${base}/health/ready`)).status === 503 ? true : undefined),
      10_000,
    );
    expect(seen).toBe(true);
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await stopping).code).toBe(0);
    figures.stopSeconds = ((Date.now() - started) / 1000).toFixed(1);
    expect(await dockerOk(['inspect', '--format', '{{.State.ExitCode}} {{.State.OOMKilled}}', names.mcp])).toBe(
      '0 false',
    );
    const logs = await dockerOk(['logs', names.mcp]);
    expect(logs).toContain('shutdown: complete');
  });
});

describe('compose interpolation (what `docker compose` would do with the file)', () => {
  it('refuses to start without REDIS_PASSWORD, and never hands Redis the gateway env file', () => {
    expect(() => readComposeFile(join(ROOT, 'docker-compose-final.yml'), {})).toThrow(InterpolationError);
    const file = readComposeFile(join(ROOT, 'docker-compose-final.yml'), { REDIS_PASSWORD: 'abc123' });
    expect(file.services.redis.env_file).toBeUndefined();
    expect(file.services.redis.environment).toEqual({ REDISCLI_AUTH: 'abc123' });
    expect(file.services.mcp.environment).toEqual({ REDIS_URL: 'redis://default:abc123@redis:6379' });
    expect(interpolate('a$${X}b', { X: 'y' })).toBe('a${X}b');
  });
});
