import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import request from 'supertest';
import { isValidBarcode, isValidDigitableLine, parsePixBrCode } from '@lib/brazil';
import { EfiProvider, ProviderNotification } from '@lib/providers';
import { bolepixBody, boletoBody, CHARGES_TEST_ENV, pixBody } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys, scanKeys } from '../helpers/redis';
import { EFI_SIM_PIX_KEY, EfiSimulator } from '../simulators/efi.simulator';
import { SimControl } from '../simulators/sim-control';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { EFI_SECRET, efiCredentials } from './bank-credentials';
import { bearer, pemBody, post, providerTenant, ProviderTenant, timed } from './gateway-fixtures';
import { ProviderHarness, settingsFor } from './provider-harness';

const TIMEOUT_MS = 700;
let pki: SimPki;
let sim: EfiSimulator;
let control: SimControl;
let pixControl: SimControl;

/** Every Cobranças status word and what the gateway answers for it. */
const CHARGE_STATUSES: Record<string, string> = {
  new: 'PROCESSING',
  waiting: 'PENDING',
  identified: 'PAID',
  approved: 'PAID',
  paid: 'PAID',
  unpaid: 'OVERDUE',
  refunded: 'REFUNDED',
  contested: 'PAID',
  canceled: 'CANCELLED',
  settled: 'PAID',
  link: 'PROCESSING',
  expired: 'EXPIRED',
};
/** Every BCB cob status and what the gateway answers for it (a fresh cob, before its expiry). */
const PIX_STATUSES: Record<string, string> = {
  ATIVA: 'PENDING',
  CONCLUIDA: 'PAID',
  REMOVIDA_PELO_USUARIO_RECEBEDOR: 'CANCELLED',
  REMOVIDA_PELO_PSP: 'EXPIRED',
};

beforeAll(async () => {
  pki = generateSimPki();
  sim = new EfiSimulator(pki, [
    { clientId: 'sim-efi-client', clientSecret: EFI_SECRET, pixKeys: [EFI_SIM_PIX_KEY], bolix: true },
    { clientId: 'sim-efi-plain', clientSecret: EFI_SECRET, pixKeys: [EFI_SIM_PIX_KEY], bolix: false },
  ]);
  await sim.start();
  control = new SimControl(sim.url, pki);
  pixControl = new SimControl(sim.pixUrl, pki);
});
afterAll(async () => {
  await control?.close();
  await pixControl?.close();
  await sim?.stop();
  pki?.cleanup();
});

const txidOf = (id: string) => id.replace(/^pix-/, '');
const efiIdOf = (id: string) => id.replace(/^boleto-/, '');

describe.each(ADAPTERS)('gateway REST API on Efí, API Cobranças and API Pix (%s)', (adapter) => {
  let t: TestApp;
  const tenants: ProviderTenant[] = [];
  const tenant = (over: Record<string, unknown> = {}) => {
    const x = providerTenant('efi', efiCredentials(pki, over));
    tenants.push(x);
    return x;
  };
  const get = (a: ProviderTenant, id: string) => request(t.url).get(`/v1/charges/${id}`).set(bearer(a));

  beforeAll(async () => {
    t = await startTestApp({
      adapter,
      env: {
        ...CHARGES_TEST_ENV,
        EFI_BASE_URL: sim.url,
        EFI_PIX_BASE_URL: sim.pixUrl,
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
    await pixControl.post('/__sim/faults/reset');
  });

  it.each([
    ['boleto', () => boletoBody(), 'sim-efi-plain'],
    ['bolepix', () => bolepixBody(), 'sim-efi-client'],
    ['pix', () => pixBody(), 'sim-efi-client'],
  ] as const)('creates, reads and cancels a %s with the unified response', async (type, body, clientId) => {
    const a = tenant({ clientId });
    const c = (await post(t.url, '/v1/charges', a, body(), randomUUID()).expect(201)).body;
    expect(c).toMatchObject({
      providerId: 'efi',
      type,
      status: 'PENDING',
      providerStatus: type === 'pix' ? 'ATIVA' : 'waiting',
      amount: body().amount,
      currency: 'BRL',
    });
    expect(c.id).toMatch(type === 'pix' ? /^pix-c[0-9a-f]{34}$/ : /^boleto-\d+$/);
    if (type !== 'pix') {
      expect(isValidDigitableLine(c.boleto.digitableLine) && isValidBarcode(c.boleto.barcode)).toBe(true);
      expect(c.boleto.barcode.slice(0, 3)).toBe('364');
      expect(c.externalId).toBe(body().externalId === undefined ? undefined : c.externalId);
    } else expect(c.boleto).toBeUndefined();
    if (type !== 'boleto') {
      const br = parsePixBrCode(c.pix.brCode);
      expect(br).toMatchObject({ amountCents: body().amount, crcValid: true, key: EFI_SIM_PIX_KEY });
    } else expect(c.pix).toBeUndefined();
    const read = (await get(a, c.id).expect(200)).body;
    expect(read).toMatchObject({
      id: c.id,
      type,
      status: 'PENDING',
      amount: c.amount,
      payer: { document: c.payer.document },
    });
    const cancelled = await post(t.url, `/v1/charges/${c.id}/cancel`, a).expect(200);
    expect(cancelled.body).toMatchObject({
      id: c.id,
      status: 'CANCELLED',
      providerStatus: type === 'pix' ? 'REMOVIDA_PELO_USUARIO_RECEBEDOR' : 'canceled',
    });
    expect((await post(t.url, `/v1/charges/${c.id}/cancel`, a).expect(200)).body.status).toBe('CANCELLED');
  });

  it('maps every API Cobranças status forced at the bank, and refuses to cancel outside new/waiting/unpaid/link', async () => {
    const a = tenant();
    const c = (await post(t.url, '/v1/charges', a, boletoBody()).expect(201)).body;
    for (const [word, status] of Object.entries(CHARGE_STATUSES)) {
      await control.post(`/__sim/charges/${efiIdOf(c.id)}/status`, { status: word });
      expect((await get(a, c.id).expect(200)).body).toMatchObject({ status, providerStatus: word });
    }
    await control.post(`/__sim/charges/${efiIdOf(c.id)}/status`, { status: 'paid' });
    expect((await post(t.url, `/v1/charges/${c.id}/cancel`, a).expect(409)).body.code).toBe('CHARGE_NOT_CANCELLABLE');
  });

  it('maps every API Pix status forced at the bank', async () => {
    const a = tenant();
    const c = (await post(t.url, '/v1/charges', a, pixBody()).expect(201)).body;
    for (const [word, status] of Object.entries(PIX_STATUSES)) {
      await pixControl.post(`/__sim/pix/${txidOf(c.id)}/status`, { status: word });
      expect((await get(a, c.id).expect(200)).body).toMatchObject({ status, providerStatus: word });
    }
  });

  it('routes by id: boleto ids to API Cobranças, pix ids to API Pix, any other shape is 404 without a call', async () => {
    const a = tenant();
    const boleto = (await post(t.url, '/v1/charges', a, bolepixBody()).expect(201)).body;
    const pix = (await post(t.url, '/v1/charges', a, pixBody()).expect(201)).body;
    const before = [(await control.stats()).byRoute, (await pixControl.stats()).byRoute];
    await get(a, boleto.id).expect(200);
    await get(a, pix.id).expect(200);
    const after = [(await control.stats()).byRoute, (await pixControl.stats()).byRoute];
    expect(after[0]['GET /v1/charge/:id'] - (before[0]['GET /v1/charge/:id'] ?? 0)).toBe(1);
    expect(after[1]['GET /v2/cob/:txid'] - (before[1]['GET /v2/cob/:txid'] ?? 0)).toBe(1);
    const seen = (await control.stats()).requests + (await pixControl.stats()).requests;
    for (const id of ['inv_123', 'boleto-abc', 'boleto-0', `pix-${'a'.repeat(25)}`, '12345'])
      expect((await get(a, id).expect(404)).body.code).toBe('CHARGE_NOT_FOUND');
    expect((await control.stats()).requests + (await pixControl.stats()).requests).toBe(seen);
    expect((await get(a, 'boleto-999999999').expect(404)).body.code).toBe('CHARGE_NOT_FOUND');
    expect((await get(a, `pix-${'b'.repeat(30)}`).expect(404)).body.code).toBe('CHARGE_NOT_FOUND');
  });

  it('reports PAID when a canceled boleto is paid anyway (printed before the cancellation)', async () => {
    const a = tenant();
    const c = (await post(t.url, '/v1/charges', a, boletoBody()).expect(201)).body;
    await post(t.url, `/v1/charges/${c.id}/cancel`, a).expect(200);
    await control.post(`/__sim/charges/${efiIdOf(c.id)}/pay`);
    expect((await get(a, c.id).expect(200)).body).toMatchObject({
      status: 'PAID',
      providerStatus: 'paid',
      paidAmount: 15990,
      paidAt: expect.any(String),
    });
  });

  it('answers PAID at once for a Pix of R$ 10,00 or less in homologation (and leaves R$ 10,01 ATIVA)', async () => {
    const a = tenant();
    const small = (await post(t.url, '/v1/charges', a, pixBody({ amount: 1000 })).expect(201)).body;
    expect(small).toMatchObject({ status: 'PAID', providerStatus: 'CONCLUIDA', paidAmount: 1000 });
    expect((await post(t.url, `/v1/charges/${small.id}/cancel`, a).expect(409)).body.code).toBe(
      'CHARGE_NOT_CANCELLABLE',
    );
    const big = (await post(t.url, '/v1/charges', a, pixBody({ amount: 1001 })).expect(201)).body;
    expect(big).toMatchObject({ status: 'PENDING', providerStatus: 'ATIVA' });
  });

  it('a Pix create that timed out after Efí committed it ends as one charge (the txid refused twice is read back)', async () => {
    const a = tenant();
    await post(t.url, '/initialize', a).expect(200);
    const before = (await pixControl.stats()).charges;
    const key = randomUUID();
    await pixControl.faults({ hangAfterCommit: 1 });
    const { res: first } = await timed(() => post(t.url, '/v1/charges', a, pixBody(), key).expect(201));
    const retry = await post(t.url, '/v1/charges', a, pixBody(), key).expect(201);
    expect(retry.body.id).toBe(first.body.id);
    expect((await pixControl.stats()).charges - before).toBe(1);
  });

  it('a boleto create that timed out after Efí committed it is reconciled by custom_id: one charge', async () => {
    const a = tenant();
    await post(t.url, '/initialize', a).expect(200);
    const before = (await control.stats()).charges;
    const key = randomUUID();
    await control.faults({ hangAfterCommit: 1 });
    const body = boletoBody();
    const { res: first } = await timed(() => post(t.url, '/v1/charges', a, body, key).expect(201));
    const retry = await post(t.url, '/v1/charges', a, body, key).expect(201);
    expect(retry.body.id).toBe(first.body.id);
    expect((await control.stats()).charges - before).toBe(1);
  });

  it('answers Efí refusals: field errors, a Pix token without pixKey (422), bolepix without Bolix (422), bad credentials (502)', async () => {
    const a = tenant();
    const low = await post(t.url, '/v1/charges', a, boletoBody({ amount: 400 })).expect(400);
    expect(low.body).toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ field: 'amount' }] });
    const noKey = await post(t.url, '/v1/charges', tenant({ pixKey: undefined }), pixBody()).expect(422);
    expect(noKey.body.detail).toMatch(/pixKey/);
    const plain = tenant({ clientId: 'sim-efi-plain' });
    expect((await post(t.url, '/v1/charges', plain, bolepixBody()).expect(422)).body.detail).toMatch(/Bolix/);
    const wrong = await post(t.url, '/initialize', tenant({ clientSecret: 'wrong-secret-CANARY' })).expect(502);
    expect(wrong.body.detail).toMatch(/Efí refused the client credentials \(HTTP 401.*Check clientId, clientSecret/);
    expect(JSON.stringify(wrong.body)).not.toContain('wrong-secret-CANARY');
  });

  it('refuses a Pix client certificate from another CA at the TLS layer (502)', async () => {
    const rogue = tenant({ certificate: pki.rogueClientCertPem, privateKey: pki.rogueClientKeyPem });
    expect((await post(t.url, '/v1/charges', rogue, pixBody()).expect(502)).body.detail).toMatch(/TLS/);
  });

  it('lists efi in GET /v1/providers with its capabilities', async () => {
    const res = await request(t.url).get('/v1/providers').set(bearer(tenant())).expect(200);
    const efi = (res.body.providers ?? res.body).find((p: { id: string }) => p.id === 'efi');
    expect(efi).toMatchObject({
      id: 'efi',
      displayName: 'Efí',
      capabilities: { types: ['boleto', 'pix', 'bolepix'], cancel: true, idempotentCreate: true },
    });
  });

  it('never writes the client secret, keys or Efí tokens to logs or to Redis in plain text; both sessions sealed', async () => {
    await new Promise((r) => setTimeout(r, 50));
    const logs = t.logs.join('\n');
    const tokens = [...sim.tokens.all(), ...sim.pix.tokens.all()];
    expect(sim.tokens.all().length).toBeGreaterThan(0);
    expect(sim.pix.tokens.all().length).toBeGreaterThan(0);
    for (const secret of [EFI_SECRET, pemBody(pki.clientKeyPem), pemBody(pki.clientCertPem), ...tokens])
      expect(logs).not.toContain(secret);
    const sessions = new Set<string>();
    for (const x of tenants) {
      for (const [key, value] of await scanKeys(t.redisUrl as string, `${x.prefix}:*`)) {
        for (const secret of [EFI_SECRET, pemBody(pki.clientKeyPem), ...tokens]) expect(value).not.toContain(secret);
        if (key.includes(':oauth:')) {
          sessions.add(key.split('.').pop() as string);
          expect(value).toMatch(/^s:v1\./);
        }
      }
    }
    expect([...sessions].sort()).toEqual(['charges', 'pix']);
  });
});

/** The notifications Efí really sends, from the simulator to a local receiver, read by the provider. */
describe('Efí notifications from the simulator, read by the provider', () => {
  let h: ProviderHarness;
  let efi: EfiProvider;
  let receiver: Server;
  let receiverUrl: string;
  const received: { path: string; contentType: string; raw: string }[] = [];

  beforeAll(async () => {
    h = await new ProviderHarness().start();
    efi = new EfiProvider(settingsFor({ efi: sim.url, 'efi.pix': sim.pixUrl }, pki.caPem, 1500));
    receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        received.push({ path: req.url ?? '', contentType: String(req.headers['content-type']), raw });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  });
  afterAll(async () => {
    await efi?.onModuleDestroy();
    await new Promise((r) => receiver?.close(r));
    await h?.stop();
  });

  const inbound = (r: { contentType: string; raw: string }) => ({
    headers: { 'content-type': r.contentType },
    body: r.contentType.includes('json') ? JSON.parse(r.raw) : Object.fromEntries(new URLSearchParams(r.raw)),
    rawBody: r.raw,
  });

  it('reads a boleto callback (form notification=<token>) by pulling GET /v1/notification/:token', async () => {
    const ctx = h.ctx('efi', efi.parseCredentials(efiCredentials(pki)));
    const c = await efi.create(ctx, { ...boletoInput() }, {});
    await control.post(`/__sim/charges/${efiIdOf(c.id)}/pay`);
    await control.post('/__sim/notify', { url: receiverUrl, chargeId: Number(efiIdOf(c.id)) });
    const form = received.at(-1) as (typeof received)[number];
    expect(form).toMatchObject({ path: '/hook', contentType: 'application/x-www-form-urlencoded' });
    const events = await efi.parseNotification(inbound(form), ctx);
    expect(events).toEqual<ProviderNotification[]>([
      {
        eventId: expect.stringMatching(/:3$/),
        chargeId: c.id,
        type: 'charge.paid',
        status: 'PAID',
        providerStatus: 'paid',
      },
    ]);
    // Same token, raw body only (a parser that kept the text): same answer. Without ctx: 503 so Efí retries.
    expect(await efi.parseNotification({ headers: {}, body: undefined, rawBody: form.raw }, ctx)).toEqual(events);
    await expect(efi.parseNotification(inbound(form), undefined)).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      options: { retryAfterSeconds: 60 },
    });
  });

  it('reads the Pix webhook {pix:[...]} posted to <url>/pix: one charge.paid per Pix, keyed by endToEndId', async () => {
    const ctx = h.ctx('efi', efi.parseCredentials(efiCredentials(pki)));
    await pixControl.post('/__sim/config', { webhookUrl: receiverUrl });
    try {
      const c = await efi.create(ctx, { ...boletoInput(), type: 'pix', dueDate: undefined, amount: 500 }, {});
      expect(c.status).toBe('PAID');
      const hook = received.at(-1) as (typeof received)[number];
      expect(hook).toMatchObject({ path: '/hook/pix', contentType: 'application/json' });
      const events = await efi.parseNotification(inbound(hook), undefined);
      expect(events).toEqual([
        {
          eventId: expect.stringMatching(/^E/),
          chargeId: c.id,
          type: 'charge.paid',
          status: 'PAID',
          providerStatus: 'CONCLUIDA',
        },
      ]);
    } finally {
      await pixControl.post('/__sim/config', { webhookUrl: null });
    }
  });

  it('creates, reads and cancels a Pix with a due date as a cobv (the gateway API offers only cob today)', async () => {
    const ctx = h.ctx('efi', efi.parseCredentials(efiCredentials(pki)));
    const c = await efi.create(ctx, { ...boletoInput(), type: 'pix' }, { idempotencyKey: randomUUID() });
    expect(c).toMatchObject({
      type: 'pix',
      status: 'PENDING',
      providerStatus: 'ATIVA',
      dueDate: boletoInput().dueDate,
    });
    expect(c.id).toMatch(/^pix-v/);
    expect((await efi.get(ctx, c.id)).id).toBe(c.id);
    expect(await efi.cancel(ctx, c.id, {})).toMatchObject({ status: 'CANCELLED' });
  });
});

function boletoInput() {
  const b = boletoBody();
  return {
    type: 'boleto' as const,
    amount: 15990,
    dueDate: b.dueDate as string,
    description: 'Mensalidade',
    payer: { name: 'Maria da Silva', document: '52998224725', documentType: 'CPF' as const },
  };
}
