import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { bolepixBody, CHARGES_TEST_ENV, pixBody, spDate } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys } from '../helpers/redis';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { AsaasSimulator } from '../simulators/asaas.simulator';
import { SimControl } from '../simulators/sim-control';
import { asaasCredentials } from './bank-credentials';
import { bearer, providerTenant, ProviderTenant } from './gateway-fixtures';

const OTHER_ACCOUNT = '$aact_hmlg_sim-asaas-other-listing';
let pki: SimPki;
let sim: AsaasSimulator;
let control: SimControl;

beforeAll(async () => {
  pki = generateSimPki();
  sim = new AsaasSimulator(pki, [
    { apiKey: '$aact_hmlg_sim-asaas-key-CANARY-4b1d7e' },
    { apiKey: OTHER_ACCOUNT, requireUserAgent: true },
  ]);
  await sim.start();
  control = new SimControl(sim.url, pki);
});
afterAll(async () => {
  await control?.close();
  await sim?.stop();
  pki?.cleanup();
});

/** A fresh valid CPF, so the listing's payer is new at the simulator. */
function newCpf(): string {
  const base = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10));
  const dv = (ds: number[]) => ((ds.reduce((sum, d, i) => sum + d * (ds.length + 1 - i), 0) * 10) % 11) % 10;
  const first = dv(base);
  return [...base, first, dv([...base, first])].join('');
}

type Page = { data: Array<{ id: string; status: string }>; hasMore: boolean; nextCursor: string | null };

describe.each(ADAPTERS)('listing (GET /payments) and refunds (POST /payments/:id/refund) at Asaas (%s)', (adapter) => {
  let t: TestApp;
  const tenants: ProviderTenant[] = [];
  const tenant = (over: Record<string, unknown> = {}) => {
    const x = providerTenant('asaas', asaasCredentials(pki, over));
    tenants.push(x);
    return x;
  };
  const list = (a: ProviderTenant, query: string) => request(t.url).get(`/v1/charges${query}`).set(bearer(a));
  const ids = (page: Page) => page.data.map((c) => c.id);

  const cpf = newCpf();
  const externalId = `order-${randomUUID()}`;
  let a: ProviderTenant;
  let pix: string, bolepix: string, other: string;
  let bolepixUnpaid: string;

  beforeAll(async () => {
    t = await startTestApp({
      adapter,
      env: { ...CHARGES_TEST_ENV, ASAAS_BASE_URL: sim.apiUrl, PROVIDER_CA_CERTS_FILE: pki.caFile },
    });
    a = tenant();
    const payer = { ...(bolepixBody().payer as Record<string, unknown>), document: cpf };
    const create = (body: Record<string, unknown>) =>
      request(t.url).post('/v1/charges').set(bearer(a)).send(body).expect(201);
    bolepix = (await create(bolepixBody({ payer, externalId, dueDate: spDate(10) }))).body.id;
    pix = (await create(pixBody({ payer }))).body.id;
    other = (await create(bolepixBody({ payer: { ...payer, document: newCpf() }, dueDate: spDate(30) }))).body.id;
    await control.post(`/__sim/charges/${pix}/pay`);
    bolepixUnpaid = other;
  });
  afterAll(async () => {
    for (const x of tenants) await deleteKeys(t.redisUrl as string, `${x.prefix}:*`);
    await t?.close();
  });

  it('declares the list and refund capabilities', async () => {
    const res = await request(t.url).get('/v1/providers').set(bearer(a)).expect(200);
    const asaas = (res.body as Array<{ id: string; capabilities: Record<string, unknown> }>).find(
      (p) => p.id === 'asaas',
    );
    expect(asaas?.capabilities).toMatchObject({ list: true, refund: true });
  });

  const paidPix = async (amount: number) => {
    const id = (await request(t.url).post('/v1/charges').set(bearer(a)).send(pixBody({ amount })).expect(201)).body.id;
    await control.post(`/__sim/charges/${id}/pay`);
    return id as string;
  };
  const refund = (id: string, body: object, key?: string) => {
    const req = request(t.url).post(`/v1/charges/${id}/refunds`).set(bearer(a));
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };

  it('refunds part (with its reason), then the rest: REFUNDED', async () => {
    const id = await paidPix(3000);
    const partial = await refund(id, { amount: 1000, reason: 'Produto devolvido' }).expect(201);
    expect(partial.body).toMatchObject({ status: 'PAID', refundedAmount: 1000 });
    expect(partial.body.refunds).toEqual([
      expect.objectContaining({ amount: 1000, status: 'DONE', reason: 'Produto devolvido' }),
    ]);
    const rest = await refund(id, {}).expect(201);
    expect(rest.body).toMatchObject({ status: 'REFUNDED', providerStatus: 'REFUNDED', refundedAmount: 3000 });
    expect((await refund(id, {}).expect(409)).body.code).toBe('CHARGE_NOT_REFUNDABLE');
  });

  it('refunds once for a keyed retry, even past a lost idempotency record (the key tagged at Asaas)', async () => {
    const id = await paidPix(2000);
    const key = randomUUID();
    const first = await refund(id, { amount: 500 }, key).expect(201);
    expect((await refund(id, { amount: 500 }, key).expect(201)).headers['idempotent-replayed']).toBe('true');
    await deleteKeys(t.redisUrl as string, `${a.prefix}:${a.tenantId}:idem:*`);
    const past = await refund(id, { amount: 500 }, key).expect(201);
    expect(past.headers['idempotent-replayed']).toBeUndefined();
    expect(past.body).toMatchObject({ refundedAmount: 500, refunds: [{ id: first.body.refunds[0].id, amount: 500 }] });
    expect(first.body.refunds[0].id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses a refund above what is left and one of an unpaid charge', async () => {
    const id = await paidPix(1500);
    const over = await refund(id, { amount: 1501 }).expect(422);
    expect(over.body.code).toBe('REFUND_EXCEEDS_PAID');
    expect(over.body.detail).toContain('1500 cents');
    expect((await refund(bolepixUnpaid, {}).expect(409)).body.code).toBe('CHARGE_NOT_REFUNDABLE');
  });

  const paidBolepix = async (via: 'BOLETO' | 'PIX') => {
    const id = (
      await request(t.url)
        .post('/v1/charges')
        .set(bearer(a))
        .send(bolepixBody({ amount: 4000 }))
        .expect(201)
    ).body.id as string;
    await control.post(`/__sim/charges/${id}/pay`, { via });
    return id;
  };
  const bankSlipRefunds = async () => (await control.stats()).byRoute['POST /v3/payments/:id/bankSlip/refund'] ?? 0;

  it('refunds a boleto payment in full through bankSlip/refund: PROCESSING until Asaas pays the payer back, keyed once', async () => {
    const id = await paidBolepix('BOLETO');
    const before = await bankSlipRefunds();
    expect((await refund(id, { amount: 1000 }).expect(422)).body).toMatchObject({
      code: 'UNSUPPORTED_OPERATION',
      detail: expect.stringContaining('in full only'),
    });
    const key = randomUUID();
    const asked = await refund(id, { reason: 'Pedido cancelado' }, key).expect(201);
    expect(asked.body).toMatchObject({ status: 'PAID', providerStatus: 'REFUND_REQUESTED', refundedAmount: 4000 });
    // The link Asaas answered, where the payer gives a bank account: on the refund, and on later reads.
    const link = expect.stringMatching(new RegExp(`^https://sandbox\\.asaas\\.com/refundRequest/${id}/[0-9a-f]{24}$`));
    expect(asked.body.refunds).toEqual([
      expect.objectContaining({ amount: 4000, status: 'PROCESSING', payerActionUrl: link }),
    ]);
    const read = await request(t.url).get(`/v1/charges/${id}`).set(bearer(a)).expect(200);
    expect(read.body.refunds).toEqual(asked.body.refunds);
    await deleteKeys(t.redisUrl as string, `${a.prefix}:${a.tenantId}:idem:*`);
    const again = await refund(id, {}, key).expect(201);
    expect(again.body).toMatchObject({ providerStatus: 'REFUND_REQUESTED', refunds: asked.body.refunds });
    expect((await refund(id, {}, randomUUID()).expect(409)).body.code).toBe('CHARGE_NOT_REFUNDABLE');
    expect(await bankSlipRefunds()).toBe(before + 1);
    expect((await control.post(`/__sim/charges/${id}/refund-confirm`)).status).toBe(200);
    const done = await request(t.url).get(`/v1/charges/${id}`).set(bearer(a)).expect(200);
    expect(done.body).toMatchObject({ status: 'REFUNDED', refundedAmount: 4000, refunds: [{ status: 'DONE' }] });
    expect(done.body.refunds[0].payerActionUrl).toBeUndefined();
  });

  it('refunds a bolepix paid through its Pix QR like a Pix, in part', async () => {
    const id = await paidBolepix('PIX');
    const before = await bankSlipRefunds();
    const res = await refund(id, { amount: 1500 }).expect(201);
    expect(res.body).toMatchObject({
      status: 'PAID',
      refundedAmount: 1500,
      refunds: [{ amount: 1500, status: 'DONE' }],
    });
    expect(await bankSlipRefunds()).toBe(before);
  });

  it.each([
    ['payerDocument', () => `payerDocument=${cpf}`, () => [bolepix, pix]],
    ['payerDocument and status (applied by the gateway)', () => `payerDocument=${cpf}&status=PAID`, () => [pix]],
    ['payerDocument and type (billingType)', () => `payerDocument=${cpf}&type=pix`, () => [pix]],
    ['externalId (externalReference)', () => `externalId=${externalId}`, () => [bolepix]],
    [
      'due days (dueDate[ge]/[le])',
      () => `payerDocument=${cpf}&dueFrom=${spDate(9)}&dueTo=${spDate(11)}`,
      () => [bolepix],
    ],
    [
      'paid days (paymentDate[ge]/[le])',
      () => `paidFrom=${spDate(0)}&paidTo=${spDate(0)}&payerDocument=${cpf}`,
      () => [pix],
    ],
    ['created days (dateCreated[ge])', () => `createdFrom=${spDate(1)}`, () => []],
    ['type boleto, which Asaas does not offer', () => 'type=boleto', () => []],
  ])('filters by %s', async (_name, query, expected) => {
    const res = await list(a, `?${query()}`).expect(200);
    expect(ids(res.body)).toEqual(expected());
  });

  it('pages through the account with the cursor, each payment once', async () => {
    const seen: string[] = [];
    let query = '?limit=2';
    for (let i = 0; i < 10; i++) {
      const page = (await list(a, query).expect(200)).body as Page;
      seen.push(...ids(page));
      if (!page.hasMore) break;
      query = `?limit=2&cursor=${encodeURIComponent(page.nextCursor as string)}`;
    }
    expect(seen).toEqual(expect.arrayContaining([bolepix, pix, other]));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("never lists another account's payments, nor accepts its cursor", async () => {
    const b = tenant({ apiKey: OTHER_ACCOUNT });
    const page = (await list(b, '').expect(200)).body as Page;
    expect(ids(page)).not.toEqual(expect.arrayContaining([pix]));
    const first = (await list(a, '?limit=1').expect(200)).body as Page;
    const res = await list(b, `?limit=1&cursor=${encodeURIComponent(first.nextCursor as string)}`).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });
});
