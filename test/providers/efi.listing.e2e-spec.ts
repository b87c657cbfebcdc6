import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { bolepixBody, CHARGES_TEST_ENV, CNPJ_ALPHANUMERIC, pixBody, spDate } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys } from '../helpers/redis';
import { callTool, connectMcp } from '../mcp/mcp-client';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { EFI_SIM_PIX_KEY, EfiSimulator } from '../simulators/efi.simulator';
import { SimControl } from '../simulators/sim-control';
import { EFI_SECRET, efiCredentials } from './bank-credentials';
import { bearer, post, providerTenant, ProviderTenant } from './gateway-fixtures';

type Page = { data: Array<{ id: string; status: string }>; hasMore: boolean; nextCursor: string | null };
const sorted = (xs: string[]) => [...xs].sort();

// A fresh simulator per adapter: two Efí applications (accounts), each with Bolix, so boletos read as bolepix.
describe.each(ADAPTERS)('listing Efí charges over the Cobranças and Pix lists (%s)', (adapter) => {
  let pki: SimPki;
  let sim: EfiSimulator;
  let control: SimControl;
  let pixControl: SimControl;
  let t: TestApp;
  let a: ProviderTenant;
  let b: ProviderTenant;
  const externalId = `order-efi-list-${Date.now()}`;
  const ids = { pending: '', paid: '', cancelled: '', pixOpen: '', pixPaid: '', pixDue: '', other: '' };
  const list = (who: ProviderTenant, query: string) => request(t.url).get(`/v1/charges${query}`).set(bearer(who));
  const listed = async (query: string) =>
    sorted(((await list(a, query).expect(200)).body as Page).data.map((c) => c.id));
  const boletos = () => [ids.pending, ids.paid, ids.cancelled];
  const pixes = () => [ids.pixOpen, ids.pixPaid, ids.pixDue];

  beforeAll(async () => {
    pki = generateSimPki();
    sim = new EfiSimulator(pki, [
      { clientId: 'sim-efi-client', clientSecret: EFI_SECRET, pixKeys: [EFI_SIM_PIX_KEY], bolix: true },
      { clientId: 'sim-efi-other', clientSecret: EFI_SECRET, pixKeys: [EFI_SIM_PIX_KEY], bolix: true },
    ]);
    await sim.start();
    control = new SimControl(sim.url, pki);
    pixControl = new SimControl(sim.pixUrl, pki);
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
    b = providerTenant('efi', efiCredentials(pki, { clientId: 'sim-efi-other' }));
    const create = async (who: ProviderTenant, body: Record<string, unknown>) =>
      (await post(t.url, '/v1/charges', who, body).expect(201)).body.id as string;
    ids.pending = await create(a, bolepixBody({ dueDate: spDate(5), externalId }));
    ids.paid = await create(a, bolepixBody({ dueDate: spDate(20), externalId: undefined }));
    ids.cancelled = await create(a, bolepixBody({ dueDate: spDate(40), externalId: undefined }));
    ids.pixOpen = await create(a, pixBody({ amount: 2500 }));
    ids.pixPaid = await create(a, pixBody({ amount: 900 })); // paid at once (homologation rule)
    // A cobv made at Efí outside the gateway (its panel or another system): the gateway creates Pix as cob only.
    const txid = `v${randomBytes(17).toString('hex')}`;
    sim.pix.cobs.set(txid, {
      clientId: 'sim-efi-client',
      kind: 'cobv',
      body: {
        calendario: { dataDeVencimento: spDate(10), validadeAposVencimento: 30 },
        devedor: { cnpj: '12ABC34501DE35', nome: 'Empresa Exemplo' },
        valor: { original: '30.00' },
        chave: EFI_SIM_PIX_KEY,
      },
      cents: 3000,
      status: 'ATIVA',
      criacao: new Date().toISOString(),
      revisao: 0,
      pix: [],
    });
    ids.pixDue = `pix-${txid}`;
    ids.other = await create(b, bolepixBody({ dueDate: spDate(5), externalId }));
    await control.post(`/__sim/charges/${ids.paid.replace('boleto-', '')}/pay`);
    await post(t.url, `/v1/charges/${ids.cancelled}/cancel`, a).expect(200);
  });
  afterAll(async () => {
    for (const x of [a, b]) if (x) await deleteKeys(t.redisUrl as string, `${x.prefix}:*`);
    await t?.close();
    await control?.close();
    await pixControl?.close();
    await sim?.stop();
    pki?.cleanup();
  });

  it('declares list and lists every charge of the account: boletos, cob and cobv', async () => {
    const providers = (await request(t.url).get('/v1/providers').set(bearer(a)).expect(200)).body as Array<{
      id: string;
      capabilities: Record<string, unknown>;
    }>;
    expect(providers.find((p) => p.id === 'efi')?.capabilities).toMatchObject({ list: true });
    const page = (await list(a, '').expect(200)).body as Page;
    expect(sorted(page.data.map((c) => c.id))).toEqual(sorted([...boletos(), ...pixes()]));
    expect(page).toMatchObject({ hasMore: false, nextCursor: null });
  });

  it.each([
    [
      'status PAID (gateway-side on boletos, CONCLUIDA at the Pix API)',
      () => 'status=PAID',
      () => [ids.paid, ids.pixPaid],
    ],
    ['status PENDING (waiting; ATIVA)', () => 'status=PENDING', () => [ids.pending, ids.pixOpen, ids.pixDue]],
    ['status CANCELLED (canceled)', () => 'status=CANCELLED', () => [ids.cancelled]],
    ['type pix (the Pix lists only)', () => 'type=pix', pixes],
    ['type bolepix (the Cobranças list only)', () => 'type=bolepix', boletos],
    ['type boleto (every boleto of a Bolix account is a bolepix)', () => 'type=boleto', () => []],
    [
      'due days (date_of=expired; gateway-side on Pix)',
      () => `dueFrom=${spDate(8)}&dueTo=${spDate(30)}`,
      () => [ids.paid, ids.pixDue],
    ],
    ['paid days (date_of=payment)', () => `paidFrom=${spDate(0)}&paidTo=${spDate(0)}`, () => [ids.paid, ids.pixPaid]],
    [
      'creation days (creation; inicio/fim)',
      () => `createdFrom=${spDate(0)}&createdTo=${spDate(0)}`,
      () => [...boletos(), ...pixes()],
    ],
    ['a future creation day', () => `createdFrom=${spDate(1)}`, () => []],
    ['externalId (custom_id)', () => `externalId=${externalId}`, () => [ids.pending]],
    ['payerDocument (customer_document; cnpj)', () => `payerDocument=${encodeURIComponent(CNPJ_ALPHANUMERIC)}`, pixes],
  ])('filters by %s', async (_name, query, expected) => {
    expect(await listed(`?${query()}`)).toEqual(sorted(expected()));
  });

  it('refuses a range longer than one Efí query (366 days), naming the filter', async () => {
    const res = await list(a, `?createdFrom=${spDate(-400)}&createdTo=${spDate(0)}`).expect(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'createdTo' })]);
  });

  it('pages with the cursor from the Cobranças list into the Pix lists, each charge once', async () => {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await list(a, query).expect(200)).body as Page;
      expect(page.data.length).toBeLessThanOrEqual(2);
      pages.push(page);
      cursor = page.nextCursor;
      expect(page.hasMore).toBe(cursor !== null);
    } while (cursor && pages.length < 10);
    const order = pages.flatMap((p) => p.data.map((c) => c.id));
    expect(sorted(order)).toEqual(sorted([...boletos(), ...pixes()]));
    expect(new Set(order).size).toBe(order.length);
    const firstPix = order.findIndex((id) => id.startsWith('pix-'));
    expect(order.slice(0, firstPix).every((id) => id.startsWith('boleto-'))).toBe(true);
    expect(order.slice(firstPix).every((id) => id.startsWith('pix-'))).toBe(true);
    // b:0 -> [boleto, boleto]; b:2 -> [boleto, cob] (crossing in one page); c:1 -> [cob, cobv].
    expect(pages).toHaveLength(3);
    const kinds = (p: Page) => new Set(p.data.map((c) => c.id.split('-')[0]));
    expect(pages.map(kinds)).toEqual([new Set(['boleto']), new Set(['boleto', 'pix']), new Set(['pix'])]);
  });

  it('refuses a tampered cursor, and a cursor with other filters', async () => {
    const first = (await list(a, '?limit=2').expect(200)).body as Page;
    const c = first.nextCursor as string;
    const tampered = `${c.slice(0, 20)}${c[20] === 'A' ? 'B' : 'A'}${c.slice(21)}`;
    const res = await list(a, `?limit=2&cursor=${encodeURIComponent(tampered)}`).expect(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_ERROR',
      errors: [expect.objectContaining({ field: 'cursor' })],
    });
    await list(a, `?limit=2&type=pix&cursor=${encodeURIComponent(c)}`).expect(400);
  });

  it("never lists another Efí account's charges, nor accepts a cursor made for another tenant", async () => {
    expect(sorted(((await list(b, '').expect(200)).body as Page).data.map((c) => c.id))).toEqual([ids.other]);
    expect(await listed(`?externalId=${externalId}`)).not.toContain(ids.other);
    const first = (await list(a, '?limit=1').expect(200)).body as Page;
    const res = await list(b, `?limit=1&cursor=${encodeURIComponent(first.nextCursor as string)}`).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });

  it('answers list_charges to an MCP client (official SDK) with the same page', async () => {
    const client = await connectMcp(t.url, 'modern', bearer(a));
    try {
      const res = await callTool(client, 'list_charges', { type: 'pix', status: ['PAID'] });
      expect(res.isError).toBe(false);
      expect(res.structured).toMatchObject({ hasMore: false, nextCursor: null, data: [{ id: ids.pixPaid }] });
    } finally {
      await client.close();
    }
  });

  it('answers 502 PROVIDER_ERROR when either Efí list answers 5xx', async () => {
    await control.faults({ fail: { count: 5, status: 500 } });
    try {
      expect((await list(a, '?type=bolepix').expect(502)).body.code).toBe('PROVIDER_ERROR');
    } finally {
      await control.post('/__sim/faults/reset');
    }
    await pixControl.faults({ fail: { count: 5, status: 503 } });
    try {
      expect((await list(a, '?type=pix').expect(502)).body.code).toBe('PROVIDER_ERROR');
    } finally {
      await pixControl.post('/__sim/faults/reset');
    }
  });
});
