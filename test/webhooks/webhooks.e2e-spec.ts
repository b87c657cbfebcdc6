import { randomUUID } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { boletoBody, CHARGES_TEST_ENV, pixBody } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys, DisposableRedis, scanKeys, uniquePrefix } from '../helpers/redis';
import { describeStandaloneOnly } from '../helpers/redis-topology';
import { testToken } from '../helpers/tokens';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { coraCredentials } from '../providers/bank-credentials';
import { bearer, post, providerTenant, ProviderTenant } from '../providers/gateway-fixtures';
import { CoraSimulator } from '../simulators/cora.simulator';
import { SimControl } from '../simulators/sim-control';
import { TestConsumer } from './consumer';
import { webhookUrlToken } from '../../src/webhooks/webhook-secrets';

const WEBHOOK_SECRET = 'test-webhook-secret-0123456789-abcdefghij';
const CLI_ENV = { ...process.env, WEBHOOK_HMAC_SECRET: WEBHOOK_SECRET };

/** A CLI's stdout, as `npm run --silent <script> -- <args>` prints it. */
function cli(script: string, args: string[]): string {
  return execFileSync('npm', ['run', '--silent', script, '--', ...args], { env: CLI_ENV, encoding: 'utf8' }).trim();
}

let pki: SimPki;
let sim: CoraSimulator;
let control: SimControl;
let operatorSecret: string;

beforeAll(async () => {
  pki = generateSimPki();
  sim = new CoraSimulator(pki);
  await sim.start();
  control = new SimControl(sim.url, pki);
  operatorSecret = cli('webhook-secret', []);
});
afterAll(async () => {
  await control?.close();
  await sim?.stop();
  pki?.cleanup();
});

describeStandaloneOnly('webhook CLIs', () => {
  it('webhook-url prints exactly <base-url>/v1/webhooks/<provider>/<tenant>/<urlToken> and nothing else', () => {
    const out = execFileSync(
      'npm',
      [
        'run',
        '--silent',
        'webhook-url',
        '--',
        '--provider',
        'cora',
        '--tenant',
        'acme',
        '--base-url',
        'https://gw.example.com',
      ],
      { env: CLI_ENV, encoding: 'utf8' },
    );
    expect(out).toBe(
      `https://gw.example.com/v1/webhooks/cora/acme/${webhookUrlToken(WEBHOOK_SECRET, 'cora', 'acme')}\n`,
    );
  });

  it('webhook-url with bad arguments prints usage on stderr and exits 2', () => {
    const r = spawnSync('npm', ['run', '--silent', 'webhook-url', '--', '--provider', 'cora'], {
      env: CLI_ENV,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('usage: npm run --silent webhook-url');
  });

  it('webhook-secret prints whsec_ secrets, one per tenant, different from the operator one', () => {
    expect(operatorSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const a = cli('webhook-secret', ['--tenant', 'a']);
    expect(a).toMatch(/^whsec_/);
    expect(a).not.toBe(operatorSecret);
    expect(cli('webhook-secret', ['--tenant', 'b'])).not.toBe(a);
  });
});

describe.each(ADAPTERS)('bank notifications in, signed events out (%s)', (adapter) => {
  let t: TestApp;
  let consumer: TestConsumer;
  const tenants: ProviderTenant[] = [];
  const coraTenant = (): ProviderTenant => {
    const x = providerTenant('cora', coraCredentials(pki), { cacheEnabled: true });
    tenants.push(x);
    return x;
  };
  const hookUrl = (tenantId: string, providerId = 'cora') =>
    `${t.url}/v1/webhooks/${providerId}/${tenantId}/${webhookUrlToken(WEBHOOK_SECRET, providerId, tenantId)}`;

  beforeAll(async () => {
    consumer = await new TestConsumer().start();
    t = await startTestApp({
      adapter,
      env: {
        ...CHARGES_TEST_ENV,
        CORA_BASE_URL: sim.url,
        PROVIDER_CA_CERTS_FILE: pki.caFile,
        WEBHOOK_FORWARD_URL: consumer.url,
        WEBHOOK_BACKOFF_BASE_MS: '40',
        WEBHOOK_MAX_ATTEMPTS: '4',
      },
    });
  });
  afterAll(async () => {
    for (const x of tenants) await deleteKeys(t.redisUrl as string, `${x.prefix}:*`);
    await t?.close();
    await consumer?.stop();
  });
  beforeEach(() => {
    consumer.setDown(false);
    consumer.failTimes(0);
  });

  async function paidCoraCharge(a: ProviderTenant): Promise<string> {
    const created = await post(t.url, '/v1/charges', a, boletoBody(), randomUUID()).expect(201);
    await control.post(`/__sim/charges/${created.body.id}/pay`);
    return created.body.id as string;
  }

  async function notify(url: string, chargeId: string): Promise<{ status: number; body: string }> {
    const res = await control.call('POST', '/__sim/notify', { url, chargeId });
    return res.body as { status: number; body: string };
  }

  it('refuses a wrong URL token and a token made for another tenant with 401 WEBHOOK_UNAUTHORIZED', async () => {
    const wrong = await request(t.url)
      .post(`/v1/webhooks/cora/acme/${'A'.repeat(43)}`)
      .send({});
    expect(wrong.status).toBe(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.body.code).toBe('WEBHOOK_UNAUTHORIZED');
    const foreign = await request(t.url).post(
      `/v1/webhooks/cora/acme/${webhookUrlToken(WEBHOOK_SECRET, 'cora', 'other')}`,
    );
    expect(foreign.status).toBe(401);
    const otherBank = await request(t.url).post(
      `/v1/webhooks/cora/acme/${webhookUrlToken(WEBHOOK_SECRET, 'inter', 'acme')}`,
    );
    expect(otherBank.status).toBe(401);
  });

  it('answers an unknown provider with 404 NOT_FOUND', async () => {
    const res = await request(t.url).post(
      `/v1/webhooks/nobank/acme/${webhookUrlToken(WEBHOOK_SECRET, 'nobank', 'acme')}`,
    );
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it("turns Cora's notification into one signed event that verifies with standardwebhooks, and a tampered body does not", async () => {
    const a = coraTenant();
    await request(t.url).post('/initialize').set(bearer(a)).expect(200);
    const id = await paidCoraCharge(a);
    const sent = await notify(hookUrl(a.tenantId), id);
    expect(sent.status).toBe(200);
    await consumer.waitFor(() => consumer.forCharge(id).length === 1);
    const [event] = consumer.forCharge(id);
    expect(event.json).toMatchObject({
      type: 'charge.paid',
      providerId: 'cora',
      tenantId: a.tenantId,
      chargeId: id,
      status: 'PAID',
      verified: true,
    });
    expect((event.json.data as { id: string }).id).toBe(id);
    const wh = new Webhook(operatorSecret);
    const headers = {
      'webhook-id': String(event.headers['webhook-id']),
      'webhook-timestamp': String(event.headers['webhook-timestamp']),
      'webhook-signature': String(event.headers['webhook-signature']),
    };
    expect(wh.verify(event.body, headers)).toMatchObject({ chargeId: id });
    expect(() => wh.verify(event.body.replace('"PAID"', '"CANCELLED"'), headers)).toThrow();
    expect(headers['webhook-id']).toBe(event.json.id);
  });

  it('emits a duplicate notification once (the bank gets 2xx both times)', async () => {
    const a = coraTenant();
    const id = await paidCoraCharge(a);
    const url = hookUrl(a.tenantId);
    const headers = {
      'webhook-event-id': `evt_${randomUUID()}`,
      'webhook-event-type': 'invoice.paid',
      'webhook-resource-id': id,
    };
    const first = await request(t.url).post(url.slice(t.url.length)).set(headers);
    const second = await request(t.url).post(url.slice(t.url.length)).set(headers);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toMatchObject({ duplicates: 1, emitted: 0 });
    await consumer.waitFor(() => consumer.forCharge(id).length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(consumer.forCharge(id)).toHaveLength(1);
    // Without the tenant's profile (no /initialize) the event is the bank's unconfirmed claim.
    expect(consumer.forCharge(id)[0].json).toMatchObject({ verified: false, type: 'charge.paid' });
  });

  it('delivers exactly once to a consumer that fails three times and then recovers', async () => {
    const a = coraTenant();
    const id = await paidCoraCharge(a);
    consumer.failTimes(3);
    expect((await notify(hookUrl(a.tenantId), id)).status).toBe(200);
    await consumer.waitFor(() => consumer.forCharge(id).length === 1);
    await new Promise((r) => setTimeout(r, 400));
    expect(consumer.forCharge(id)).toHaveLength(1);
    expect(consumer.attemptsByCharge.get(id)).toBe(4);
  });

  it("delivers one charge's events in the order they arrived, even when the first needs retries", async () => {
    const a = coraTenant();
    const id = await paidCoraCharge(a);
    const path = hookUrl(a.tenantId).slice(t.url.length);
    consumer.failTimes(2);
    for (const trigger of ['paid', 'canceled', 'overdue'])
      await request(t.url)
        .post(path)
        .set({
          'webhook-event-id': `evt_${randomUUID()}`,
          'webhook-event-type': `invoice.${trigger}`,
          'webhook-resource-id': id,
        })
        .expect(200);
    await consumer.waitFor(() => consumer.forCharge(id).length === 3);
    expect(consumer.forCharge(id).map((e) => e.json.type)).toEqual([
      'charge.paid',
      'charge.cancelled',
      'charge.overdue',
    ]);
  });

  it('dead-letters an event the consumer never takes, lists it for the tenant, and replay delivers it', async () => {
    const a = coraTenant();
    const id = await paidCoraCharge(a);
    consumer.setDown(true);
    expect((await notify(hookUrl(a.tenantId), id)).status).toBe(200);
    let letters: Array<{ id: string; event: { chargeId: string } }> = [];
    const started = Date.now();
    while (Date.now() - started < 10_000) {
      letters = (await request(t.url).get('/v1/webhooks/dead-letter').set(bearer(a)).expect(200)).body.data;
      if (letters.some((l) => l.event.chargeId === id)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const letter = letters.find((l) => l.event.chargeId === id);
    expect(letter).toBeDefined();
    expect(consumer.forCharge(id)).toHaveLength(0);
    // Another tenant does not see it.
    const other = coraTenant();
    const theirs = await request(t.url).get('/v1/webhooks/dead-letter').set(bearer(other)).expect(200);
    expect(theirs.body.data).toEqual([]);
    consumer.setDown(false);
    await request(t.url).post(`/v1/webhooks/dead-letter/${letter?.id}/replay`).set(bearer(a)).expect(202);
    await consumer.waitFor(() => consumer.forCharge(id).length === 1);
    const gone = await request(t.url).get('/v1/webhooks/dead-letter').set(bearer(a)).expect(200);
    expect(gone.body.data.some((l: { id: string }) => l.id === letter?.id)).toBe(false);
    await request(t.url).post(`/v1/webhooks/dead-letter/${letter?.id}/replay`).set(bearer(a)).expect(404);
  });

  it("invalidates the tenant's cached copy of the charge", async () => {
    const a = coraTenant();
    await request(t.url).post('/initialize').set(bearer(a)).expect(200);
    const created = await post(t.url, '/v1/charges', a, boletoBody(), randomUUID()).expect(201);
    const id = created.body.id as string;
    await request(t.url).get(`/v1/charges/${id}`).set(bearer(a)).expect(200);
    const cached = await request(t.url).get(`/v1/charges/${id}`).set(bearer(a)).expect(200);
    expect(cached.headers['x-cache']).toBe('HIT');
    await control.post(`/__sim/charges/${id}/pay`);
    expect((await notify(hookUrl(a.tenantId), id)).status).toBe(200);
    const fresh = await request(t.url).get(`/v1/charges/${id}`).set(bearer(a)).expect(200);
    expect(fresh.headers['x-cache']).toBe('MISS');
    expect(fresh.body.status).toBe('PAID');
  });

  it('refuses at /initialize a meta.webhookUrl at a private or loopback address, or over http, with a clear 400', async () => {
    for (const webhookUrl of [
      'https://127.0.0.1/hooks',
      'https://10.1.2.3/hooks',
      'https://[::1]/x',
      'http://example.com/x',
    ]) {
      const token = testToken({ tenantId: uniquePrefix('wh'), providerId: 'sandbox', webhookUrl });
      const res = await request(t.url).post('/initialize').set('Authorization', `Bearer ${token}`);
      expect({ webhookUrl, status: res.status, code: res.body.code }).toEqual({
        webhookUrl,
        status: 400,
        code: 'VALIDATION_ERROR',
      });
      expect(res.body.errors[0].field).toBe('meta.webhookUrl');
    }
  });
});

describe("the sandbox's own events, to a tenant's meta.webhookUrl signed with the tenant's secret", () => {
  let t: TestApp;
  let consumer: TestConsumer;

  beforeAll(async () => {
    consumer = await new TestConsumer().start();
    t = await startTestApp({ env: { ...CHARGES_TEST_ENV, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } });
  });
  afterAll(async () => {
    await t?.close();
    await consumer?.stop();
  });

  it('paying and cancelling sandbox charges emit charge.paid and charge.cancelled', async () => {
    const tenantId = uniquePrefix('sbx');
    const token = testToken({ tenantId, providerId: 'sandbox', webhookUrl: consumer.url });
    const auth = { Authorization: `Bearer ${token}` };
    await request(t.url).post('/initialize').set(auth).expect(200);
    const paid = await request(t.url).post('/v1/charges').set(auth).send(pixBody()).expect(201);
    await request(t.url).post(`/v1/sandbox/charges/${paid.body.id}/pay`).set(auth).expect(200);
    const cancelled = await request(t.url).post('/v1/charges').set(auth).send(pixBody()).expect(201);
    await request(t.url).post(`/v1/charges/${cancelled.body.id}/cancel`).set(auth).expect(200);
    await consumer.waitFor(() => consumer.events.length === 2);
    const wh = new Webhook(cli('webhook-secret', ['--tenant', tenantId]));
    const types = consumer.events.map((e) => {
      const verified = wh.verify(e.body, e.headers as Record<string, string>) as { type: string; chargeId: string };
      return [verified.type, verified.chargeId];
    });
    expect(types).toEqual(
      expect.arrayContaining([
        ['charge.paid', paid.body.id],
        ['charge.cancelled', cancelled.body.id],
      ]),
    );
    expect(() =>
      new Webhook(operatorSecret).verify(consumer.events[0].body, consumer.events[0].headers as Record<string, string>),
    ).toThrow();
    await deleteKeys(t.redisUrl as string, `${tenantId}:*`);
  });

  it('refunding a sandbox charge emits charge.refunded once nothing is left (a partial refund, nothing new)', async () => {
    const tenantId = uniquePrefix('sbx');
    const auth = {
      Authorization: `Bearer ${testToken({ tenantId, providerId: 'sandbox', webhookUrl: consumer.url })}`,
    };
    await request(t.url).post('/initialize').set(auth).expect(200);
    const { id } = (
      await request(t.url)
        .post('/v1/charges')
        .set(auth)
        .send(pixBody({ amount: 2500 }))
        .expect(201)
    ).body;
    await request(t.url).post(`/v1/sandbox/charges/${id}/pay`).set(auth).expect(200);
    await request(t.url).post(`/v1/charges/${id}/refunds`).set(auth).send({ amount: 1000 }).expect(201);
    await request(t.url).post(`/v1/charges/${id}/refunds`).set(auth).send({}).expect(201);
    await consumer.waitFor(() => consumer.forCharge(id).length === 2);
    expect(consumer.forCharge(id).map((e) => e.json.type)).toEqual(['charge.paid', 'charge.refunded']);
    expect(consumer.forCharge(id)[1].json).toMatchObject({ status: 'REFUNDED', data: { refundedAmount: 2500 } });
    await deleteKeys(t.redisUrl as string, `${tenantId}:*`);
  });
});

describeStandaloneOnly('two gateway processes sharing one Redis, and Redis going away', () => {
  let redis: DisposableRedis;
  let consumer: TestConsumer;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    redis = await DisposableRedis.start();
    consumer = await new TestConsumer().start();
    const env = {
      ...CHARGES_TEST_ENV,
      CORA_BASE_URL: sim.url,
      PROVIDER_CA_CERTS_FILE: pki.caFile,
      WEBHOOK_FORWARD_URL: consumer.url,
      WEBHOOK_BACKOFF_BASE_MS: '40',
      REDIS_GLOBAL_PREFIX: uniquePrefix('shared'),
    };
    apps.push(await startTestApp({ redis: redis.url, env }));
    apps.push(await startTestApp({ redis: redis.url, env, adapter: 'express' }));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await consumer?.stop();
    await redis?.stop();
  });

  it('delivers each event once although both replicas receive the notification', async () => {
    const a = providerTenant('cora', coraCredentials(pki));
    const [one, two] = apps;
    const created = await post(one.url, '/v1/charges', a, boletoBody(), randomUUID()).expect(201);
    const id = created.body.id as string;
    await control.post(`/__sim/charges/${id}/pay`);
    const path = `/v1/webhooks/cora/${a.tenantId}/${webhookUrlToken(WEBHOOK_SECRET, 'cora', a.tenantId)}`;
    const headers = {
      'webhook-event-id': `evt_${randomUUID()}`,
      'webhook-event-type': 'invoice.paid',
      'webhook-resource-id': id,
    };
    const answers = await Promise.all([
      request(one.url).post(path).set(headers),
      request(two.url).post(path).set(headers),
      request(two.url).post(path).set(headers),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    await consumer.waitFor(() => consumer.forCharge(id).length >= 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(consumer.forCharge(id)).toHaveLength(1);
    // Events for other charges delivered by either replica: each once (BullMQ hands a job to one worker).
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await post(apps[i % 2].url, '/v1/charges', a, boletoBody(), randomUUID()).expect(201);
      ids.push(c.body.id);
      await control.post(`/__sim/charges/${c.body.id}/pay`);
      await request(apps[(i + 1) % 2].url)
        .post(path)
        .set({
          'webhook-event-id': `evt_${randomUUID()}`,
          'webhook-event-type': 'invoice.paid',
          'webhook-resource-id': c.body.id,
        })
        .expect(200);
    }
    await consumer.waitFor(() => ids.every((x) => consumer.forCharge(x).length >= 1));
    await new Promise((r) => setTimeout(r, 300));
    for (const x of ids) expect(consumer.forCharge(x)).toHaveLength(1);
  });

  it('answers 503 with Redis stopped and the consumer down, then delivers the redelivered notification after Redis returns', async () => {
    const a = providerTenant('cora', coraCredentials(pki));
    const [one] = apps;
    const created = await post(one.url, '/v1/charges', a, boletoBody(), randomUUID()).expect(201);
    const id = created.body.id as string;
    await control.post(`/__sim/charges/${id}/pay`);
    const path = `/v1/webhooks/cora/${a.tenantId}/${webhookUrlToken(WEBHOOK_SECRET, 'cora', a.tenantId)}`;
    const headers = {
      'webhook-event-id': `evt_${randomUUID()}`,
      'webhook-event-type': 'invoice.paid',
      'webhook-resource-id': id,
    };
    consumer.setDown(true);
    await redis.stop();
    const refused = await request(one.url).post(path).set(headers);
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(refused.headers['retry-after']).toBeDefined();
    await redis.startProcess();
    consumer.setDown(false);
    const started = Date.now();
    let status = 0;
    while (Date.now() - started < 10_000) {
      status = (await request(one.url).post(path).set(headers)).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    await consumer.waitFor(() => consumer.forCharge(id).length === 1);
    const keys = await scanKeys(redis.url, '*');
    for (const value of keys.values()) expect(value).not.toContain(pki.clientKeyPem.split('\n')[1]);
  });
});
