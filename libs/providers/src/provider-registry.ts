import { Inject, Injectable } from '@nestjs/common';
import { CHARGE_PROVIDERS, ChargeProvider } from './charge-provider';
import { ProviderSettings } from './provider-settings';

/**
 * Picks a provider strategy by id among the DI-registered ones; never names a provider itself. A provider that
 * declares `sandbox: true` is served only while `ProviderSettings.sandboxEnabled` (SANDBOX_ENABLED) is on.
 */
@Injectable()
export class ProviderRegistry {
  private readonly byId = new Map<string, ChargeProvider>();
  /** Registered providers this server turned off, with why (said in the 401 of a token naming one). */
  private readonly disabled = new Map<string, string>();

  constructor(
    @Inject(CHARGE_PROVIDERS) providers: ChargeProvider[],
    @Inject(ProviderSettings) settings: ProviderSettings,
  ) {
    for (const p of providers) {
      if (p.sandbox === true && settings.sandboxEnabled === false) {
        this.disabled.set(
          p.id,
          `SANDBOX_ENABLED=false${settings.production ? '; the sandbox is off by default in production' : ''}`,
        );
        continue;
      }
      this.byId.set(p.id, p);
    }
  }

  find(id: string): ChargeProvider | undefined {
    return this.byId.get(id);
  }

  /**
   * The 401 detail for a token whose providerId `find` does not know: a registered provider that is disabled here
   * says so (and how it is turned on), anything else is not a registered provider.
   */
  unavailableReason(id: string): string {
    const why = this.disabled.get(id);
    return why === undefined
      ? 'providerId does not name a registered provider'
      : `providerId "${id}" is disabled on this server (${why})`;
  }

  list(): ChargeProvider[] {
    return [...this.byId.values()];
  }
}
