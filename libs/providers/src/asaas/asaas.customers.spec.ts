import type { ProviderContext, ProviderStateStore } from '../charge-provider';
import { ProviderHttpError } from '../http/http-failure';
import type { AsaasClient } from './asaas.client';
import type { AsaasCredentials } from './asaas.credentials';
import { AsaasCustomers } from './asaas.customers';

/** The tenant state the gateway would give (in memory, nx honoured). */
class MemoryState implements ProviderStateStore {
  readonly values = new Map<string, { value: string; secret: boolean }>();
  get(name: string) {
    return Promise.resolve(this.values.get(name)?.value);
  }
  set(name: string, value: string, o: { secret?: boolean; nx?: boolean } = {}) {
    if (o.nx && this.values.has(name)) return Promise.resolve(false);
    this.values.set(name, { value, secret: o.secret === true });
    return Promise.resolve(true);
  }
  del(name: string) {
    this.values.delete(name);
    return Promise.resolve();
  }
}

/** A fake Asaas account: customers found by cpfCnpj, created after a short delay. */
function fakeClient(options: { hangAfterCommit?: boolean } = {}) {
  const customers: Record<string, unknown>[] = [];
  let hang = options.hangAfterCommit ?? false;
  const client = {
    creates: 0,
    finds: 0,
    findCustomers: (_ctx: unknown, doc: string) => {
      client.finds++;
      return Promise.resolve(customers.filter((c) => c.cpfCnpj === doc));
    },
    createCustomer: async (_ctx: unknown, body: Record<string, unknown>) => {
      client.creates++;
      await new Promise((r) => setTimeout(r, 20));
      const c = { ...body, id: `cus_${customers.length + 1}`, dateCreated: '2030-01-01' };
      customers.push(c);
      if (hang) {
        hang = false;
        throw new ProviderHttpError('PROVIDER_TIMEOUT', 'Asaas did not answer', { kind: 'timeout', sent: true });
      }
      return c;
    },
    getCustomer: (_ctx: unknown, id: string) => Promise.resolve(customers.find((c) => c.id === id) ?? {}),
  };
  return client;
}

const ctx = (state = new MemoryState(), apiKey = '$aact_hmlg_a'): ProviderContext<AsaasCredentials> => ({
  tenantId: 't1',
  providerId: 'asaas',
  credentials: { apiKey, environment: 'sandbox' },
  credentialFingerprint: 'fp',
  sessionTtlSeconds: 3600,
  state,
});
const payer = { name: 'Maria', document: '52998224725', documentType: 'CPF' as const };

describe('AsaasCustomers', () => {
  it('creates one customer for concurrent and later charges to one document, remembered sealed', async () => {
    const client = fakeClient();
    const customers = new AsaasCustomers(client as unknown as AsaasClient, 5);
    const state = new MemoryState();
    const ids = await Promise.all([1, 2, 3].map(() => customers.idFor(ctx(state), payer)));
    expect(new Set(ids)).toEqual(new Set(['cus_1']));
    expect(await customers.idFor(ctx(state), payer)).toBe('cus_1');
    expect(client.creates).toBe(1);
    const stored = [...state.values.entries()].filter(([k]) => k.startsWith('customer:'));
    expect(stored).toHaveLength(1);
    expect(stored[0][0]).not.toContain(payer.document);
    expect(stored[0][1]).toEqual({ value: 'cus_1', secret: true });
    expect(await customers.payerOf(ctx(state), 'cus_1', false)).toEqual(payer);
  });

  it('finds an existing customer before creating, and across instances waits for the one creating it', async () => {
    const client = fakeClient();
    const state = new MemoryState();
    const a = new AsaasCustomers(client as unknown as AsaasClient, 5);
    const b = new AsaasCustomers(client as unknown as AsaasClient, 5);
    const ids = await Promise.all([a.idFor(ctx(state), payer), b.idFor(ctx(state), payer)]);
    expect(ids).toEqual(['cus_1', 'cus_1']);
    expect(client.creates).toBe(1);
    const fresh = new MemoryState();
    expect(await new AsaasCustomers(client as unknown as AsaasClient, 5).idFor(ctx(fresh), payer)).toBe('cus_1');
    expect(client.creates).toBe(1);
  });

  it('keys customers by account: another API key is another Asaas account', () => {
    expect(AsaasCustomers.keyOf(ctx(undefined, 'k1'), '52998224725')).not.toBe(
      AsaasCustomers.keyOf(ctx(undefined, 'k2'), '52998224725'),
    );
  });

  it('looks a customer up again instead of creating a second one after a create that timed out', async () => {
    const client = fakeClient({ hangAfterCommit: true });
    const customers = new AsaasCustomers(client as unknown as AsaasClient, 5);
    expect(await customers.idFor(ctx(), payer)).toBe('cus_1');
    expect(client.creates).toBe(1);
  });
});
