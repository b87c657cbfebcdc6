import type { ChargeProvider } from './charge-provider';
import { ProviderRegistry } from './provider-registry';
import type { ProviderSettings } from './provider-settings';

/** A test bank (declares `sandbox: true`) and two real ones, by declaration only: the registry never tests ids. */
const providers = [{ id: 'sandbox', sandbox: true }, { id: 'cora' }, { id: 'inter' }] as ChargeProvider[];
const registry = (settings: Partial<ProviderSettings>) =>
  new ProviderRegistry(providers, {
    timeoutMs: 1000,
    baseUrls: {},
    production: false,
    sandboxEnabled: true,
    ...settings,
  });

describe('ProviderRegistry', () => {
  it('finds the enabled providers only', () => {
    expect(
      registry({})
        .list()
        .map((p) => p.id),
    ).toEqual(['sandbox', 'cora', 'inter']);
    expect(registry({ sandboxEnabled: false }).find('sandbox')).toBeUndefined();
    expect(registry({ sandboxEnabled: false }).find('cora')?.id).toBe('cora');
  });

  it('switches off whichever provider declares itself a sandbox, whatever its id', () => {
    const custom = new ProviderRegistry([{ id: 'playground', sandbox: true }, { id: 'sandbox' }] as ChargeProvider[], {
      timeoutMs: 1000,
      baseUrls: {},
      sandboxEnabled: false,
    });
    expect(custom.list().map((p) => p.id)).toEqual(['sandbox']);
    expect(custom.unavailableReason('playground')).toBe(
      'providerId "playground" is disabled on this server (SANDBOX_ENABLED=false)',
    );
  });

  it('says a disabled sandbox is disabled, and that it is off by default in production', () => {
    expect(registry({ sandboxEnabled: false }).unavailableReason('sandbox')).toBe(
      'providerId "sandbox" is disabled on this server (SANDBOX_ENABLED=false)',
    );
    expect(registry({ production: true, sandboxEnabled: false }).unavailableReason('sandbox')).toBe(
      'providerId "sandbox" is disabled on this server (SANDBOX_ENABLED=false; the sandbox is off by default in production)',
    );
  });

  it('keeps the old reason for providers that are not registered', () => {
    expect(registry({ sandboxEnabled: false }).unavailableReason('nobank')).toBe(
      'providerId does not name a registered provider',
    );
    expect(registry({}).unavailableReason('nobank')).toBe('providerId does not name a registered provider');
  });
});
