import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { ADAPTERS } from '../helpers/app';
import { freePort } from '../helpers/redis';

/**
 * The quick start as a newcomer runs it: no .env, no Redis URL, no secrets. The process must print a
 * sandbox token and a first curl that really work, flush its log lines without waiting for traffic, and
 * stop with exit 0 on SIGINT and SIGTERM.
 */
describe.each(ADAPTERS)('quick start with no configuration (%s)', (adapter) => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'serves /health, prints a working sandbox token and curl, and exits 0 on %s',
    async (signal) => {
      const port = await freePort();
      const started = Date.now();
      child = spawn(process.execPath, ['scripts/run-ts.cjs', 'src/main.ts'], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          PORT: String(port),
          HTTP_ADAPTER: adapter,
          SHUTDOWN_DRAIN_MS: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout?.on('data', (d) => (out += d.toString()));
      const token = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const m = /export TOKEN=(\S+)/.exec(out);
          // Both the quick-start text and the log line saying where the server listens (they reach the pipe separately).
          if (m && out.includes('"msg":"listening on')) {
            clearInterval(timer);
            resolve(m[1]);
          } else if (Date.now() - started > 15000) {
            clearInterval(timer);
            reject(new Error(`no quick-start token printed:\n${out.slice(-2000)}`));
          }
        }, 50);
      });
      // Bound to 0.0.0.0 (HOST's default): the log line says so, the printed curl uses a reachable address.
      expect(out).toContain(`"host":"0.0.0.0","port":${port}`);
      expect(out).toContain(`"msg":"listening on http://0.0.0.0:${port}"`);
      expect(out).toContain(`curl -s -X POST http://127.0.0.1:${port}/initialize -H "Authorization: Bearer $TOKEN"`);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      const init = await fetch(`http://127.0.0.1:${port}/initialize`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(init.status).toBe(200);
      expect(await init.json()).toMatchObject({
        tenantId: 'demo',
        providerId: 'sandbox',
        cache: { enabled: true, prefix: 'demo' },
      });
      // The request line reaches stdout within the flush interval although far less than the buffer was written.
      await new Promise((r) => setTimeout(r, 500));
      expect(out).toMatch(/"msg":"request".*"route":"\/initialize","status":200/);
      expect(
        out
          .split('\n')
          .filter((l) => l.includes('"msg":"request"'))
          .join('\n'),
      ).not.toContain(token);
      const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
      child.kill(signal);
      const [code] = await exited;
      expect(code).toBe(0);
      expect(out).toContain('shutdown: complete');
    },
    30000,
  );
});
