import { isValidBarcode, isValidDigitableLine, parseBoleto, parsePixBrCode } from '@lib/brazil';
import type { CreateChargeInput } from '../charge.model';
import type { ProviderContext } from '../charge-provider';
import { ProviderError } from '../provider-error';
import type { SandboxCredentials } from './sandbox.credentials';
import { MapState } from './map-state.fixture';
import { SandboxProvider } from './sandbox.provider';

/** The provider's state contract in memory (the gateway backs it with Redis or its memory store). */
/** A sandbox whose clock the test moves. */
class ClockedSandbox extends SandboxProvider {
  clock = new Date('2026-12-01T12:00:00Z');
  protected override now(): Date {
    return new Date(this.clock);
  }
}

const ctx = (state = new MapState(), tenantId = 'tenant-a'): ProviderContext<SandboxCredentials> => ({
  tenantId,
  providerId: 'sandbox',
  credentials: { latencyMs: 0, failureRate: 0 },
  credentialFingerprint: 'fp',
  sessionTtlSeconds: 3600,
  state,
});

const payer = { name: 'Maria', document: '52998224725', documentType: 'CPF' as const };
const boleto: CreateChargeInput = { type: 'boleto', amount: 15990, dueDate: '2026-12-10', payer };
const pix: CreateChargeInput = { type: 'pix', amount: 2500, expiresInSeconds: 600, payer };

async function rejection(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  return err instanceof ProviderError ? err.code : String(err);
}

describe('SandboxProvider', () => {
  let sandbox: ClockedSandbox;
  beforeEach(() => {
    sandbox = new ClockedSandbox({ timeoutMs: 1000, baseUrls: {} });
  });

  it('issues a boleto with valid FEBRABAN lines for bank 000, the due date and the amount', async () => {
    const c = await sandbox.create(ctx(), boleto, {});
    expect(c).toMatchObject({ status: 'PENDING', providerStatus: 'EM_ABERTO', currency: 'BRL', amount: 15990 });
    expect(isValidBarcode(c.boleto!.barcode) && isValidDigitableLine(c.boleto!.digitableLine)).toBe(true);
    expect(parseBoleto(c.boleto!.digitableLine, { referenceDate: '2026-12-01' })).toMatchObject({
      bankCode: '000',
      dueDate: '2026-12-10',
      amountCents: 15990,
    });
  });

  it('issues a Pix BR Code with the amount in tag 54, the txid in 62-05 and a valid CRC', async () => {
    const c = await sandbox.create(ctx(), pix, {});
    const parsed = parsePixBrCode(c.pix!.brCode);
    expect(parsed).toMatchObject({ crcValid: true, amountCents: 2500, txid: c.pix!.txid });
    expect(parsed.fields['54']).toBe('25.00');
    expect(c.pix!.expiresAt).toBe('2026-12-01T12:10:00.000Z');
  });

  it('answers the same charge for the same idempotency key, and a new one without', async () => {
    const state = new MapState();
    const a = await sandbox.create(ctx(state), boleto, { idempotencyKey: 'k-1' });
    const b = await sandbox.create(ctx(state), { ...boleto, amount: 1 }, { idempotencyKey: 'k-1' });
    const c = await sandbox.create(ctx(state), boleto, {});
    expect(b).toEqual(a);
    expect(c.id).not.toBe(a.id);
  });

  it('lists, once, a keyed charge whose first create failed between its insert and the index (store down)', async () => {
    const state = new MapState();
    const set = state.set.bind(state);
    state.set = async (name, value, options) => {
      if (name.startsWith('index')) throw new ProviderError('PROVIDER_UNAVAILABLE', 'store down');
      return set(name, value, options);
    };
    await expect(sandbox.create(ctx(state), boleto, { idempotencyKey: 'k-lost' })).rejects.toThrow('store down');
    state.set = set;
    const retried = await sandbox.create(ctx(state), boleto, { idempotencyKey: 'k-lost' });
    // Later retries find it indexed, even once the index moved on to a new page.
    for (let i = 0; i < 120; i++) await sandbox.create(ctx(state), pix, {});
    await sandbox.create(ctx(state), boleto, { idempotencyKey: 'k-lost' });
    const listed: string[] = [];
    let position: string | undefined;
    do {
      const page = await sandbox.list(ctx(state), {}, { limit: 100, ...(position ? { position } : {}) });
      listed.push(...page.charges.map((c) => c.id));
      position = page.next;
    } while (position);
    expect([listed.length, listed.filter((id) => id === retried.id)]).toEqual([121, [retried.id]]);
  });

  it('declines an unkeyed create whose index write fails before storing anything (no unlisted charge)', async () => {
    const state = new MapState();
    const set = state.set.bind(state);
    state.set = async (name, value, options) => {
      if (name.startsWith('index')) throw new ProviderError('PROVIDER_UNAVAILABLE', 'store down');
      return set(name, value, options);
    };
    await expect(sandbox.create(ctx(state), boleto, {})).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    expect([...state.values.keys()].filter((k) => k.startsWith('charge:'))).toEqual([]);
  });

  it('answers 504 PROVIDER_TIMEOUT (outcome unknown) when the store timed out on the new charge, 503 when it was never sent', async () => {
    const failing = (mayHaveApplied: boolean) => {
      const state = new MapState();
      const set = state.set.bind(state);
      state.set = async (name, value, options) => {
        if (name.startsWith('charge:'))
          throw new ProviderError(
            'PROVIDER_UNAVAILABLE',
            'The provider state store is unavailable; try again shortly.',
            {
              cause: Object.assign(new Error('redis command timed out'), { mayHaveApplied }),
            },
          );
        return set(name, value, options);
      };
      return state;
    };
    await expect(sandbox.create(ctx(failing(true)), boleto, {})).rejects.toMatchObject({
      code: 'PROVIDER_TIMEOUT',
      message: expect.stringMatching(/may exist/),
    });
    await expect(sandbox.create(ctx(failing(false)), boleto, {})).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
  });

  it('reads a boleto OVERDUE once its due date has passed in America/Sao_Paulo, not in UTC', async () => {
    const state = new MapState();
    const c = await sandbox.create(ctx(state), boleto, {});
    sandbox.clock = new Date('2026-12-11T02:59:00Z'); // 23:59 on the 10th in São Paulo (UTC-3)
    expect((await sandbox.get(ctx(state), c.id)).status).toBe('PENDING');
    sandbox.clock = new Date('2026-12-11T03:00:00Z'); // midnight of the 11th in São Paulo
    expect(await sandbox.get(ctx(state), c.id)).toMatchObject({ status: 'OVERDUE', providerStatus: 'VENCIDO' });
    expect((await sandbox.simulatePayment(ctx(state), c.id)).status).toBe('PAID');
  });

  it('reads a pix EXPIRED after its expiry, and then neither pays nor cancels it', async () => {
    const state = new MapState();
    const c = await sandbox.create(ctx(state), pix, {});
    sandbox.clock = new Date('2026-12-01T12:10:00Z');
    expect((await sandbox.get(ctx(state), c.id)).status).toBe('EXPIRED');
    expect(await rejection(sandbox.simulatePayment(ctx(state), c.id))).toBe('CHARGE_NOT_PAYABLE');
    expect(await rejection(sandbox.cancel(ctx(state), c.id, {}))).toBe('CHARGE_NOT_CANCELLABLE');
  });

  it('moves PENDING -> PAID and refuses to cancel a paid charge', async () => {
    const state = new MapState();
    const c = await sandbox.create(ctx(state), boleto, {});
    sandbox.clock = new Date('2026-12-02T10:00:00Z');
    expect(await sandbox.simulatePayment(ctx(state), c.id)).toMatchObject({
      status: 'PAID',
      paidAt: '2026-12-02T10:00:00.000Z',
      paidAmount: 15990,
      updatedAt: '2026-12-02T10:00:00.000Z',
    });
    expect(await rejection(sandbox.cancel(ctx(state), c.id, {}))).toBe('CHARGE_NOT_CANCELLABLE');
    expect(await rejection(sandbox.simulatePayment(ctx(state), c.id))).toBe('CHARGE_NOT_PAYABLE');
  });

  it('lets only one of a racing payment and cancel win', async () => {
    const state = new MapState();
    const c = await sandbox.create(ctx(state), boleto, {});
    const outcomes = await Promise.allSettled([
      sandbox.simulatePayment(ctx(state), c.id),
      sandbox.cancel(ctx(state), c.id, {}),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(['PAID', 'CANCELLED']).toContain((await sandbox.get(ctx(state), c.id)).status);
  });

  it('answers CHARGE_NOT_FOUND for unknown and foreign-looking ids without reading the store', async () => {
    const state = new MapState();
    const get = jest.spyOn(state, 'get');
    expect(await rejection(sandbox.get(ctx(state), 'inv_123'))).toBe('CHARGE_NOT_FOUND');
    expect(get).not.toHaveBeenCalled();
    expect(await rejection(sandbox.get(ctx(state), 'sbx_000000000000000000000000'))).toBe('CHARGE_NOT_FOUND');
  });

  it('keeps charges sealed: stored as secret state', async () => {
    const state = new MapState();
    const set = jest.spyOn(state, 'set');
    await sandbox.create(ctx(state), boleto, {});
    expect(set).toHaveBeenCalledWith(
      expect.stringMatching(/^charge:sbx_/),
      expect.any(String),
      expect.objectContaining({ secret: true, nx: true }),
    );
  });

  it('applies fault credentials to authenticate too', async () => {
    const faulty = { ...ctx(), credentials: { latencyMs: 0, failureRate: 1, failWith: 503 as const } };
    expect(await rejection(sandbox.authenticate(faulty))).toBe('PROVIDER_ERROR');
  });
});
