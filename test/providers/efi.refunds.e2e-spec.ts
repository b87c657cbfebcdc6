import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { boletoBody, CHARGES_TEST_ENV, pixBody } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys } from '../helpers/redis';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { EFI_SIM_PIX_KEY, EfiSimulator } from '../simulators/efi.simulator';
import { SimControl } from '../simulators/sim-control';
import { EFI_SECRET, efiCredentials } from './bank-credentials';
import { bearer, post, providerTenant, ProviderTenant } from './gateway-fixtures';

let pki: SimPki;
let sim: EfiSimulator;
let pixControl: SimControl;

beforeAll(async () => {
  pki = generateSimPki();
  sim = new EfiSimulator(pki, [
    { clientId: 'sim-efi-client', clientSecret: EFI_SECRET, pixKeys: [EFI_SIM_PIX_KEY], bolix: true },
  ]);
  await sim.start();
  pixControl = new SimControl(sim.pixUrl, pki);
});
afterAll(async () => {
  await pixControl?.close();
  await sim?.stop();
  pki?.cleanup();
});

// Pix devolução: PUT /v2/pix/:e2eid/devolucao/:id, the id chosen by the gateway from tenant + Idempotency-Key.
describe.each(ADAPTERS)('refunds at Efí through the Pix devolução (%s)', (adapter) => {
  let t: TestApp;
  let a: ProviderTenant;
  const refund = (id: string, body: object, key?: string) => {
    const req = request(t.url).post(`/v1/charges/${id}/refunds`).set(bearer(a));
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };
  /** A Pix of R$ 10,00 or less is paid at once in homologation. */
  const paidPix = async (amount: number) =>
    (await post(t.url, '/v1/charges', a, pixBody({ amount })).expect(201)).body.id as string;

  beforeAll(async () => {
    t = await startTestApp({
      adapter,
      env: {
        ...CHARGES_TEST_ENV,
        EFI_BASE_URL: sim.url,
        EFI_PIX_BASE_URL: sim.pixUrl,
        PROVIDER_CA_CERTS_FILE: pki.caFile,
      },
    });
    a = providerTenant('efi', efiCredentials(pki));
  });
  afterAll(async () => {
    await deleteKeys(t.redisUrl as string, `${a.prefix}:*`);
    await t?.close();
  });

  it('refunds part with its reason, then the rest: REFUNDED, and nothing more', async () => {
    const id = await paidPix(900);
    const partial = await refund(id, { amount: 300, reason: 'Produto devolvido' }).expect(201);
    expect(partial.body).toMatchObject({ status: 'PAID', refundedAmount: 300 });
    expect(partial.body.refunds).toEqual([
      expect.objectContaining({ amount: 300, status: 'DONE', reason: 'Produto devolvido' }),
    ]);
    const rest = await refund(id, {}).expect(201);
    expect(rest.body).toMatchObject({ status: 'REFUNDED', refundedAmount: 900 });
    expect(rest.body.refunds.map((r: { amount: number }) => r.amount)).toEqual([300, 600]);
    expect((await refund(id, {}).expect(409)).body.code).toBe('CHARGE_NOT_REFUNDABLE');
  });

  it('names the devolução from the Idempotency-Key: a retry, even past a lost record, refunds once', async () => {
    const id = await paidPix(500);
    const key = randomUUID();
    const first = await refund(id, { amount: 200 }, key).expect(201);
    expect(first.body.refunds[0].id).toMatch(/^[0-9a-f]{32}$/);
    await deleteKeys(t.redisUrl as string, `${a.prefix}:${a.tenantId}:idem:*`);
    const again = await refund(id, { amount: 200 }, key).expect(201);
    expect(again.body).toMatchObject({ refundedAmount: 200, refunds: [{ id: first.body.refunds[0].id }] });
  });

  it('refuses above what is left, an unpaid Pix, and a boleto (Efí refunds Pix only)', async () => {
    const id = await paidPix(400);
    expect((await refund(id, { amount: 401 }).expect(422)).body.code).toBe('REFUND_EXCEEDS_PAID');
    const open = (await post(t.url, '/v1/charges', a, pixBody({ amount: 1001 })).expect(201)).body.id;
    expect((await refund(open, {}).expect(409)).body.code).toBe('CHARGE_NOT_REFUNDABLE');
    const boleto = (await post(t.url, '/v1/charges', a, boletoBody()).expect(201)).body.id;
    expect((await refund(boleto, {}).expect(422)).body.code).toBe('UNSUPPORTED_OPERATION');
  });
});
