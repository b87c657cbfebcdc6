import { baseUrlOverrides } from './bank-settings';
import type { ChargeProvider } from './charge-provider';
import type { ProviderSettings } from './provider-settings';
import { BANKS } from './providers';

const settings: ProviderSettings = { timeoutMs: 1000, baseUrls: {} };
const instances = BANKS.map(({ provider }) => new (provider as new (s: ProviderSettings) => ChargeProvider)(settings));

describe('the list of banks', () => {
  afterAll(async () => {
    for (const p of instances) await (p as Partial<{ onModuleDestroy(): Promise<void> }>).onModuleDestroy?.();
  });

  it('declares each bank under the id its provider answers to, once', () => {
    expect(BANKS.map((b) => b.settings.providerId)).toEqual(instances.map((p) => p.id));
    expect(new Set(instances.map((p) => p.id)).size).toBe(BANKS.length);
  });

  it('declares base-URL overrides with distinct *_BASE_URL names and a documentation line', () => {
    const overrides = baseUrlOverrides(BANKS);
    expect(new Set(overrides.map((o) => o.name)).size).toBe(overrides.length);
    for (const o of overrides) {
      expect(o.name).toMatch(/^[A-Z][A-Z0-9_]*_BASE_URL$/);
      expect(o.doc).toMatch(/^Overrides .+\.$/);
    }
  });

  it('offers payment simulation only at banks that declare themselves a sandbox (they move no money)', () => {
    const simulators = instances.filter((p) => typeof p.simulatePayment === 'function');
    expect(simulators.length).toBeGreaterThan(0);
    for (const p of simulators) expect({ id: p.id, sandbox: p.sandbox }).toEqual({ id: p.id, sandbox: true });
  });
});
