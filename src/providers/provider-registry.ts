import { Inject, Injectable } from '@nestjs/common';
import { CHARGE_PROVIDERS, ChargeProvider } from '../../libs/providers/src';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';

/** Picks a provider strategy by id among the DI-registered ones; never names a provider itself. */
@Injectable()
export class ProviderRegistry {
  private readonly byId = new Map<string, ChargeProvider>();

  constructor(@Inject(CHARGE_PROVIDERS) providers: ChargeProvider[], @Inject(APP_CONFIG) config: AppConfig) {
    for (const p of providers) {
      if (p.id === 'sandbox' && !config.sandboxEnabled) continue;
      this.byId.set(p.id, p);
    }
  }

  find(id: string): ChargeProvider | undefined {
    return this.byId.get(id);
  }

  list(): ChargeProvider[] {
    return [...this.byId.values()];
  }
}
