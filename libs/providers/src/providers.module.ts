import { DynamicModule, InjectionToken, Module, ModuleMetadata, Provider, Type } from '@nestjs/common';
import { CHARGE_PROVIDERS, ChargeProvider } from './charge-provider';
import { ProviderCallEvents, ProviderCallRunner } from './provider-call.runner';
import { ProviderContextFactory } from './provider-context.factory';
import { ProviderExchangeLogger } from './provider-exchange.logger';
import { ProviderLogger } from './provider-logger';
import { ProviderRegistry } from './provider-registry';
import { ProviderSettings } from './provider-settings';
import { ProviderStateBackend } from './provider-state.backend';
import { ProviderStateCipher } from './provider-state.cipher';
import { PROVIDER_CLASSES } from './providers';

/** How the application supplies one of the library's tokens: an existing provider of its own, a factory or a value. */
export type ProviderBinding<T> =
  | { useExisting: InjectionToken }
  | { useFactory: (...deps: never[]) => T | Promise<T>; inject?: InjectionToken[] }
  | { useValue: T };

export interface ProvidersModuleOptions {
  /** Modules that export what the bindings inject (global modules need not be listed). */
  imports?: ModuleMetadata['imports'];
  /** Where tenant-scoped provider state is kept (the application's key-value store). */
  stateBackend: ProviderBinding<ProviderStateBackend>;
  /** Seals provider state stored as secret. */
  stateCipher: ProviderBinding<ProviderStateCipher>;
  /** Timeouts, extra CAs, base-URL overrides and the sandbox switch, from the application's config. */
  settings: ProviderBinding<ProviderSettings>;
  /** Structured logger for the per-exchange log lines. */
  logger: ProviderBinding<ProviderLogger>;
  /** A ProviderCallRunner subclass (e.g. overriding `failure` to map errors into the application's type). */
  callRunner?: Type<ProviderCallRunner>;
  /** The bank classes to register; default the product's list (BANKS). A test may register a throwaway bank. */
  banks?: Type<ChargeProvider>[];
}

const bind = <T>(provide: symbol, binding: ProviderBinding<T>): Provider => ({ provide, ...binding }) as Provider;

/**
 * The provider library as a global Nest module: every bank of the list, the registry, the context factory, the
 * call runner and its events, and the exchange logger, over what the application binds to the library's tokens.
 */
@Module({})
export class ProvidersModule {
  static forRoot(options: ProvidersModuleOptions): DynamicModule {
    const banks = options.banks ?? PROVIDER_CLASSES;
    return {
      module: ProvidersModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        bind(ProviderStateBackend, options.stateBackend),
        bind(ProviderStateCipher, options.stateCipher),
        bind(ProviderSettings, options.settings),
        bind(ProviderLogger, options.logger),
        ...banks,
        { provide: CHARGE_PROVIDERS, inject: banks, useFactory: (...providers: ChargeProvider[]) => providers },
        ProviderRegistry,
        ProviderContextFactory,
        ProviderCallEvents,
        { provide: ProviderCallRunner, useClass: options.callRunner ?? ProviderCallRunner },
        ProviderExchangeLogger,
      ],
      exports: [
        ProviderRegistry,
        ProviderContextFactory,
        ProviderCallEvents,
        ProviderCallRunner,
        CHARGE_PROVIDERS,
        ProviderSettings,
      ],
    };
  }
}
