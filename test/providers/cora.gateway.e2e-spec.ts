import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { isValidBarcode, isValidDigitableLine, parsePixBrCode } from '@lib/brazil';
import { bolepixBody, boletoBody, CHARGES_TEST_ENV, pixBody } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys, scanKeys } from '../helpers/redis';
import { CoraSimulator } from '../simulators/cora.simulator';
import { SimControl } from '../simulators/sim-control';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { coraCredentials } from './bank-credentials';
import { bearer, pemBody, post, providerTenant, ProviderTenant, timed } from './gateway-fixtures';

const TIMEOUT_MS = 700;
let pki: SimPki;
let sim: CoraSimulator;
let control: SimControl;

beforeAll(async () => {
  pki = generateSimPki();
  sim = new CoraSimulator(pki);
  await sim.start();
  control = new SimControl(sim.url, pki);
});
afterAll(async () => {
  await control?.close();
  await sim?.stop();
  pki?.cleanup();
});

describe.each(ADAPTERS)('gateway REST API on Cora over mTLS (%s)', (adapter) => {
  let t: TestApp;
  const tenants: ProviderTenant[] = [];
  const tenant = (over: Record<string, unknown> = {}) => {
    const x = providerTenant('cora', coraCredentials(pki, over));
    tenants.push(x);
    return x;
  };
  const env = () => ({
    ...CHARGES_TEST_ENV,
    CORA_BASE_URL: sim.url,
    PROVIDER_CA_CERTS_FILE: pki.caFile,
    PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS),
  });

  beforeAll(async () => {
    t = await startTestApp({ adapter, env: env() });
  });
  afterAll(async () => {
    for (const x of tenants) await deleteKeys(t.redisUrl as string, `${x.prefix}:*`);
    await t?.close();
  });
  afterEach(() => control.post('/__sim/faults/reset'));

  it.each([
    ['boleto', boletoBody],
    ['pix', pixBody],
    ['bolepix', bolepixBody],
  ] as const)('creates, reads and cancels a %s with the unified response', async (type, body) => {
    const a = tenant();
    const created = await post(t.url, '/v1/charges', a, body(), randomUUID()).expect(201);
    const c = created.body;
    expect(c).toMatchObject({
      providerId: 'cora',
      type,
      status: 'PENDING',
      providerStatus: 'OPEN',
      amount: body().amount,
      currency: 'BRL',
    });
    expect(c.id).toMatch(/^inv_/);
    if (type !== 'pix')
      expect(isValidDigitableLine(c.boleto.digitableLine) && isValidBarcode(c.boleto.barcode)).toBe(true);
    if (type !== 'boleto') expect(parsePixBrCode(c.pix.brCode).amountCents).toBe(body().amount);
    const read = await request(t.url).get(`/v1/charges/${c.id}`).set(bearer(a)).expect(200);
    expect(read.body).toEqual(c);
    const cancelled = await post(t.url, `/v1/charges/${c.id}/cancel`, a).expect(200);
    expect(cancelled.body).toMatchObject({
      id: c.id,
      status: 'CANCELLED',
      providerStatus: 'CANCELLED',
      cancelledAt: expect.any(String),
    });
  });

  it('answers 409 CHARGE_NOT_CANCELLABLE for a paid invoice and 404 for an unknown one', async () => {
    const a = tenant();
    const c = (await post(t.url, '/v1/charges', a, boletoBody()).expect(201)).body;
    await control.post(`/__sim/charges/${c.id}/pay`);
    expect((await request(t.url).get(`/v1/charges/${c.id}`).set(bearer(a)).expect(200)).body).toMatchObject({
      status: 'PAID',
      paidAmount: 15990,
    });
    expect((await post(t.url, `/v1/charges/${c.id}/cancel`, a).expect(409)).body.code).toBe('CHARGE_NOT_CANCELLABLE');
    expect((await request(t.url).get('/v1/charges/inv_nope').set(bearer(a)).expect(404)).body.code).toBe(
      'CHARGE_NOT_FOUND',
    );
  });

  it('requests a token once per session, refreshes it after expiry and recovers from a 401 transparently', async () => {
    const a = tenant();
    const start = (await control.stats()).tokenRequests;
    const init = await post(t.url, '/initialize', a).expect(200);
    expect(init.body.session).toMatchObject({ cached: false, expiresAt: expect.any(String) });
    const c = (await post(t.url, '/v1/charges', a, boletoBody()).expect(201)).body;
    await request(t.url).get(`/v1/charges/${c.id}`).set(bearer(a)).expect(200);
    expect((await post(t.url, '/initialize', a).expect(200)).body.session.cached).toBe(true);
    expect((await control.stats()).tokenRequests - start).toBe(1);

    await control.post('/__sim/tokens/expire');
    await request(t.url).get(`/v1/charges/${c.id}`).set(bearer(a)).expect(200);
    expect((await control.stats()).tokenRequests - start).toBe(2);

    await control.post('/__sim/config', { tokenTtlSeconds: 2 });
    try {
      const b = tenant();
      const before = (await control.stats()).tokenRequests;
      await post(t.url, '/initialize', b).expect(200);
      await new Promise((r) => setTimeout(r, 1100));
      // Same Cora account (same clientId): b reads a's invoice, with its own session.
      await request(t.url).get(`/v1/charges/${c.id}`).set(bearer(b)).expect(200);
      expect((await control.stats()).tokenRequests - before).toBe(2);
    } finally {
      await control.post('/__sim/config', { tokenTtlSeconds: 3600 });
    }
  });

  it('a create that timed out after Cora committed it, retried by the caller with the same Idempotency-Key, is one invoice', async () => {
    const a = tenant();
    await post(t.url, '/initialize', a).expect(200);
    const before = (await control.stats()).charges;
    const key = randomUUID();
    await control.faults({ hangAfterCommit: 2 });
    const first = await post(t.url, '/v1/charges', a, boletoBody({ externalId: 'order-once' }), key);
    expect(first.status).toBe(504);
    expect(first.body.code).toBe('PROVIDER_TIMEOUT');
    const retry = await post(t.url, '/v1/charges', a, boletoBody({ externalId: 'order-once' }), key).expect(201);
    expect(retry.body).toMatchObject({ externalId: 'order-once', status: 'PENDING' });
    expect((await control.stats()).charges - before).toBe(1);
    const replay = await post(t.url, '/v1/charges', a, boletoBody({ externalId: 'order-once' }), key).expect(201);
    expect(replay.body.id).toBe(retry.body.id);
    expect((await control.stats()).charges - before).toBe(1);
  });

  it('surfaces a Cora 429 as 503 PROVIDER_UNAVAILABLE with Retry-After', async () => {
    const a = tenant();
    await post(t.url, '/initialize', a).expect(200);
    await control.faults({ fail: { count: 1, status: 429, retryAfter: '9' } });
    const res = await post(t.url, '/v1/charges', a, boletoBody()).expect(503);
    expect(res.body.code).toBe('PROVIDER_UNAVAILABLE');
    expect(res.headers['retry-after']).toBe('9');
  });

  it('refuses a client certificate from another CA and a missing one with clear errors', async () => {
    const rogue = tenant({ certificate: pki.rogueClientCertPem, privateKey: pki.rogueClientKeyPem });
    const refused = await post(t.url, '/v1/charges', rogue, boletoBody()).expect(502);
    expect(refused.body).toMatchObject({
      code: 'PROVIDER_ERROR',
      detail: expect.stringMatching(/TLS: Cora refused the connection: .*client certificate/),
    });
    const before = (await control.stats()).tokenRequests;
    const missing = await post(
      t.url,
      '/v1/charges',
      tenant({ certificate: undefined, privateKey: undefined }),
      boletoBody(),
    ).expect(502);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body).toMatchObject({
      code: 'PROVIDER_ERROR',
      detail: expect.stringMatching(
        /TLS: Cora refused the connection: it requires a TLS client certificate and the credentials carry none/,
      ),
    });
    expect((await control.stats()).tokenRequests).toBe(before);
    const halfPair = await post(t.url, '/v1/charges', tenant({ privateKey: undefined }), boletoBody()).expect(401);
    expect(halfPair.body.detail).toMatch(/privateKey is required/);
  });

  it('opens the breaker on a 5xx burst (fast 503 with Retry-After) and closes it after Cora recovers', async () => {
    const a = tenant();
    const c = (await post(t.url, '/v1/charges', a, boletoBody()).expect(201)).body;
    await control.faults({ fail: { count: 10_000, status: 500 } });
    // 3 attempts (2 retries) per read: the 5th consecutive failure, inside the second read, opens it.
    expect((await request(t.url).get(`/v1/charges/${c.id}`).set(bearer(a))).status).toBe(502);
    expect((await request(t.url).get(`/v1/charges/${c.id}`).set(bearer(a))).body.code).toBe('PROVIDER_UNAVAILABLE');
    const seen = (await control.stats()).requests;
    const { res, ms } = await timed(() => request(t.url).get(`/v1/charges/${c.id}`).set(bearer(a)));
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      detail: expect.stringMatching(/circuit breaker open/),
    });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(ms).toBeLessThan(150);
    expect((await control.stats()).requests).toBe(seen);
    await control.post('/__sim/faults/reset');
    await new Promise((r) => setTimeout(r, 2 * TIMEOUT_MS + 100));
    await request(t.url).get(`/v1/charges/${c.id}`).set(bearer(a)).expect(200);
    await request(t.url).get(`/v1/charges/${c.id}`).set(bearer(a)).expect(200);
  });

  it('never writes credentials or provider tokens to logs, and keeps only sealed tokens in Redis', async () => {
    await new Promise((r) => setTimeout(r, 50));
    const logs = t.logs.join('\n');
    expect(t.logs.length).toBeGreaterThan(10);
    const exchanges = t.logs.filter((l) => l.includes('"msg":"provider exchange"')).map((l) => JSON.parse(l));
    expect(exchanges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          providerId: 'cora',
          operation: 'create',
          method: 'POST',
          status: expect.any(Number),
          durationMs: expect.any(Number),
        }),
      ]),
    );
    for (const secret of [
      pemBody(pki.clientKeyPem),
      pemBody(pki.clientCertPem),
      pemBody(pki.rogueClientKeyPem),
      ...sim.tokens.all(),
    ])
      expect(logs).not.toContain(secret);
    let sessions = 0;
    for (const x of tenants) {
      for (const [key, value] of await scanKeys(t.redisUrl as string, `${x.prefix}:*`)) {
        for (const token of sim.tokens.all()) expect(value).not.toContain(token);
        expect(value).not.toContain(pemBody(pki.clientKeyPem));
        if (key.includes(':oauth:')) {
          sessions++;
          expect(value).toMatch(/^s:v1\./);
        }
      }
    }
    expect(sessions).toBeGreaterThan(0);
  });
});

describe.each(ADAPTERS)('gateway on Cora with the wrong CA configured (%s)', (adapter) => {
  it('answers 502 PROVIDER_ERROR saying the server certificate is not trusted', async () => {
    const t = await startTestApp({
      adapter,
      env: { CORA_BASE_URL: sim.url, PROVIDER_CA_CERTS_FILE: pki.rogueCaFile, PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS) },
    });
    const a = providerTenant('cora', coraCredentials(pki));
    try {
      const res = await post(t.url, '/v1/charges', a, boletoBody()).expect(502);
      expect(res.body).toMatchObject({
        code: 'PROVIDER_ERROR',
        detail: expect.stringMatching(/server certificate of Cora is not trusted.*PROVIDER_CA_CERTS_FILE/),
      });
    } finally {
      await deleteKeys(t.redisUrl as string, `${a.prefix}:*`);
      await t.close();
    }
  });
});
