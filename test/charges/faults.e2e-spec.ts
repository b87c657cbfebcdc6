import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys } from '../helpers/redis';
import { callTool, connectMcp, ERAS, pixArgs } from '../mcp/mcp-client';
import { auth, boletoBody, CHARGES_TEST_ENV, createCharge, pixBody, sandboxTenant, Tenant } from './charge-fixtures';

const TIMEOUT_MS = 400;

describe.each(ADAPTERS)('sandbox fault credentials (%s)', (adapter) => {
  let t: TestApp;
  const tenants: Tenant[] = [];
  const tenant = (credentials: Record<string, unknown>) => {
    const x = sandboxTenant({ credentials });
    tenants.push(x);
    return x;
  };
  const timed = async (call: () => request.Test) => {
    const started = Date.now();
    const res = await call();
    return { res, ms: Date.now() - started };
  };

  beforeAll(async () => {
    t = await startTestApp({ adapter, env: { ...CHARGES_TEST_ENV, PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS) } });
  });
  afterAll(async () => {
    for (const x of tenants) await deleteKeys(t.redisUrl as string, `${x.prefix}:*`);
    await t?.close();
  });

  it('turns failWith 500 into 502 PROVIDER_ERROR in the problem format', async () => {
    const a = tenant({ failWith: 500 });
    const res = await createCharge(t.url, a, boletoBody(), randomUUID());
    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'PROVIDER_ERROR',
      status: 502,
      requestId: expect.any(String),
      detail: expect.stringContaining('500'),
    });
    expect((await request(t.url).get('/v1/charges/sbx_000000000000000000000000').set(auth(a))).status).toBe(502);
  });

  it.each([502, 503, 504])(
    'turns failWith %s (the bank answering a 5xx) into 502 PROVIDER_ERROR, as the production guide promises',
    async (failWith) => {
      const a = tenant({ failWith });
      const res = await createCharge(t.url, a, pixBody());
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({
        code: 'PROVIDER_ERROR',
        status: 502,
        detail: expect.stringContaining(String(failWith)),
      });
      expect(res.headers['retry-after']).toBeUndefined();
      expect((await request(t.url).get('/v1/charges/sbx_000000000000000000000000').set(auth(a))).body.code).toBe(
        'PROVIDER_ERROR',
      );
    },
  );

  it('turns failWith 429 (the bank rate-limiting us) into 503 PROVIDER_UNAVAILABLE with Retry-After', async () => {
    const res = await createCharge(t.url, tenant({ failWith: 429 }), pixBody());
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('PROVIDER_UNAVAILABLE');
    expect(res.headers['retry-after']).toBe('1');
  });

  it.each(ERAS)(
    'answers the same codes over MCP (%s): bank 5xx -> isError PROVIDER_ERROR 502, bank 429 -> PROVIDER_UNAVAILABLE 503 with retryAfterSeconds',
    async (era) => {
      for (const failWith of [500, 502, 503, 504]) {
        const client = await connectMcp(t.url, era, auth(tenant({ failWith })));
        try {
          expect(await callTool(client, 'create_charge', pixArgs())).toMatchObject({
            isError: true,
            structured: { code: 'PROVIDER_ERROR', status: 502 },
          });
          const read = await callTool(client, 'get_charge', { id: 'sbx_000000000000000000000000' });
          expect(read).toMatchObject({ isError: true, structured: { code: 'PROVIDER_ERROR', status: 502 } });
          expect(read.structured.retryAfterSeconds).toBeUndefined();
        } finally {
          await client.close();
        }
      }
      const limited = await connectMcp(t.url, era, auth(tenant({ failWith: 429 })));
      try {
        expect(await callTool(limited, 'create_charge', pixArgs())).toMatchObject({
          isError: true,
          structured: { code: 'PROVIDER_UNAVAILABLE', status: 503, retryAfterSeconds: 1 },
        });
      } finally {
        await limited.close();
      }
    },
  );

  it('turns failWith "timeout" into 504 PROVIDER_TIMEOUT after PROVIDER_TIMEOUT_MS', async () => {
    const { res, ms } = await timed(() => createCharge(t.url, tenant({ failWith: 'timeout' }), boletoBody()));
    expect(res.status).toBe(504);
    expect(res.body.code).toBe('PROVIDER_TIMEOUT');
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(ms).toBeLessThan(TIMEOUT_MS + 1500);
  });

  it('a latency at or above the timeout is a timeout too', async () => {
    const { res } = await timed(() => createCharge(t.url, tenant({ latencyMs: 5000 }), boletoBody()));
    expect(res.status).toBe(504);
  });

  it('adds latencyMs to every call, POST /initialize included, and still succeeds', async () => {
    const a = tenant({ latencyMs: 250 });
    const created = await timed(() => createCharge(t.url, a, boletoBody()));
    expect(created.res.status).toBe(201);
    expect(created.ms).toBeGreaterThanOrEqual(240);
    const init = await timed(() => request(t.url).post('/initialize').set(auth(a)));
    expect(init.res.status).toBe(200);
    expect(init.ms).toBeGreaterThanOrEqual(240);
  });

  it('fails only as often as failureRate says: 0 never fails', async () => {
    const a = tenant({ failWith: 500, failureRate: 0 });
    for (let i = 0; i < 5; i++) await createCharge(t.url, a, pixBody()).expect(201);
  });

  it('refuses malformed fault credentials with 401 naming the field, not the value', async () => {
    const res = await createCharge(t.url, tenant({ failWith: 418 }), pixBody());
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH_INVALID_TOKEN');
    expect(res.body.detail).not.toContain('418');
  });
});
