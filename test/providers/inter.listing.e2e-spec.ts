import request from 'supertest';
import { bolepixBody, CHARGES_TEST_ENV, spDate } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys } from '../helpers/redis';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { InterSimulator } from '../simulators/inter.simulator';
import { SimControl } from '../simulators/sim-control';
import { INTER_SECRET, interCredentials } from './bank-credentials';
import { bearer, post, providerTenant, ProviderTenant } from './gateway-fixtures';

type Page = { data: Array<{ id: string; status: string }>; hasMore: boolean; nextCursor: string | null };
const SCOPES = ['boleto-cobranca.read', 'boleto-cobranca.write'];

// A fresh simulator per adapter: every tenant of one Inter client sees the same account's charges.
describe.each(ADAPTERS)('listing charges at Banco Inter through GET /cobrancas by period (%s)', (adapter) => {
  let pki: SimPki;
  let sim: InterSimulator;
  let control: SimControl;
  let t: TestApp;
  let a: ProviderTenant;
  let b: ProviderTenant;
  const made: string[] = [];
  const list = (who: ProviderTenant, query: string) => request(t.url).get(`/v1/charges${query}`).set(bearer(who));
  const ids = (page: Page) => page.data.map((c) => c.id).sort();

  beforeAll(async () => {
    pki = generateSimPki();
    sim = new InterSimulator(pki, [
      { clientId: 'sim-inter-client', clientSecret: INTER_SECRET, scopes: SCOPES },
      { clientId: 'sim-inter-other', clientSecret: INTER_SECRET, scopes: SCOPES },
    ]);
    await sim.start();
    control = new SimControl(sim.url, pki);
    t = await startTestApp({
      adapter,
      env: { ...CHARGES_TEST_ENV, INTER_BASE_URL: sim.url, PROVIDER_CA_CERTS_FILE: pki.caFile },
    });
    a = providerTenant('inter', interCredentials(pki));
    b = providerTenant('inter', interCredentials(pki, { clientId: 'sim-inter-other' }));
    for (const days of [5, 15, 25]) {
      const c = (
        await post(t.url, '/v1/charges', a, bolepixBody({ externalId: undefined, dueDate: spDate(days) })).expect(201)
      ).body;
      await control.post(`/__sim/charges/${c.id}/register`);
      made.push(c.id);
    }
    await control.post(`/__sim/charges/${made[2]}/pay`);
  });
  afterAll(async () => {
    for (const x of [a, b]) if (x) await deleteKeys(t.redisUrl as string, `${x.prefix}:*`);
    await t?.close();
    await control?.close();
    await sim?.stop();
    pki?.cleanup();
  });

  it('declares list and refunds, and lists the account charges issued in the default period', async () => {
    const providers = (await request(t.url).get('/v1/providers').set(bearer(a)).expect(200)).body as Array<{
      id: string;
      capabilities: Record<string, unknown>;
    }>;
    expect(providers.find((p) => p.id === 'inter')?.capabilities).toMatchObject({ list: true, refund: true });
    const page = (await list(a, '').expect(200)).body as Page;
    expect(ids(page)).toEqual([...made].sort());
    expect(page).toMatchObject({ hasMore: false, nextCursor: null });
  });

  it.each([
    ['due days (VENCIMENTO period)', () => `dueFrom=${spDate(10)}&dueTo=${spDate(20)}`, () => [made[1]]],
    ['status (applied by the gateway)', () => 'status=PAID', () => [made[2]]],
    ['creation days (EMISSAO period)', () => `createdFrom=${spDate(0)}&createdTo=${spDate(0)}`, () => [...made]],
    ['a future creation day', () => `createdFrom=${spDate(1)}&createdTo=${spDate(2)}`, () => []],
    ['type pix, which Inter does not offer', () => 'type=pix', () => []],
  ])('filters by %s', async (_name, query, expected) => {
    expect(ids((await list(a, `?${query()}`).expect(200)).body)).toEqual(expected().sort());
  });

  it('pages with the cursor (paginaAtual), each charge once', async () => {
    const first = (await list(a, '?limit=2').expect(200)).body as Page;
    expect(first.data).toHaveLength(2);
    expect(first.hasMore).toBe(true);
    const second = (await list(a, `?limit=2&cursor=${encodeURIComponent(first.nextCursor as string)}`).expect(200))
      .body as Page;
    expect(second).toMatchObject({ hasMore: false, nextCursor: null });
    expect([...ids(first), ...ids(second)].sort()).toEqual([...made].sort());
  });

  it("never lists another Inter account's charges, nor accepts a cursor made for another tenant", async () => {
    expect(ids((await list(b, '').expect(200)).body)).toEqual([]);
    const first = (await list(a, '?limit=1').expect(200)).body as Page;
    const res = await list(b, `?limit=1&cursor=${encodeURIComponent(first.nextCursor as string)}`).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });
});
