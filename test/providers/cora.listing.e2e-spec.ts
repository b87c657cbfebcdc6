import request from 'supertest';
import { bolepixBody, boletoBody, CHARGES_TEST_ENV, pixBody, spDate } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys } from '../helpers/redis';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { CoraSimulator } from '../simulators/cora.simulator';
import { SimControl } from '../simulators/sim-control';
import { coraCredentials } from './bank-credentials';
import { bearer, post, providerTenant, ProviderTenant } from './gateway-fixtures';

type Page = { data: Array<{ id: string; status: string }>; hasMore: boolean; nextCursor: string | null };

// A fresh simulator per adapter: every tenant of one Cora client sees the same account's invoices.
describe.each(ADAPTERS)('listing charges at Cora through its invoice search (%s)', (adapter) => {
  let pki: SimPki;
  let sim: CoraSimulator;
  let control: SimControl;
  let t: TestApp;
  let a: ProviderTenant;
  let b: ProviderTenant;
  const made: string[] = [];
  const list = (who: ProviderTenant, query: string) => request(t.url).get(`/v1/charges${query}`).set(bearer(who));
  const ids = (page: Page) => page.data.map((c) => c.id).sort();

  beforeAll(async () => {
    pki = generateSimPki();
    sim = new CoraSimulator(pki, ['int-sim-client', 'int-sim-other']);
    await sim.start();
    control = new SimControl(sim.url, pki);
    t = await startTestApp({
      adapter,
      env: { ...CHARGES_TEST_ENV, CORA_BASE_URL: sim.url, PROVIDER_CA_CERTS_FILE: pki.caFile },
    });
    a = providerTenant('cora', coraCredentials(pki));
    b = providerTenant('cora', coraCredentials(pki, { clientId: 'int-sim-other' }));
    for (const body of [boletoBody({ dueDate: spDate(5) }), bolepixBody({ dueDate: spDate(15) }), pixBody()])
      made.push((await post(t.url, '/v1/charges', a, body).expect(201)).body.id);
    await control.post(`/__sim/charges/${made[0]}/pay`);
  });
  afterAll(async () => {
    for (const x of [a, b]) if (x) await deleteKeys(t.redisUrl as string, `${x.prefix}:*`);
    await t?.close();
    await control?.close();
    await sim?.stop();
    pki?.cleanup();
  });

  it('declares list (not refunds) and lists the account invoices', async () => {
    const providers = (await request(t.url).get('/v1/providers').set(bearer(a)).expect(200)).body as Array<{
      id: string;
      capabilities: Record<string, unknown>;
    }>;
    expect(providers.find((p) => p.id === 'cora')?.capabilities).toMatchObject({ list: true, refund: false });
    expect(ids((await list(a, '').expect(200)).body)).toEqual([...made].sort());
  });

  it.each([
    ['due days (start/end)', () => `dueFrom=${spDate(10)}&dueTo=${spDate(20)}`, () => [made[1]]],
    ['status (applied by the gateway)', () => 'status=PAID', () => [made[0]]],
    ['type (applied by the gateway)', () => 'type=bolepix', () => [made[1]]],
    ['payer document (search)', () => 'payerDocument=529.982.247-25', () => [made[0], made[1]]],
  ])('filters by %s', async (_name, query, expected) => {
    expect(ids((await list(a, `?${query()}`).expect(200)).body)).toEqual(expected().sort());
  });

  it('pages with the cursor (page), each invoice once', async () => {
    const first = (await list(a, '?limit=2').expect(200)).body as Page;
    expect(first).toMatchObject({ hasMore: true });
    const second = (await list(a, `?limit=2&cursor=${encodeURIComponent(first.nextCursor as string)}`).expect(200))
      .body as Page;
    expect(second).toMatchObject({ hasMore: false, nextCursor: null });
    expect([...ids(first), ...ids(second)].sort()).toEqual([...made].sort());
  });

  it("never lists another Cora account's invoices", async () => {
    expect(ids((await list(b, '').expect(200)).body)).toEqual([]);
  });
});
