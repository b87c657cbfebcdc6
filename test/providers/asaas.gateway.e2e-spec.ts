import { randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import request from 'supertest';
import { AsaasProvider, CHARGE_STATUSES } from '@lib/providers';
import { isValidBarcode, isValidDigitableLine, parsePixBrCode } from '@lib/brazil';
import { bolepixBody, boletoBody, CHARGES_TEST_ENV, pixBody } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys, scanKeys } from '../helpers/redis';
import { ASAAS_SIM_STATUSES, AsaasSimulator } from '../simulators/asaas.simulator';
import { SimControl } from '../simulators/sim-control';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { ASAAS_API_KEY, asaasCredentials } from './bank-credentials';
import { bearer, post, providerTenant, ProviderTenant, timed } from './gateway-fixtures';

// Generous enough that a loaded CI machine does not time out healthy calls (timeouts would open the breaker and
// fail the tests after it); the timeout-after-commit test still waits two of them.
const TIMEOUT_MS = 1500;
const WEBHOOK_TOKEN = 'sim-asaas-webhook-token-CANARY-91c2';
let pki: SimPki;
let sim: AsaasSimulator;
let control: SimControl;

beforeAll(async () => {
  pki = generateSimPki();
  sim = new AsaasSimulator(pki, [
    { apiKey: ASAAS_API_KEY, webhookToken: WEBHOOK_TOKEN },
    { apiKey: '$aact_hmlg_other-account', requireUserAgent: true },
  ]);
  await sim.start();
  control = new SimControl(sim.url, pki);
});
afterAll(async () => {
  await control?.close();
  await sim?.stop();
  pki?.cleanup();
});

/** A fresh valid CPF (random base, computed check digits), so a test's payer is new at the simulator. */
const usedDocs: string[] = [];
function newCpf(): string {
  const base = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10));
  const dv = (ds: number[]) => ((ds.reduce((sum, d, i) => sum + d * (ds.length + 1 - i), 0) * 10) % 11) % 10;
  const first = dv(base);
  const cpf = [...base, first, dv([...base, first])].join('');
  usedDocs.push(cpf);
  return cpf;
}
const payerWith = (document: string) => ({ ...(bolepixBody().payer as Record<string, unknown>), document });

const stats = async () => (await control.call('GET', '/__sim/stats')).body as { charges: number; customers: number };

describe.each(ADAPTERS)('gateway REST API on Asaas (%s)', (adapter) => {
  let t: TestApp;
  const tenants: ProviderTenant[] = [];
  const tenant = (over: Record<string, unknown> = {}) => {
    const x = providerTenant('asaas', asaasCredentials(pki, { webhookToken: WEBHOOK_TOKEN, ...over }));
    tenants.push(x);
    return x;
  };
  const get = (a: ProviderTenant, id: string) => request(t.url).get(`/v1/charges/${id}`).set(bearer(a));

  beforeAll(async () => {
    t = await startTestApp({
      adapter,
      env: {
        ...CHARGES_TEST_ENV,
        ASAAS_BASE_URL: sim.apiUrl,
        PROVIDER_CA_CERTS_FILE: pki.caFile,
        PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS),
      },
    });
  });
  afterAll(async () => {
    for (const x of tenants) await deleteKeys(t.redisUrl as string, `${x.prefix}:*`);
    await t?.close();
  });
  afterEach(async () => {
    await control.post('/__sim/faults/reset');
    await control.post('/__sim/rate-limit', { count: 0 });
  });

  it.each([
    { type: 'pix', body: pixBody, billing: 'PIX' },
    { type: 'bolepix', body: bolepixBody, billing: 'BOLETO' },
  ] as const)(
    'creates, reads and cancels a $type (Asaas $billing) with the unified response',
    async ({ type, body, billing }) => {
      const a = tenant();
      const c = (await post(t.url, '/v1/charges', a, body(), randomUUID()).expect(201)).body;
      expect(c).toMatchObject({
        providerId: 'asaas',
        type,
        status: 'PENDING',
        providerStatus: 'PENDING',
        amount: body().amount,
        currency: 'BRL',
        payer: {
          document: String((body().payer as { document: string }).document)
            .replace(/\W/g, '')
            .toUpperCase(),
        },
      });
      expect(c.id).toMatch(/^pay_/);
      expect(sim.payments.get(c.id)?.request).toMatchObject({
        billingType: billing,
        value: Number(body().amount) / 100,
      });
      if (type === 'bolepix') {
        expect(isValidDigitableLine(c.boleto.digitableLine) && isValidBarcode(c.boleto.barcode)).toBe(true);
        expect(c.boleto.digitableLine.slice(0, 3)).toBe('461');
      } else expect(c.boleto).toBeUndefined();
      const pix = parsePixBrCode(c.pix.brCode);
      expect(pix).toMatchObject({
        crcValid: true,
        pointOfInitiation: 'dynamic',
        url: `pix-h.asaas.com/pixqrcode/cobv/${c.id}`,
      });
      expect((await get(a, c.id).expect(200)).body).toEqual(c);
      const cancelled = (await post(t.url, `/v1/charges/${c.id}/cancel`, a).expect(200)).body;
      expect(cancelled).toMatchObject({
        id: c.id,
        status: 'CANCELLED',
        providerStatus: 'DELETED',
        cancelledAt: expect.any(String),
      });
      expect(sim.payments.get(c.id)?.deleted).toBe(true);
      expect((await get(a, c.id).expect(200)).body).toMatchObject({ status: 'CANCELLED', providerStatus: 'DELETED' });
      expect((await post(t.url, `/v1/charges/${c.id}/cancel`, a).expect(200)).body.status).toBe('CANCELLED');
    },
  );

  it('sends amounts, fine, interest, discount and externalReference as Asaas fields', async () => {
    const a = tenant();
    const body = bolepixBody({ amount: 123457, discount: { percent: 5, until: bolepixBody().dueDate } });
    const c = (await post(t.url, '/v1/charges', a, body).expect(201)).body;
    expect(sim.payments.get(c.id)?.request).toMatchObject({
      value: 1234.57,
      dueDate: body.dueDate,
      externalReference: body.externalId,
      description: 'Mensalidade',
      fine: { value: 2, type: 'PERCENTAGE' },
      interest: { value: 1 },
      discount: { value: 5, dueDateLimitDays: 0, type: 'PERCENTAGE' },
    });
    expect(c).toMatchObject({ amount: 123457, externalId: body.externalId });
    expect(parsePixBrCode(c.pix.brCode).crcValid).toBe(true);
  });

  it('answers 422 for plain boleto, maps Asaas errors[] to field errors, 404 for unknown ids', async () => {
    const a = tenant();
    expect((await post(t.url, '/v1/charges', a, boletoBody()).expect(422)).body.code).toBe('UNSUPPORTED_CHARGE_TYPE');
    await control.post('/__sim/config', { minValueCents: 500 });
    try {
      const small = await post(t.url, '/v1/charges', a, pixBody({ amount: 100 })).expect(400);
      expect(small.body).toMatchObject({
        code: 'VALIDATION_ERROR',
        errors: [{ field: 'amount', message: 'O valor mínimo da cobrança é R$ 5,00.' }],
      });
    } finally {
      await control.post('/__sim/config', { minValueCents: 1 });
    }
    expect((await get(a, 'pay_doesnotexist1').expect(404)).body.code).toBe('CHARGE_NOT_FOUND');
    expect((await get(a, 'inv_123').expect(404)).body.code).toBe('CHARGE_NOT_FOUND');
  });

  it('maps every Asaas status forced at the simulator, and refuses to cancel a received payment', async () => {
    const a = tenant();
    const c = (await post(t.url, '/v1/charges', a, bolepixBody()).expect(201)).body;
    const expected: Record<string, string> = {
      PENDING: 'PENDING',
      AWAITING_RISK_ANALYSIS: 'PROCESSING',
      AUTHORIZED: 'PROCESSING',
      OVERDUE: 'OVERDUE',
      DUNNING_REQUESTED: 'OVERDUE',
      RECEIVED: 'PAID',
      CONFIRMED: 'PAID',
      RECEIVED_IN_CASH: 'PAID',
      DUNNING_RECEIVED: 'PAID',
      REFUND_REQUESTED: 'PAID',
      REFUND_IN_PROGRESS: 'PAID',
      CHARGEBACK_REQUESTED: 'PAID',
      CHARGEBACK_DISPUTE: 'PAID',
      AWAITING_CHARGEBACK_REVERSAL: 'PAID',
      REFUNDED: 'REFUNDED',
    };
    expect(Object.keys(expected).sort()).toEqual([...ASAAS_SIM_STATUSES].sort());
    for (const [status, ours] of Object.entries(expected)) {
      expect((await control.post(`/__sim/charges/${c.id}/status`, { status })).status).toBe(200);
      const read = (await get(a, c.id).expect(200)).body;
      expect({ status, ours: read.status, providerStatus: read.providerStatus }).toEqual({
        status,
        ours,
        providerStatus: status,
      });
      expect(CHARGE_STATUSES).toContain(read.status);
    }
    await control.post(`/__sim/charges/${c.id}/status`, { status: 'PENDING' });
    await control.post(`/__sim/charges/${c.id}/pay`);
    expect((await get(a, c.id).expect(200)).body).toMatchObject({
      status: 'PAID',
      paidAmount: 100000,
      paidAt: expect.any(String),
    });
    expect((await post(t.url, `/v1/charges/${c.id}/cancel`, a).expect(409)).body.code).toBe('CHARGE_NOT_CANCELLABLE');
    expect(sim.payments.get(c.id)?.deleted).toBe(false);
  });

  it('creates one Asaas customer for two charges, and for two concurrent charges, to the same document', async () => {
    const a = tenant();
    const [x, y] = [newCpf(), newCpf()];
    const before = await stats();
    await post(t.url, '/v1/charges', a, pixBody({ payer: payerWith(x) })).expect(201);
    await post(t.url, '/v1/charges', a, bolepixBody({ payer: payerWith(y) })).expect(201);
    await post(t.url, '/v1/charges', a, bolepixBody({ payer: payerWith(y) })).expect(201);
    const mid = await stats();
    // Two payers: two customers, three payments.
    expect({ customers: mid.customers - before.customers, charges: mid.charges - before.charges }).toEqual({
      customers: 2,
      charges: 3,
    });
    const b = tenant();
    const doc = newCpf();
    const res = await Promise.all(
      [1, 2, 3].map(() => post(t.url, '/v1/charges', b, bolepixBody({ payer: payerWith(doc) }))),
    );
    expect(res.map((r) => r.status)).toEqual([201, 201, 201]);
    const after = await stats();
    expect({ customers: after.customers - mid.customers, charges: after.charges - mid.charges }).toEqual({
      customers: 1,
      charges: 3,
    });
    expect([...sim.customers.values()].filter((c) => c.data.cpfCnpj === doc)).toHaveLength(1);
  });

  it('surfaces an Asaas 429 as 503 PROVIDER_UNAVAILABLE with Retry-After from RateLimit-Reset', async () => {
    const a = tenant();
    await control.post('/__sim/rate-limit', { count: 1, reset: 17, limit: 100 });
    const res = await post(t.url, '/v1/charges', a, pixBody()).expect(503);
    expect(res.body.code).toBe('PROVIDER_UNAVAILABLE');
    expect(res.headers['retry-after']).toBe('17');
    await post(t.url, '/v1/charges', a, pixBody()).expect(201);
  });

  it('a create that timed out after Asaas committed it is found by externalReference: one customer, one payment', async () => {
    const a = tenant();
    const doc = newCpf();
    const body = bolepixBody({ externalId: undefined, payer: payerWith(doc) });
    const before = await stats();
    const key = randomUUID();
    // The customer create and the payment create both commit, then never answer.
    await control.faults({ hangAfterCommit: 2 });
    const { res: first, ms } = await timed(() => post(t.url, '/v1/charges', a, body, key).expect(201));
    expect(ms).toBeGreaterThanOrEqual(2 * TIMEOUT_MS);
    expect(first.body.externalId).toMatch(/^gw-[0-9a-f]{32}$/);
    const retry = await post(t.url, '/v1/charges', a, body, key).expect(201);
    expect(retry.body.id).toBe(first.body.id);
    const after = await stats();
    expect({ customers: after.customers - before.customers, charges: after.charges - before.charges }).toEqual({
      customers: 1,
      charges: 1,
    });
  });

  it('answers a refused API key with 502 naming what to check, never the key', async () => {
    const bad = tenant({ apiKey: '$aact_hmlg_revoked-key-CANARY-0b5e' });
    const res = await post(t.url, '/v1/charges', bad, pixBody()).expect(502);
    expect(res.body).toMatchObject({
      code: 'PROVIDER_ERROR',
      detail: expect.stringMatching(
        /Asaas refused the API key \(HTTP 401: invalid_access_token\)\. Check credentials\.apiKey/,
      ),
    });
    expect(JSON.stringify(res.body)).not.toContain('revoked-key');
    const wrongEnv = await post(
      t.url,
      '/v1/charges',
      tenant({ apiKey: '$aact_prod_x', environment: 'sandbox' }),
      pixBody(),
    ).expect(401);
    expect(wrongEnv.body.detail).toMatch(/apiKey is a production key/);
  });

  it('lists asaas in GET /v1/providers with its capabilities', async () => {
    const res = await request(t.url).get('/v1/providers').set(bearer(tenant())).expect(200);
    expect(res.body).toContainEqual({
      id: 'asaas',
      displayName: 'Asaas',
      capabilities: {
        types: ['pix', 'bolepix'],
        idempotentCreate: false,
        asyncRegistration: false,
        requiresSession: false,
        cancel: true,
        list: true,
        refund: true,
        boletoPdf: true,
      },
    });
    expect((await post(t.url, '/initialize', tenant()).expect(200)).body.session).toMatchObject({ cached: false });
  });

  it('never writes the API key or webhook token to logs, and keeps customer ids and payers sealed in Redis', async () => {
    await new Promise((r) => setTimeout(r, 50));
    const logs = t.logs.join('\n');
    const exchanges = t.logs
      .filter((l) => l.includes('"msg":"provider exchange"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(exchanges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ providerId: 'asaas', operation: 'create', route: '/payments' }),
      ]),
    );
    expect(exchanges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ providerId: 'asaas', operation: 'customer', route: '/customers' }),
      ]),
    );
    for (const secret of [ASAAS_API_KEY, WEBHOOK_TOKEN, 'revoked-key-CANARY', ...usedDocs])
      expect(logs).not.toContain(secret);
    let customers = 0;
    for (const x of tenants) {
      for (const [key, value] of await scanKeys(t.redisUrl as string, `${x.prefix}:*`)) {
        for (const secret of [ASAAS_API_KEY, WEBHOOK_TOKEN, ...usedDocs]) {
          expect(value).not.toContain(secret);
          expect(key).not.toContain(secret);
        }
        if (/:customer:|:payer:/.test(key)) {
          customers++;
          expect(value).toMatch(/^s:v1\./);
        }
      }
    }
    expect(customers).toBeGreaterThan(0);
  });
});

describe('Asaas simulator notifications read by the provider', () => {
  let receiver: Server;
  let received: { headers: IncomingHttpHeaders; body: string }[] = [];
  let url = '';
  const provider = new AsaasProvider({ timeoutMs: TIMEOUT_MS, baseUrls: {} });

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/v1/webhooks/asaas/t1/tok`;
  });
  afterAll(async () => {
    await new Promise((r) => receiver.close(r));
    await provider.onModuleDestroy();
  });

  it("POSTs Asaas's {id, event, payment} with asaas-access-token, which parseNotification verifies and maps", async () => {
    const id = [...sim.payments.keys()][0];
    received = [];
    const sent = await control.post('/__sim/notify', { url, paymentId: id, event: 'PAYMENT_RECEIVED' });
    expect(sent.body).toMatchObject({ status: 200, eventId: expect.stringMatching(/^evt_[0-9a-f]{32}&\d+$/) });
    const [{ headers, body }] = received;
    expect(headers['asaas-access-token']).toBe(WEBHOOK_TOKEN);
    const parsed = JSON.parse(body) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      id: sent.body.eventId,
      event: 'PAYMENT_RECEIVED',
      dateCreated: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      payment: { object: 'payment', id },
    });
    const ctx = {
      tenantId: 't1',
      providerId: 'asaas',
      credentials: provider.parseCredentials({
        apiKey: ASAAS_API_KEY,
        environment: 'sandbox',
        webhookToken: WEBHOOK_TOKEN,
      }),
      credentialFingerprint: 'fp',
      sessionTtlSeconds: 60,
      state: { get: () => Promise.resolve(undefined), set: () => Promise.resolve(true), del: () => Promise.resolve() },
    };
    const inbound = { headers: headers as Record<string, string>, body: parsed, rawBody: body };
    const [n] = await provider.parseNotification(inbound, ctx);
    expect(n).toMatchObject({ eventId: sent.body.eventId, chargeId: id, type: 'charge.paid' });
    received = [];
    await control.post('/__sim/notify', { url, paymentId: id, event: 'PAYMENT_DELETED', token: 'forged' });
    const forged = {
      headers: received[0].headers as Record<string, string>,
      body: JSON.parse(received[0].body) as unknown,
      rawBody: received[0].body,
    };
    await expect(provider.parseNotification(forged, ctx)).rejects.toMatchObject({ code: 'WEBHOOK_UNAUTHORIZED' });
  });
});
