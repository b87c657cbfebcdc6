import type { ChargeProvider } from '../../libs/providers/src';
import type { AppConfig } from '../config/env.schema';
import { ProviderRegistry } from './provider-registry';

const providers = ['sandbox', 'cora', 'inter'].map((id) => ({ id }) as ChargeProvider);
const registry = (config: Partial<AppConfig>) => new ProviderRegistry(providers, { production: false, sandboxEnabled: true, ...config } as AppConfig);

describe('ProviderRegistry', () => {
  it('finds the enabled providers only', () => {
    expect(registry({}).list().map((p) => p.id)).toEqual(['sandbox', 'cora', 'inter']);
    expect(registry({ sandboxEnabled: false }).find('sandbox')).toBeUndefined();
    expect(registry({ sandboxEnabled: false }).find('cora')?.id).toBe('cora');
  });

  it('says a disabled sandbox is disabled, and that it is off by default in production', () => {
    expect(registry({ sandboxEnabled: false }).unavailableReason('sandbox')).toBe('providerId "sandbox" is disabled on this server (SANDBOX_ENABLED=false)');
    expect(registry({ production: true, sandboxEnabled: false }).unavailableReason('sandbox')).toBe(
      'providerId "sandbox" is disabled on this server (SANDBOX_ENABLED=false; the sandbox is off by default in production)',
    );
  });

  it('keeps the old reason for providers that are not registered', () => {
    expect(registry({ sandboxEnabled: false }).unavailableReason('nobank')).toBe('providerId does not name a registered provider');
    expect(registry({}).unavailableReason('nobank')).toBe('providerId does not name a registered provider');
  });
});
