import type { CreateChargeInput } from '../charge.model';
import type { ProviderContext } from '../charge-provider';
import { ProviderError } from '../provider-error';
import type { SandboxCredentials } from './sandbox.credentials';
import { MAX_SCANNED_PER_CALL } from './sandbox.listing';
import { MapState } from './map-state.fixture';
import { SandboxProvider } from './sandbox.provider';

const ctx = (state: MapState): ProviderContext<SandboxCredentials> => ({
  tenantId: 'tenant-a',
  providerId: 'sandbox',
  credentials: { latencyMs: 0, failureRate: 0 },
  credentialFingerprint: 'fp',
  sessionTtlSeconds: 3600,
  state,
});

const pix = (amount: number): CreateChargeInput => ({
  type: 'pix',
  amount,
  payer: { name: 'Maria', document: '52998224725', documentType: 'CPF' },
});

describe('sandbox listing and refunds', () => {
  const sandbox = new SandboxProvider({ timeoutMs: 1000, baseUrls: {} });

  it('walks every charge once across index pages, newest first, with bounded work per call', async () => {
    const state = new MapState();
    const made: string[] = [];
    for (let i = 0; i < 230; i++) made.push((await sandbox.create(ctx(state), pix(100 + i), {})).id);
    expect([...state.values.keys()].filter((k) => k.startsWith('index:') && k !== 'index:head')).toHaveLength(3);
    const seen: string[] = [];
    let position: string | undefined;
    do {
      const page = await sandbox.list(ctx(state), {}, { limit: 70, ...(position ? { position } : {}) });
      seen.push(...page.charges.map((c) => c.id));
      position = page.next;
    } while (position);
    expect(seen).toEqual([...made].reverse());
  });

  it('stops after MAX_SCANNED_PER_CALL charges that do not match, with a next position', async () => {
    const state = new MapState();
    for (let i = 0; i < MAX_SCANNED_PER_CALL + 10; i++) await sandbox.create(ctx(state), pix(100), {});
    const page = await sandbox.list(ctx(state), { statuses: ['PAID'] }, { limit: 10 });
    expect(page.charges).toEqual([]);
    expect(page.next).toBeDefined();
    const rest = await sandbox.list(ctx(state), { statuses: ['PAID'] }, { limit: 10, position: page.next });
    expect(rest).toEqual({ charges: [] });
  });

  it('skips charges that expired from the store and refuses a position it never made', async () => {
    const state = new MapState();
    const a = await sandbox.create(ctx(state), pix(100), {});
    const b = await sandbox.create(ctx(state), pix(200), {});
    state.values.delete(`charge:${a.id}`);
    expect((await sandbox.list(ctx(state), {}, { limit: 10 })).charges.map((c) => c.id)).toEqual([b.id]);
    await expect(sandbox.list(ctx(state), {}, { limit: 10, position: 'x' })).rejects.toBeInstanceOf(ProviderError);
  });

  it('refunds with a key once, partially then fully, and refuses more', async () => {
    const state = new MapState();
    const c = await sandbox.create(ctx(state), pix(1000), {});
    await expect(sandbox.refund(ctx(state), c.id, {}, {})).rejects.toMatchObject({ code: 'CHARGE_NOT_REFUNDABLE' });
    await sandbox.simulatePayment(ctx(state), c.id);
    const once = await sandbox.refund(ctx(state), c.id, { amount: 400 }, { refundKey: 'k1' });
    const again = await sandbox.refund(ctx(state), c.id, { amount: 400 }, { refundKey: 'k1' });
    expect(again).toEqual(once);
    expect(once).toMatchObject({
      status: 'PAID',
      refundedAmount: 400,
      refunds: [{ id: 'k1', amount: 400, status: 'DONE' }],
    });
    await expect(sandbox.refund(ctx(state), c.id, { amount: 601 }, {})).rejects.toMatchObject({
      code: 'REFUND_EXCEEDS_PAID',
    });
    const full = await sandbox.refund(ctx(state), c.id, {}, {});
    expect(full).toMatchObject({ status: 'REFUNDED', providerStatus: 'DEVOLVIDO', refundedAmount: 1000 });
    await expect(sandbox.refund(ctx(state), c.id, {}, {})).rejects.toMatchObject({ code: 'CHARGE_NOT_REFUNDABLE' });
  });
});
