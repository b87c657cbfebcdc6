import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { ADAPTERS, TEST_ENCRYPTION_KEY, TEST_TOKEN_SECRET } from '../helpers/app';
import { freePort } from '../helpers/redis';

/**
 * The real process (`node scripts/run-ts.cjs src/main.ts`, what `npm start` runs): a configuration refused at boot is
 * one JSON log line, the listening line names the address really bound, and the quick start logged with configured
 * secrets is a command that survives the log redaction and works.
 */
const BASE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', SHUTDOWN_DRAIN_MS: '0' };

interface Running {
  child: ChildProcess;
  out: () => string;
  err: () => string;
}

function start(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['scripts/run-ts.cjs', 'src/main.ts'], {
    env: { ...BASE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => (out += d.toString()));
  child.stderr?.on('data', (d) => (err += d.toString()));
  return { child, out: () => out, err: () => err };
}

/** Every stdout line parsed as JSON (fails on a line that is not). */
function jsonLines(out: string): Array<Record<string, unknown>> {
  return out
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`stdout line is not JSON: ${l}`);
      }
    });
}

async function lineMatching(
  r: Running,
  test: (l: Record<string, unknown>) => boolean,
  timeoutMs = 20000,
): Promise<Record<string, unknown>> {
  const started = Date.now();
  for (;;) {
    const lines = r
      .out()
      .split('\n')
      .filter((l) => l.startsWith('{') && l.endsWith('}'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const hit = lines.find(test);
    if (hit) return hit;
    if (r.child.exitCode !== null || Date.now() - started > timeoutMs)
      throw new Error(`no such log line:\n${r.out().slice(-3000)}\n${r.err().slice(-2000)}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

async function stop(r: Running): Promise<void> {
  if (r.child.exitCode !== null) return;
  const exited = once(r.child, 'exit');
  r.child.kill('SIGTERM');
  await exited;
}

describe('boot refused for its configuration', () => {
  it('writes one JSON log line on stdout naming every problem, no secret value, and exits 1', async () => {
    const values = {
      MCP_TOKEN_SECRET: '<openssl rand -base64 48>',
      ENCRYPTION_KEY_HEX: '<openssl rand -hex 32>',
      WEBHOOK_HMAC_SECRET: 'change-me-change-me-change-me-change-me',
      REDIS_PASSWORD: '<openssl rand -hex 24>',
      REDIS_URL: 'redis://default:<same as REDIS_PASSWORD>@redis:6379',
      METRICS_TOKEN: 'your-metrics-token-here',
    };
    const r = start({ NODE_ENV: 'production', RATE_LIMIT: 'lots', ...values });
    const [code] = (await once(r.child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(r.err()).toBe('');
    const lines = jsonLines(r.out());
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(Object.keys(line).slice(0, 4)).toEqual(['level', 'time', 'service', 'msg']);
    expect(line).toMatchObject({ level: 'fatal', service: 'mcp-maax-cob', msg: 'invalid configuration' });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
    const problems = line.problems as string[];
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual([...Object.keys(values), 'RATE_LIMIT'].sort());
    for (const value of Object.values(values)) {
      expect(r.out()).not.toContain(value);
      expect(r.out()).not.toContain(encodeURIComponent(value));
    }
    expect(r.out()).not.toMatch(/openssl|same as|change-me-change|your-metrics/);
  }, 30000);
});

describe.each(ADAPTERS)('boot log lines (%s)', (adapter) => {
  let r: Running | undefined;
  afterEach(async () => {
    if (r) await stop(r);
    r = undefined;
  });

  it('says the address really bound (0.0.0.0 by default) and logs a quick start that survives redaction and works', async () => {
    const port = await freePort();
    const secrets = { MCP_TOKEN_SECRET: TEST_TOKEN_SECRET, ENCRYPTION_KEY_HEX: TEST_ENCRYPTION_KEY };
    r = start({ PORT: String(port), HTTP_ADAPTER: adapter, ...secrets });
    const listening = await lineMatching(r, (l) => typeof l.msg === 'string' && l.msg.startsWith('listening on'));
    expect(listening).toMatchObject({
      level: 'info',
      msg: `listening on http://0.0.0.0:${port}`,
      host: '0.0.0.0',
      port,
      adapter,
    });

    const quick = await lineMatching(r, (l) => typeof l.msg === 'string' && l.msg.startsWith('quick start'));
    const command = 'npm run --silent token -- --tenant demo --provider sandbox';
    const curl = `curl -s -X POST http://127.0.0.1:${port}/initialize -H "Authorization: Bearer $(${command})"`;
    expect(quick).toMatchObject({
      level: 'info',
      msg: `quick start: mint a sandbox token with: ${command}`,
      command,
      curl,
    });
    expect(JSON.stringify(quick)).not.toContain('[REDACTED]');
    expect(r.out()).not.toContain('export TOKEN='); // configured secrets: no token printed

    // The logged commands run as they are (from the repository root, with the server's secrets in the environment).
    const minted = spawnSync('sh', ['-c', quick.command as string], {
      env: { ...BASE_ENV, ...secrets },
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(minted.status).toBe(0);
    const init = await fetch(`http://127.0.0.1:${port}/initialize`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${minted.stdout.trim()}` },
    });
    expect(init.status).toBe(200);
    const curled = spawnSync('sh', ['-c', quick.curl as string], {
      env: { ...BASE_ENV, ...secrets },
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(curled.status).toBe(0);
    expect(JSON.parse(curled.stdout)).toMatchObject({ tenantId: 'demo', providerId: 'sandbox' });
  }, 60000);

  it('names another bound host as it is', async () => {
    const port = await freePort();
    r = start({ PORT: String(port), HOST: '127.0.0.1', HTTP_ADAPTER: adapter });
    const listening = await lineMatching(r, (l) => typeof l.msg === 'string' && l.msg.startsWith('listening on'));
    expect(listening).toMatchObject({ msg: `listening on http://127.0.0.1:${port}`, host: '127.0.0.1', port });
  }, 30000);
});
