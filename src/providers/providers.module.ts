import { readFileSync } from 'node:fs';
import { Global, Module } from '@nestjs/common';
import { CHARGE_PROVIDERS, ChargeProvider, PROVIDER_SETTINGS, ProviderSettings } from '../../libs/providers/src';
import { PROVIDER_CLASSES } from '../../libs/providers/src/providers';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';
import { ProviderCallEvents, ProviderCallRunner } from './provider-call.runner';
import { ProviderContextFactory } from './provider-context.factory';
import { ProviderExchangeLogger } from './provider-exchange.logger';
import { ProviderRegistry } from './provider-registry';

/** Registers every provider strategy class from the one list in libs/providers/src/providers.ts. */
@Global()
@Module({
  providers: [
    {
      provide: PROVIDER_SETTINGS,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig): ProviderSettings => ({
        timeoutMs: c.providerTimeoutMs,
        extraCaPem: c.providerCaCertsFile ? readFileSync(c.providerCaCertsFile, 'utf8') : undefined,
        baseUrls: { cora: c.coraBaseUrl, inter: c.interBaseUrl },
      }),
    },
    ...PROVIDER_CLASSES,
    { provide: CHARGE_PROVIDERS, inject: PROVIDER_CLASSES, useFactory: (...providers: ChargeProvider[]) => providers },
    ProviderRegistry,
    ProviderContextFactory,
    ProviderCallEvents,
    ProviderCallRunner,
    ProviderExchangeLogger,
  ],
  exports: [ProviderRegistry, ProviderContextFactory, ProviderCallEvents, ProviderCallRunner, CHARGE_PROVIDERS, PROVIDER_SETTINGS],
})
export class ProvidersModule {}
