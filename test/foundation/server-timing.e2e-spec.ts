import { rawExchange } from '../helpers/raw-http';
import request from 'supertest';
import { boletoBody, CHARGES_TEST_ENV, createCharge, pixBody, sandboxTenant } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys } from '../helpers/redis';
import { legacyInitialize, rawPost } from '../mcp/mcp-client';

/** `app;dur=<ms>`: the gateway's own time in milliseconds, a plain decimal. */
const SERVER_TIMING = /^app;dur=\d+(\.\d+)?$/;
const durationOf = (header: string | undefined | null): number => {
  expect(header).toMatch(SERVER_TIMING);
  return Number((header as string).slice('app;dur='.length));
};

describe.each(ADAPTERS)('Server-Timing (%s)', (adapter) => {
  let t: TestApp;
  const a = sandboxTenant();
  const slow = sandboxTenant({ credentials: { latencyMs: 120 } });
  const bearer = (x = a) => ({ Authorization: `Bearer ${x.token}` });
  let chargeId: string;

  beforeAll(async () => {
    t = await startTestApp({ adapter, env: { ...CHARGES_TEST_ENV, BODY_LIMIT_BYTES: '2048' } });
    chargeId = (await createCharge(t.url, a, pixBody()).expect(201)).body.id;
  });
  afterAll(async () => {
    for (const x of [a, slow]) await deleteKeys(t.redisUrl as string, `${x.prefix}:*`);
    await t?.close();
  });

  const responses: Array<[string, () => request.Test | Promise<request.Response>, number]> = [
    ['GET /health', () => request(t.url).get('/health'), 200],
    ['GET /health/live', () => request(t.url).get('/health/live'), 200],
    ['GET /health/ready', () => request(t.url).get('/health/ready'), 200],
    ['HEAD /health', () => request(t.url).head('/health'), 200],
    ['GET /metrics', () => request(t.url).get('/metrics'), 200],
    ['GET /metrics/prometheus', () => request(t.url).get('/metrics/prometheus'), 200],
    ['GET /docs', () => request(t.url).get('/docs'), 200],
    ['GET /docs-json', () => request(t.url).get('/docs-json'), 200],
    ['GET a Swagger UI asset', () => request(t.url).get('/docs/swagger-ui.css'), 200],
    ['POST /v1/charges (201)', () => createCharge(t.url, a, pixBody()), 201],
    ['GET /v1/charges/:id (200, cached)', () => request(t.url).get(`/v1/charges/${chargeId}`).set(bearer()), 200],
    ['POST /initialize (200)', () => request(t.url).post('/initialize').set(bearer()), 200],
    ['a validation problem (400)', () => createCharge(t.url, a, boletoBody({ amount: 0 })), 400],
    ['a bad charge id (400)', () => request(t.url).get('/v1/charges/bad$id').set(bearer()), 400],
    [
      'malformed JSON (400)',
      () => request(t.url).post('/v1/charges').set(bearer()).set('Content-Type', 'application/json').send('{"type":'),
      400,
    ],
    ['a path that is not UTF-8 (400)', () => request(t.url).get('/v1/charges/%ED%A0%80').set(bearer()), 400],
    ['no token (401)', () => request(t.url).get(`/v1/charges/${chargeId}`), 401],
    [
      'an unknown charge (404)',
      () => request(t.url).get('/v1/charges/sbx_000000000000000000000000').set(bearer()),
      404,
    ],
    ['an unknown route (404)', () => request(t.url).get('/no/such/route'), 404],
    ['a wrong method (405)', () => request(t.url).delete('/health'), 405],
    [
      'a body too large (413)',
      () =>
        request(t.url)
          .post('/v1/charges')
          .set(bearer())
          .set('Content-Type', 'application/json')
          .send(`{"a":"${'x'.repeat(4096)}"}`),
      413,
    ],
    [
      'a form body (415)',
      () => request(t.url).post('/v1/charges').set(bearer()).set('Content-Type', 'text/plain').send('hi'),
      415,
    ],
  ];

  it.each(responses)('is on %s', async (_name, call, status) => {
    const res = await call();
    expect(res.status).toBe(status);
    durationOf(res.headers['server-timing']);
  });

  it('is on /mcp answers: a JSON-RPC result, and a refusal without a token', async () => {
    const ok = await rawPost(t.url, legacyInitialize(), bearer());
    expect(ok.status).toBe(200);
    durationOf(ok.headers.get('server-timing'));
    await ok.text();
    const refused = await rawPost(t.url, legacyInitialize());
    expect(refused.status).toBe(401);
    durationOf(refused.headers.get('server-timing'));
    await refused.text();
  });

  it.each([
    ['a malformed request line (400)', 'GARBAGE\r\n\r\n', 400],
    ['oversized headers (431)', `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`, 431],
  ])('is on the raw-socket answer to %s', async (_name, bytes, status) => {
    const raw = await rawExchange(t.url, bytes);
    expect(raw).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    durationOf(/\r\nServer-Timing: ([^\r]*)\r\n/.exec(raw)?.[1]);
  });

  it("measures the gateway's own time: a create with 120 ms of bank latency takes longer than a health check", async () => {
    const health = durationOf((await request(t.url).get('/health/live')).headers['server-timing']);
    const created = await createCharge(t.url, slow, pixBody()).expect(201);
    const create = durationOf(created.headers['server-timing']);
    expect(create).toBeGreaterThanOrEqual(115);
    expect(create).toBeLessThan(5000);
    expect(health).toBeLessThan(create);
    expect(health).toBeLessThan(100);
  });

  it('carries the same figure as the request log line (and so the request-duration histogram)', async () => {
    const requestId = `timing-${adapter}-1`;
    const res = await request(t.url)
      .get(`/v1/charges/${chargeId}`)
      .set(bearer())
      .set('X-Request-Id', requestId)
      .expect(200);
    const header = durationOf(res.headers['server-timing']);
    const lineOf = () =>
      t.logs
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.requestId === requestId && l.route === '/v1/charges/:provider_charge_id');
    // The line is written on 'finish', which may come a tick after the client has the response.
    for (let i = 0; i < 50 && !lineOf(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(lineOf()?.duration).toBe(header);
  });
});
