import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { isValidBarcode, isValidDigitableLine, parsePixBrCode } from '@lib/brazil';
import { bolepixBody, boletoBody, CHARGES_TEST_ENV, pixBody } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys, scanKeys } from '../helpers/redis';
import { InterSimulator } from '../simulators/inter.simulator';
import { SimControl } from '../simulators/sim-control';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { INTER_SECRET, interCredentials } from './bank-credentials';
import { bearer, pemBody, post, providerTenant, ProviderTenant, timed } from './gateway-fixtures';

const TIMEOUT_MS = 700;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let pki: SimPki;
let sim: InterSimulator;
let control: SimControl;

beforeAll(async () => {
  pki = generateSimPki();
  sim = new InterSimulator(pki, [
    {
      clientId: 'sim-inter-client',
      clientSecret: INTER_SECRET,
      scopes: ['boleto-cobranca.read', 'boleto-cobranca.write'],
    },
  ]);
  sim.registrationDelayMs = 150;
  await sim.start();
  control = new SimControl(sim.url, pki);
});
afterAll(async () => {
  await control?.close();
  await sim?.stop();
  pki?.cleanup();
});

describe.each(ADAPTERS)('gateway REST API on Banco Inter over mTLS (%s)', (adapter) => {
  let t: TestApp;
  const tenants: ProviderTenant[] = [];
  const tenant = (over: Record<string, unknown> = {}) => {
    const x = providerTenant('inter', interCredentials(pki, over));
    tenants.push(x);
    return x;
  };
  const body = (over: Record<string, unknown> = {}) => bolepixBody({ externalId: undefined, ...over });
  const get = (a: ProviderTenant, id: string) => request(t.url).get(`/v1/charges/${id}`).set(bearer(a));

  beforeAll(async () => {
    t = await startTestApp({
      adapter,
      env: {
        ...CHARGES_TEST_ENV,
        INTER_BASE_URL: sim.url,
        PROVIDER_CA_CERTS_FILE: pki.caFile,
        PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS),
      },
    });
  });
  afterAll(async () => {
    for (const x of tenants) await deleteKeys(t.redisUrl as string, `${x.prefix}:*`);
    await t?.close();
  });
  afterEach(() => control.post('/__sim/faults/reset'));

  it('creates a bolepix as PROCESSING, reads it filled in once Inter registers it, and cancels it', async () => {
    const a = tenant();
    const created = await post(t.url, '/v1/charges', a, body({ externalId: 'ped-85401' }), randomUUID()).expect(201);
    const c = created.body;
    expect(c).toMatchObject({
      providerId: 'inter',
      type: 'bolepix',
      status: 'PROCESSING',
      providerStatus: 'EM_PROCESSAMENTO',
      amount: 100000,
      currency: 'BRL',
      externalId: 'ped-85401',
    });
    expect(c.boleto).toBeUndefined();
    await sleep(200);
    const read = (await get(a, c.id).expect(200)).body;
    expect(read).toMatchObject({
      id: c.id,
      status: 'PENDING',
      providerStatus: 'A_RECEBER',
      amount: 100000,
      dueDate: c.dueDate,
      payer: { document: '52998224725', documentType: 'CPF' },
    });
    expect(isValidDigitableLine(read.boleto.digitableLine) && isValidBarcode(read.boleto.barcode)).toBe(true);
    expect(parsePixBrCode(read.pix.brCode).amountCents).toBe(100000);
    const cancelled = await post(t.url, `/v1/charges/${c.id}/cancel`, a).expect(200);
    expect(cancelled.body).toMatchObject({ id: c.id, status: 'CANCELLED', providerStatus: 'CANCELADO' });
    expect((await get(a, c.id).expect(200)).body.status).toBe('CANCELLED');
  });

  it('answers 422 UNSUPPORTED_CHARGE_TYPE for boleto and pix, and Inter violations as 400 field errors', async () => {
    const a = tenant();
    expect((await post(t.url, '/v1/charges', a, boletoBody({ externalId: undefined })).expect(422)).body.code).toBe(
      'UNSUPPORTED_CHARGE_TYPE',
    );
    expect((await post(t.url, '/v1/charges', a, pixBody()).expect(422)).body.code).toBe('UNSUPPORTED_CHARGE_TYPE');
    const tooSmall = await post(t.url, '/v1/charges', a, body({ amount: 100 })).expect(400);
    expect(tooSmall.body).toMatchObject({
      code: 'VALIDATION_ERROR',
      errors: [{ field: 'amount', message: 'deve ser maior ou igual a 2.5' }],
    });
  });

  it('maps a paid charge and a failed registration, and refuses to cancel a paid charge', async () => {
    const a = tenant();
    const paid = (await post(t.url, '/v1/charges', a, body()).expect(201)).body;
    await control.post(`/__sim/charges/${paid.id}/register`);
    await control.post(`/__sim/charges/${paid.id}/pay`);
    expect((await get(a, paid.id).expect(200)).body).toMatchObject({
      status: 'PAID',
      providerStatus: 'RECEBIDO',
      paidAmount: 100000,
    });
    expect((await post(t.url, `/v1/charges/${paid.id}/cancel`, a).expect(409)).body.code).toBe(
      'CHARGE_NOT_CANCELLABLE',
    );
    sim.registrationDelayMs = 60_000;
    try {
      const failed = (await post(t.url, '/v1/charges', a, body()).expect(201)).body;
      await control.post(`/__sim/charges/${failed.id}/fail`);
      expect((await get(a, failed.id).expect(200)).body).toMatchObject({
        status: 'FAILED',
        providerStatus: 'FALHA_EMISSAO',
      });
    } finally {
      sim.registrationDelayMs = 150;
    }
  });

  it('requests a token once per session, refreshes it after expiry and recovers from a 401 transparently', async () => {
    const a = tenant();
    const start = (await control.stats()).tokenRequests;
    const c = (await post(t.url, '/v1/charges', a, body()).expect(201)).body;
    await get(a, c.id).expect(200);
    await get(a, c.id).expect(200);
    expect((await control.stats()).tokenRequests - start).toBe(1);
    await control.post('/__sim/tokens/expire');
    await get(a, c.id).expect(200);
    expect((await control.stats()).tokenRequests - start).toBe(2);
    await control.post('/__sim/config', { tokenTtlSeconds: 2 });
    try {
      const b = tenant();
      await post(t.url, '/initialize', b).expect(200);
      await sleep(1100);
      await get(b, c.id).expect(200);
      expect((await control.stats()).tokenRequests - start).toBe(4);
    } finally {
      await control.post('/__sim/config', { tokenTtlSeconds: 3600 });
    }
  });

  it("a create that timed out after Inter committed it is reconciled by seuNumero; the caller's retry is one charge", async () => {
    const a = tenant();
    await post(t.url, '/initialize', a).expect(200);
    const before = (await control.stats()).charges;
    const key = randomUUID();
    await control.faults({ hangAfterCommit: 1 });
    const { res: first, ms } = await timed(() => post(t.url, '/v1/charges', a, body(), key).expect(201));
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS);
    const retry = await post(t.url, '/v1/charges', a, body(), key).expect(201);
    expect(retry.body.id).toBe(first.body.id);
    expect((await control.stats()).charges - before).toBe(1);
  });

  it('opens the breaker on a 5xx burst (fast 503) and closes it after Inter recovers', async () => {
    const a = tenant();
    const c = (await post(t.url, '/v1/charges', a, body()).expect(201)).body;
    await control.faults({ fail: { count: 10_000, status: 502 } });
    expect((await get(a, c.id)).status).toBe(502);
    expect((await get(a, c.id)).body.code).toBe('PROVIDER_UNAVAILABLE');
    const seen = (await control.stats()).requests;
    const { res, ms } = await timed(() => get(a, c.id));
    expect(res.status).toBe(503);
    expect(res.body.detail).toMatch(/Banco Inter is failing repeatedly.*circuit breaker open/);
    expect(ms).toBeLessThan(150);
    expect((await control.stats()).requests).toBe(seen);
    await control.post('/__sim/faults/reset');
    await sleep(2 * TIMEOUT_MS + 100);
    await get(a, c.id).expect(200);
  });

  it('refuses a client certificate from another CA and credentials without one (502), and a certificate without its key (401)', async () => {
    const rogue = tenant({ certificate: pki.rogueClientCertPem, privateKey: pki.rogueClientKeyPem });
    expect((await post(t.url, '/initialize', rogue).expect(502)).body.detail).toMatch(
      /TLS: Banco Inter refused the connection/,
    );
    const missing = await post(t.url, '/initialize', tenant({ certificate: undefined, privateKey: undefined })).expect(
      502,
    );
    expect(missing.body).toMatchObject({
      code: 'PROVIDER_ERROR',
      detail: expect.stringMatching(
        /TLS: Banco Inter refused the connection: it requires a TLS client certificate and the credentials carry none/,
      ),
    });
    expect((await post(t.url, '/initialize', tenant({ privateKey: undefined })).expect(401)).body.detail).toMatch(
      /privateKey is required/,
    );
  });

  it('never writes the client secret, keys or provider tokens to logs or to Redis in plain text', async () => {
    await sleep(50);
    const logs = t.logs.join('\n');
    expect(sim.tokens.all().length).toBeGreaterThan(0);
    for (const secret of [INTER_SECRET, pemBody(pki.clientKeyPem), pemBody(pki.clientCertPem), ...sim.tokens.all()])
      expect(logs).not.toContain(secret);
    let sessions = 0;
    for (const x of tenants) {
      for (const [key, value] of await scanKeys(t.redisUrl as string, `${x.prefix}:*`)) {
        for (const secret of [INTER_SECRET, pemBody(pki.clientKeyPem), ...sim.tokens.all()])
          expect(value).not.toContain(secret);
        if (key.includes(':oauth:')) {
          sessions++;
          expect(value).toMatch(/^s:v1\./);
        }
      }
    }
    expect(sessions).toBeGreaterThan(0);
  });
});
