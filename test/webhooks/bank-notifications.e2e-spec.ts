import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { bolepixBody, boletoBody, CHARGES_TEST_ENV, pixBody } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys } from '../helpers/redis';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import {
  ASAAS_API_KEY,
  asaasCredentials,
  EFI_SECRET,
  efiCredentials,
  INTER_SECRET,
  interCredentials,
} from '../providers/bank-credentials';
import { bearer, post, providerTenant, ProviderTenant } from '../providers/gateway-fixtures';
import { AsaasSimulator } from '../simulators/asaas.simulator';
import { EFI_SIM_PIX_KEY, EfiSimulator } from '../simulators/efi.simulator';
import { InterSimulator } from '../simulators/inter.simulator';
import { SimControl } from '../simulators/sim-control';
import { Received, TestConsumer } from './consumer';
import { webhookUrlToken } from '../../src/webhooks/webhook-secrets';

const WEBHOOK_SECRET = 'test-webhook-secret-0123456789-abcdefghij';
const ASAAS_WEBHOOK_TOKEN = 'sim-asaas-webhook-token-CANARY-5e7a';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let pki: SimPki;
let inter: InterSimulator;
let asaas: AsaasSimulator;
let efi: EfiSimulator;
let interControl: SimControl;
let asaasControl: SimControl;
let efiControl: SimControl;
let efiPixControl: SimControl;
let operatorSecret: string;

beforeAll(async () => {
  pki = generateSimPki();
  inter = new InterSimulator(pki, [
    {
      clientId: 'sim-inter-client',
      clientSecret: INTER_SECRET,
      scopes: ['boleto-cobranca.read', 'boleto-cobranca.write', 'pix.read', 'pix.write'],
    },
  ]);
  inter.registrationDelayMs = 60_000;
  asaas = new AsaasSimulator(pki, [{ apiKey: ASAAS_API_KEY, webhookToken: ASAAS_WEBHOOK_TOKEN }]);
  efi = new EfiSimulator(pki, [
    { clientId: 'sim-efi-client', clientSecret: EFI_SECRET, pixKeys: [EFI_SIM_PIX_KEY], bolix: true },
    { clientId: 'sim-efi-plain', clientSecret: EFI_SECRET, pixKeys: [EFI_SIM_PIX_KEY], bolix: false },
  ]);
  await Promise.all([inter.start(), asaas.start(), efi.start()]);
  interControl = new SimControl(inter.url, pki);
  asaasControl = new SimControl(asaas.url, pki);
  efiControl = new SimControl(efi.url, pki);
  efiPixControl = new SimControl(efi.pixUrl, pki);
  operatorSecret = execFileSync('npm', ['run', '--silent', 'webhook-secret'], {
    env: { ...process.env, WEBHOOK_HMAC_SECRET: WEBHOOK_SECRET },
    encoding: 'utf8',
  }).trim();
});
afterAll(async () => {
  for (const c of [interControl, asaasControl, efiControl, efiPixControl]) await c?.close();
  await inter?.stop();
  await asaas?.stop();
  await efi?.stop();
  pki?.cleanup();
});

/** The event verifies with the operator secret (Standard Webhooks) and its header id is the event id. */
function expectSigned(event: Received): void {
  const headers = {
    'webhook-id': String(event.headers['webhook-id']),
    'webhook-timestamp': String(event.headers['webhook-timestamp']),
    'webhook-signature': String(event.headers['webhook-signature']),
  };
  expect(new Webhook(operatorSecret).verify(event.body, headers)).toMatchObject({ chargeId: event.json.chargeId });
  expect(headers['webhook-id']).toBe(event.json.id);
}

describe.each(ADAPTERS)("real banks' notifications from their simulators, out as signed events (%s)", (adapter) => {
  let t: TestApp;
  let consumer: TestConsumer;
  const tenants: ProviderTenant[] = [];
  const tenant = (providerId: string, credentials: Record<string, unknown>): ProviderTenant => {
    const x = providerTenant(providerId, credentials);
    tenants.push(x);
    return x;
  };
  const hookUrl = (providerId: string, tenantId: string) =>
    `${t.url}/v1/webhooks/${providerId}/${tenantId}/${webhookUrlToken(WEBHOOK_SECRET, providerId, tenantId)}`;
  const initialize = (a: ProviderTenant) => request(t.url).post('/initialize').set(bearer(a)).expect(200);

  /** Waits for exactly one event of the charge (and a moment more, so a second one would have shown up). */
  async function onlyEvent(chargeId: string): Promise<Received> {
    await consumer.waitFor(() => consumer.forCharge(chargeId).length >= 1);
    await sleep(300);
    const events = consumer.forCharge(chargeId);
    expect(events).toHaveLength(1);
    return events[0];
  }

  beforeAll(async () => {
    consumer = await new TestConsumer().start();
    t = await startTestApp({
      adapter,
      env: {
        ...CHARGES_TEST_ENV,
        INTER_BASE_URL: inter.url,
        ASAAS_BASE_URL: asaas.apiUrl,
        EFI_BASE_URL: efi.url,
        EFI_PIX_BASE_URL: efi.pixUrl,
        PROVIDER_CA_CERTS_FILE: pki.caFile,
        WEBHOOK_FORWARD_URL: consumer.url,
        WEBHOOK_BACKOFF_BASE_MS: '40',
        WEBHOOK_MAX_ATTEMPTS: '4',
      },
    });
  });
  afterAll(async () => {
    for (const x of tenants) {
      await deleteKeys(t.redisUrl as string, `${x.prefix}:*`);
      await deleteKeys(t.redisUrl as string, `${x.tenantId}:*`);
    }
    await t?.close();
    await consumer?.stop();
  });

  describe('Banco Inter', () => {
    /** Creates a bolepix, calls /initialize (the gateway keeps the profile), and registers and pays it at Inter. */
    async function paidInterCharge(a: ProviderTenant): Promise<string> {
      const created = await post(t.url, '/v1/charges', a, bolepixBody({ externalId: undefined }), randomUUID());
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      await initialize(a);
      expect((await interControl.post(`/__sim/charges/${id}/register`)).status).toBe(200);
      expect((await interControl.post(`/__sim/charges/${id}/pay`)).status).toBe(200);
      return id;
    }
    const notify = async (url: string, chargeId: string) =>
      (await interControl.post('/__sim/notify', { url, chargeId })).body as { status: number; body: string };

    it("turns Inter's JSON-array callback into one verified, signed charge.paid", async () => {
      const a = tenant('inter', interCredentials(pki));
      const id = await paidInterCharge(a);
      const sent = await notify(hookUrl('inter', a.tenantId), id);
      expect(sent.status).toBe(200);
      const event = await onlyEvent(id);
      expect(event.json).toMatchObject({
        type: 'charge.paid',
        providerId: 'inter',
        tenantId: a.tenantId,
        chargeId: id,
        status: 'PAID',
        verified: true,
      });
      expect((event.json.data as { id: string }).id).toBe(id);
      expectSigned(event);
    });

    it('sends charge.refunded itself, once, when a refund through it leaves the charge REFUNDED (Inter announces none)', async () => {
      const a = tenant('inter', interCredentials(pki));
      const id = await paidInterCharge(a);
      const refunded = () => consumer.forCharge(id).filter((e) => e.json.type === 'charge.refunded');
      const refund = (body: object) => request(t.url).post(`/v1/charges/${id}/refunds`).set(bearer(a)).send(body);
      expect((await refund({ amount: 100 }).expect(201)).body.status).toBe('PAID');
      await sleep(300);
      expect(refunded()).toEqual([]);
      const rest = (await refund({}).expect(201)).body as { status: string; refundedAmount: number };
      expect(rest.status).toBe('REFUNDED');
      await consumer.waitFor(() => refunded().length > 0);
      await sleep(300);
      expect(refunded()).toHaveLength(1);
      expect(refunded()[0].json).toMatchObject({
        providerId: 'inter',
        tenantId: a.tenantId,
        chargeId: id,
        status: 'REFUNDED',
        verified: true,
        data: { id, refundedAmount: rest.refundedAmount },
      });
      expectSigned(refunded()[0]);
    });

    it('emits one event when Inter delivers the same callback twice (both acknowledged)', async () => {
      const a = tenant('inter', interCredentials(pki));
      const id = await paidInterCharge(a);
      const url = hookUrl('inter', a.tenantId);
      const first = await notify(url, id);
      const second = await notify(url, id);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(JSON.parse(first.body)).toMatchObject({ received: 1, emitted: 1, duplicates: 0 });
      expect(JSON.parse(second.body)).toMatchObject({ received: 1, emitted: 0, duplicates: 1 });
      const event = await onlyEvent(id);
      expect(event.json).toMatchObject({ type: 'charge.paid', chargeId: id, verified: true });
      expectSigned(event);
    });
  });

  describe('Asaas', () => {
    const asaasTenant = () => tenant('asaas', asaasCredentials(pki, { webhookToken: ASAAS_WEBHOOK_TOKEN }));
    async function paidAsaasCharge(a: ProviderTenant, withProfile: boolean): Promise<string> {
      const created = await post(t.url, '/v1/charges', a, bolepixBody(), randomUUID());
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      if (withProfile) await initialize(a);
      expect((await asaasControl.post(`/__sim/charges/${id}/pay`)).status).toBe(200);
      return id;
    }
    const notify = async (url: string, paymentId: string, token?: string) =>
      (
        await asaasControl.post('/__sim/notify', {
          url,
          paymentId,
          event: 'PAYMENT_RECEIVED',
          ...(token === undefined ? {} : { token }),
        })
      ).body as { status: number; response: string };

    it("turns Asaas's PAYMENT_RECEIVED (with its asaas-access-token) into one verified, signed charge.paid", async () => {
      const a = asaasTenant();
      const id = await paidAsaasCharge(a, true);
      const sent = await notify(hookUrl('asaas', a.tenantId), id);
      expect(sent.status).toBe(200);
      const event = await onlyEvent(id);
      expect(event.json).toMatchObject({
        type: 'charge.paid',
        providerId: 'asaas',
        tenantId: a.tenantId,
        chargeId: id,
        status: 'PAID',
        verified: true,
      });
      expect((event.json.data as { id: string }).id).toBe(id);
      expectSigned(event);
    });

    it('answers 401 to a wrong asaas-access-token when the credentials carry webhookToken, and emits nothing', async () => {
      const a = asaasTenant();
      const id = await paidAsaasCharge(a, true);
      const sent = await notify(hookUrl('asaas', a.tenantId), id, 'wrong');
      expect(sent.status).toBe(401);
      expect(JSON.parse(sent.response)).toMatchObject({ code: 'WEBHOOK_UNAUTHORIZED' });
      await sleep(400);
      expect(consumer.forCharge(id)).toHaveLength(0);
      expect(consumer.attemptsByCharge.get(id)).toBeUndefined();
    });

    it("a refund through the gateway and Asaas's PAYMENT_REFUNDED give one charge.refunded id", async () => {
      const a = asaasTenant();
      await initialize(a);
      const id = (await post(t.url, '/v1/charges', a, pixBody()).expect(201)).body.id as string;
      expect((await asaasControl.post(`/__sim/charges/${id}/pay`)).status).toBe(200);
      const refunded = () => consumer.forCharge(id).filter((e) => e.json.type === 'charge.refunded');
      const done = await request(t.url).post(`/v1/charges/${id}/refunds`).set(bearer(a)).send({}).expect(201);
      expect(done.body.status).toBe('REFUNDED');
      await consumer.waitFor(() => refunded().length === 1);
      expect(refunded()[0].json).toMatchObject({ providerId: 'asaas', status: 'REFUNDED', verified: true });
      expectSigned(refunded()[0]);
      const sent = await asaasControl.post('/__sim/notify', {
        url: hookUrl('asaas', a.tenantId),
        paymentId: id,
        event: 'PAYMENT_REFUNDED',
        token: ASAAS_WEBHOOK_TOKEN,
      });
      expect((sent.body as { status: number }).status).toBe(200);
      await sleep(600);
      // Delivered at least once, and always under the gateway's own event id: consumers dedupe it by webhook-id.
      const ids = new Set(refunded().map((e) => e.json.id));
      expect([...ids]).toEqual([refunded()[0].json.id]);
      expect(new Set(refunded().map((e) => e.headers['webhook-id']))).toEqual(ids);
    });

    it("sends the bank's claim as verified:false when the tenant has no profile (no /initialize)", async () => {
      const a = asaasTenant();
      const id = await paidAsaasCharge(a, false);
      const sent = await notify(hookUrl('asaas', a.tenantId), id);
      expect(sent.status).toBe(200);
      const event = await onlyEvent(id);
      expect(event.json).toMatchObject({
        type: 'charge.paid',
        providerId: 'asaas',
        tenantId: a.tenantId,
        chargeId: id,
        status: 'PAID',
        verified: false,
      });
      expectSigned(event);
    });
  });

  describe('Efí', () => {
    const efiTenant = (clientId = 'sim-efi-client') => tenant('efi', efiCredentials(pki, { clientId }));
    async function paidEfiBoleto(a: ProviderTenant, withProfile: boolean): Promise<{ id: string; efiId: number }> {
      const created = await post(t.url, '/v1/charges', a, boletoBody(), randomUUID());
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      if (withProfile) await initialize(a);
      const efiId = Number(id.replace(/^boleto-/, ''));
      expect((await efiControl.post(`/__sim/charges/${efiId}/pay`)).status).toBe(200);
      return { id, efiId };
    }
    const notify = async (url: string, chargeId: number) =>
      (await efiControl.post('/__sim/notify', { url, chargeId })).body as { delivered: number; token: string };

    it('pulls the boleto notification token with the tenant session: one verified, signed charge.paid', async () => {
      const a = efiTenant('sim-efi-plain');
      const { id, efiId } = await paidEfiBoleto(a, true);
      const sent = await notify(hookUrl('efi', a.tenantId), efiId);
      expect(sent.delivered).toBe(200);
      const event = await onlyEvent(id);
      expect(event.json).toMatchObject({
        type: 'charge.paid',
        providerId: 'efi',
        tenantId: a.tenantId,
        chargeId: id,
        status: 'PAID',
        verified: true,
      });
      expect((event.json.data as { id: string }).id).toBe(id);
      expectSigned(event);
    });

    it('answers 503 to a boleto notification without the profile, and accepts the redelivery after /initialize', async () => {
      const a = efiTenant('sim-efi-plain');
      const { id, efiId } = await paidEfiBoleto(a, false);
      const url = hookUrl('efi', a.tenantId);
      const refused = await notify(url, efiId);
      expect(refused.delivered).toBe(503);
      // The same form post, seen directly: PROVIDER_UNAVAILABLE with Retry-After, so Efí retries.
      const direct = await request(t.url)
        .post(url.slice(t.url.length))
        .type('form')
        .send(`notification=${refused.token}`);
      expect(direct.status).toBe(503);
      expect(direct.headers['content-type']).toContain('application/problem+json');
      expect(direct.body.code).toBe('PROVIDER_UNAVAILABLE');
      expect(direct.headers['retry-after']).toBe('60');
      await sleep(200);
      expect(consumer.forCharge(id)).toHaveLength(0);
      await initialize(a);
      const redelivered = await notify(url, efiId);
      expect(redelivered.delivered).toBe(200);
      expect(redelivered.token).toBe(refused.token);
      const event = await onlyEvent(id);
      expect(event.json).toMatchObject({
        type: 'charge.paid',
        providerId: 'efi',
        tenantId: a.tenantId,
        chargeId: id,
        status: 'PAID',
        verified: true,
      });
      expectSigned(event);
    });

    it('turns the Pix webhook {pix:[...]} into one verified, signed charge.paid for pix-<txid>', async () => {
      const a = efiTenant();
      const created = await post(t.url, '/v1/charges', a, pixBody(), randomUUID());
      expect(created.status).toBe(201);
      await initialize(a);
      const id = created.body.id as string;
      expect(id).toMatch(/^pix-/);
      const txid = id.replace(/^pix-/, '');
      expect((await efiPixControl.post(`/__sim/pix/${txid}/pay`)).status).toBe(200);
      // Efí appends /pix to the registered URL: the gateway answers there too.
      const sent = await efiPixControl.post('/__sim/notify', { url: hookUrl('efi', a.tenantId), txid });
      expect(sent.body).toMatchObject({ delivered: 200 });
      const event = await onlyEvent(id);
      expect(event.json).toMatchObject({
        type: 'charge.paid',
        providerId: 'efi',
        tenantId: a.tenantId,
        chargeId: id,
        status: 'PAID',
        verified: true,
      });
      expect((event.json.data as { id: string }).id).toBe(id);
      expectSigned(event);
    });
  });
});
