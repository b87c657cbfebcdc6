import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { issueToken } from '../../src/auth/token-issuer';
import { ADAPTERS, TEST_ENCRYPTION_KEY, TEST_TOKEN_SECRET } from '../helpers/app';
import { deleteKeys, freePort, testRedisUrl, uniquePrefix } from '../helpers/redis';

const DRAIN_MS = 1500;
const SLOW_MS = 2500;
const PIX = { type: 'pix', amount: 1990, payer: { name: 'Maria Silva', document: '529.982.247-25' } };

async function waitFor(fn: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fn().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe.each(ADAPTERS)('graceful shutdown of the real process (%s)', (adapter) => {
  let child: ChildProcess | undefined;
  let output = '';
  const tenantId = uniquePrefix('shutdown');
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await deleteKeys(await testRedisUrl(), `${tenantId}:*`);
  });

  it('on SIGTERM turns readiness 503 during the drain, finishes the in-flight requests (initialize 200, keyed create 201) and exits 0', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['scripts/run-ts.cjs', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        HTTP_ADAPTER: adapter,
        REDIS_URL: await testRedisUrl(),
        REDIS_GLOBAL_PREFIX: uniquePrefix('g'),
        MCP_TOKEN_SECRET: TEST_TOKEN_SECRET,
        ENCRYPTION_KEY_HEX: TEST_ENCRYPTION_KEY,
        WEBHOOK_HMAC_SECRET: 'test-webhook-secret-0123456789-abcdefghij',
        SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
    expect(await waitFor(async () => (await fetch(`${url}/health/ready`)).status === 200, 25_000)).toBe(true);

    // The sandbox bank waits latencyMs on every call: requests still in flight at SIGTERM. fetch keeps
    // its connections alive, as a load balancer does.
    const token = issueToken({
      secret: TEST_TOKEN_SECRET,
      encryptionKeyHex: TEST_ENCRYPTION_KEY,
      tenantId,
      providerId: 'sandbox',
      credentials: { latencyMs: SLOW_MS },
    });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const startedAt = Date.now();
    const slow = fetch(`${url}/initialize`, { method: 'POST', headers });
    // A keyed charge create needs Redis until its last step (the idempotency record): it must not lose it.
    const create = fetch(`${url}/v1/charges`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `${tenantId}-k1` },
      body: JSON.stringify(PIX),
    });
    await new Promise((r) => setTimeout(r, 300));
    const signalledAt = Date.now();
    child.kill('SIGTERM');

    let drainBody: { error?: { lifecycle?: unknown } } | undefined;
    const sawNotReady = await waitFor(async () => {
      const r = await fetch(`${url}/health/ready`);
      if (r.status !== 503) return false;
      drainBody = (await r.json()) as typeof drainBody;
      return true;
    }, DRAIN_MS - 200);
    expect(sawNotReady).toBe(true);
    expect(drainBody?.error?.lifecycle).toEqual({ status: 'down', message: 'shutting down' });
    expect((await fetch(`${url}/health/live`)).status).toBe(200);

    const res = await slow;
    const body = (await res.json()) as { tenantId?: string };
    expect({ status: res.status, body }).toEqual({ status: 200, body: expect.objectContaining({ tenantId }) });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(SLOW_MS - 50);
    expect(Date.now()).toBeGreaterThan(signalledAt);
    const created = await create;
    const charge = (await created.json()) as { code?: string; amount?: number };
    expect({ status: created.status, code: charge.code }).toEqual({ status: 201, code: undefined });

    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(output).toContain('shutdown: complete');
  }, 45_000);
});
