import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Agent, request as undiciRequest } from 'undici';
import { bolepixBody, CHARGES_TEST_ENV } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys } from '../helpers/redis';
import { callTool, connectMcp, outputErrors } from '../mcp/mcp-client';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { InterSimulator } from '../simulators/inter.simulator';
import { SimControl } from '../simulators/sim-control';
import { INTER_SECRET, interCredentials } from './bank-credentials';
import { bearer, post, providerTenant, ProviderTenant } from './gateway-fixtures';

const COBRANCA = ['boleto-cobranca.read', 'boleto-cobranca.write'];

// Pix devolução of a bolepix paid by Pix: e2eId found by txid (GET /pix/v2/pix), PUT /pix/v2/pix/:e2eId/devolucao/:id.
describe.each(ADAPTERS)('refunds at Banco Inter through the API Pix devolução (%s)', (adapter) => {
  let pki: SimPki;
  let sim: InterSimulator;
  let control: SimControl;
  let t: TestApp;
  let a: ProviderTenant;
  const tenants: ProviderTenant[] = [];
  const refund = (who: ProviderTenant, id: string, body: object, key?: string) => {
    const req = request(t.url).post(`/v1/charges/${id}/refunds`).set(bearer(who));
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };
  /** A registered bolepix of `amount` cents, paid by Pix (default) or by boleto at the simulator. */
  const paid = async (amount: number, pagarCom: 'PIX' | 'BOLETO' = 'PIX', who = a) => {
    const id = (await post(t.url, '/v1/charges', who, bolepixBody({ amount, externalId: undefined })).expect(201)).body
      .id as string;
    await control.post(`/__sim/charges/${id}/register`);
    expect((await control.post(`/__sim/charges/${id}/pay`, { pagarCom })).status).toBe(200);
    return id;
  };
  const devolucoes = async () => ((await control.stats()) as unknown as { devolucoes: number }).devolucoes;

  beforeAll(async () => {
    pki = generateSimPki();
    sim = new InterSimulator(pki, [
      { clientId: 'sim-inter-client', clientSecret: INTER_SECRET, scopes: [...COBRANCA, 'pix.read', 'pix.write'] },
      { clientId: 'sim-inter-nopix', clientSecret: INTER_SECRET, scopes: COBRANCA },
    ]);
    await sim.start();
    control = new SimControl(sim.url, pki);
    t = await startTestApp({
      adapter,
      env: { ...CHARGES_TEST_ENV, INTER_BASE_URL: sim.url, PROVIDER_CA_CERTS_FILE: pki.caFile },
    });
    a = providerTenant('inter', interCredentials(pki));
    tenants.push(a);
  });
  afterAll(async () => {
    for (const x of tenants) await deleteKeys(t.redisUrl as string, `${x.prefix}:*`);
    await t?.close();
    await control?.close();
    await sim?.stop();
    pki?.cleanup();
  });

  it('declares the refund capability', async () => {
    const providers = (await request(t.url).get('/v1/providers').set(bearer(a)).expect(200)).body as Array<{
      id: string;
      capabilities: Record<string, unknown>;
    }>;
    expect(providers.find((p) => p.id === 'inter')?.capabilities).toMatchObject({ refund: true });
  });

  it('refunds part with its reason, then the rest: REFUNDED, shown on later reads, and nothing more', async () => {
    const id = await paid(900);
    const partial = await refund(a, id, { amount: 300, reason: 'Produto devolvido' }).expect(201);
    expect(partial.body).toMatchObject({ status: 'PAID', providerStatus: 'RECEBIDO', refundedAmount: 300 });
    expect(partial.body.refunds).toEqual([
      expect.objectContaining({ amount: 300, status: 'DONE', reason: 'Produto devolvido' }),
    ]);
    const rest = await refund(a, id, {}).expect(201);
    expect(rest.body).toMatchObject({ status: 'REFUNDED', refundedAmount: 900 });
    expect(rest.body.refunds.map((r: { amount: number }) => r.amount)).toEqual([300, 600]);
    const read = await request(t.url).get(`/v1/charges/${id}`).set(bearer(a)).expect(200);
    expect(read.body).toMatchObject({ status: 'REFUNDED', refundedAmount: 900, refunds: rest.body.refunds });
    expect((await refund(a, id, {}).expect(409)).body.code).toBe('CHARGE_NOT_REFUNDABLE');
  });

  it('names the devolução from the Idempotency-Key: a retry, even past a lost record, refunds once', async () => {
    const id = await paid(500);
    const key = randomUUID();
    const before = await devolucoes();
    const first = await refund(a, id, { amount: 200 }, key).expect(201);
    expect(first.body.refunds).toEqual([expect.objectContaining({ id: expect.stringMatching(/^[0-9a-f]{32}$/) })]);
    expect((await refund(a, id, { amount: 200 }, key).expect(201)).headers['idempotent-replayed']).toBe('true');
    await deleteKeys(t.redisUrl as string, `${a.prefix}:${a.tenantId}:idem:*`);
    const again = await refund(a, id, { amount: 200 }, key).expect(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body).toMatchObject({ refundedAmount: 200, refunds: [{ id: first.body.refunds[0].id }] });
    expect(await devolucoes()).toBe(before + 1);
  });

  it('refuses above what is left (422), an unpaid charge (409) and a boleto payment (422, no Pix to give back)', async () => {
    const id = await paid(400);
    const over = await refund(a, id, { amount: 401 }).expect(422);
    expect(over.body).toMatchObject({ code: 'REFUND_EXCEEDS_PAID', detail: expect.stringContaining('400 cents') });
    const open = (await post(t.url, '/v1/charges', a, bolepixBody({ externalId: undefined })).expect(201)).body.id;
    await control.post(`/__sim/charges/${open}/register`);
    expect((await refund(a, open, {}).expect(409)).body.code).toBe('CHARGE_NOT_REFUNDABLE');
    const byBoleto = await paid(400, 'BOLETO');
    const res = await refund(a, byBoleto, {}).expect(422);
    expect(res.body).toMatchObject({
      code: 'UNSUPPORTED_OPERATION',
      detail: expect.stringContaining('paid by boleto'),
    });
  });

  it('shows a devolução still in processing as PROCESSING, the charge still PAID', async () => {
    const id = await paid(700);
    await control.post('/__sim/pix/config', { devolucaoStatus: 'EM_PROCESSAMENTO' });
    try {
      const res = await refund(a, id, {}).expect(201);
      expect(res.body).toMatchObject({ status: 'PAID', refundedAmount: 700, refunds: [{ status: 'PROCESSING' }] });
    } finally {
      await control.post('/__sim/pix/config', { devolucaoStatus: 'DEVOLVIDO' });
    }
  });

  it('answers 502 PROVIDER_ERROR when the devolução route fails with 5xx; the keyed retry then refunds once', async () => {
    const id = await paid(600);
    const key = randomUUID();
    const before = await devolucoes();
    await control.post('/__sim/pix/config', { failDevolucoes: 3 });
    const failed = await refund(a, id, { amount: 100 }, key).expect(502);
    expect(failed.body).toMatchObject({ code: 'PROVIDER_ERROR', detail: expect.stringContaining('HTTP 503') });
    expect(await devolucoes()).toBe(before);
    const retried = await refund(a, id, { amount: 100 }, key).expect(201);
    expect(retried.body).toMatchObject({ refundedAmount: 100 });
    expect(await devolucoes()).toBe(before + 1);
  });

  it('names the missing Pix scopes when the Inter application lacks them (502), and keeps issuing charges', async () => {
    const b = providerTenant('inter', interCredentials(pki, { clientId: 'sim-inter-nopix' }));
    tenants.push(b);
    const id = await paid(300, 'PIX', b);
    const res = await refund(b, id, {}).expect(502);
    expect(res.body).toMatchObject({ code: 'PROVIDER_ERROR', detail: expect.stringMatching(/pix\.read, pix\.write/) });
    expect(JSON.stringify(res.body)).not.toContain(INTER_SECRET);
  });

  it('refunds over MCP with the official SDK client (refund_charge), keyed once', async () => {
    const id = await paid(800);
    const client = await connectMcp(t.url, 'modern', bearer(a));
    try {
      const tool = (await client.listTools()).tools.find((x) => x.name === 'refund_charge');
      const key = randomUUID();
      const once = await callTool(client, 'refund_charge', { id, amount: 250, idempotencyKey: key });
      const twice = await callTool(client, 'refund_charge', { id, amount: 250, idempotencyKey: key });
      expect(once.isError).toBe(false);
      expect(once.structured).toMatchObject({ id, status: 'PAID', refundedAmount: 250 });
      expect(twice.structured).toEqual(once.structured);
      expect(outputErrors(tool!, once.structured)).toBeUndefined();
      const over = await callTool(client, 'refund_charge', { id, amount: 999_999 });
      expect(over).toMatchObject({ isError: true, structured: { code: 'REFUND_EXCEEDS_PAID' } });
    } finally {
      await client.close();
    }
  });
});

describe("the Inter simulator's API Pix refuses what Inter would", () => {
  let pki: SimPki;
  let sim: InterSimulator;
  let agent: Agent;
  let control: SimControl;
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await undiciRequest(`${sim.url}${path}`, {
      dispatcher: agent,
      method: method as 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const token = async (scope: string) => {
    const res = await undiciRequest(`${sim.url}/oauth/v2/token`, {
      dispatcher: agent,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: 'sim-inter-client',
        client_secret: 'sim-inter-secret',
        grant_type: 'client_credentials',
        scope,
      }).toString(),
    });
    return ((await res.body.json()) as { access_token: string }).access_token;
  };

  beforeAll(async () => {
    pki = generateSimPki();
    sim = new InterSimulator(pki);
    await sim.start();
    agent = new Agent({ connect: { ca: pki.caPem, cert: pki.clientCertPem, key: pki.clientKeyPem } });
    control = new SimControl(sim.url, pki);
  });
  afterAll(async () => {
    await control?.close();
    await agent?.close();
    await sim?.stop();
    pki?.cleanup();
  });

  it('checks scopes, the id pattern, the valor format and the sum of devoluções', async () => {
    const pix = sim.pix.receive('sim-inter-client', 'txid0000000000000000000000001', 1000);
    const path = (id: string) => `/pix/v2/pix/${pix.e2eId}/devolucao/${id}`;
    const write = await token('pix.write');
    const readOnly = await token('pix.read');
    expect((await call('PUT', path('a1'), readOnly, { valor: '1.00' })).status).toBe(403);
    expect((await call('PUT', path('not-valid!'), write, { valor: '1.00' })).status).toBe(400);
    expect((await call('PUT', path('x'.repeat(36)), write, { valor: '1.00' })).status).toBe(400);
    for (const valor of ['10', 10, '10.0', '0.00', '-1.00'])
      expect((await call('PUT', path('a1'), write, { valor })).body).toMatchObject({
        status: 400,
        violacoes: [expect.objectContaining({ propriedade: 'valor' })],
      });
    expect((await call('PUT', path('a1'), write, { valor: '6.00', natureza: 'RETIRADA' })).status).toBe(400);
    expect((await call('PUT', path('a1'), write, { valor: '6.00' })).status).toBe(201);
    expect((await call('PUT', path('a1'), write, { valor: '6.00' })).body).toMatchObject({ id: 'a1', valor: '6.00' });
    expect((await call('PUT', path('a2'), write, { valor: '4.01' })).status).toBe(400);
    expect((await call('PUT', path('a2'), write, { valor: '4.00' })).body).toMatchObject({ status: 'DEVOLVIDO' });
    expect((await call('GET', path('a2'), readOnly)).body).toMatchObject({ id: 'a2', valor: '4.00' });
    expect(sim.pix.devolucoesCreated).toBe(2);
    const listed = await call('GET', '/pix/v2/pix?inicio=2020-01-01&fim=2030-01-01T00:00:00Z', readOnly);
    expect(listed.body).toMatchObject({ violacoes: [expect.objectContaining({ propriedade: 'inicio' })] });
  });
});
