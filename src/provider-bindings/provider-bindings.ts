import { readFileSync } from 'node:fs';
import type {
  ProviderLogger,
  ProvidersModuleOptions,
  ProviderSettings,
  ProviderStateBackend,
  ProviderStateCipher,
} from '@lib/providers';
import type { Logger } from 'pino';
import { EnvelopeCipher } from '../auth/envelope';
import { KvStore } from '../cache/kv-store';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';
import { GatewayCallRunner } from './gateway-call.runner';

/** Provider state secrets are sealed with the gateway's envelope cipher, under the `cache` purpose. */
export function providerStateCipher(cipher: EnvelopeCipher): ProviderStateCipher {
  return { seal: (plaintext) => cipher.seal(plaintext, 'cache'), open: (sealed) => cipher.open(sealed, 'cache') };
}

/** The library's settings from the validated config. */
export function providerSettings(c: AppConfig): ProviderSettings {
  return {
    timeoutMs: c.providerTimeoutMs,
    extraCaPem: c.providerCaCertsFile ? readFileSync(c.providerCaCertsFile, 'utf8') : undefined,
    baseUrls: c.providerBaseUrls,
    documentOrigins: c.providerDocumentOrigins,
    sandboxEnabled: c.sandboxEnabled,
    production: c.production,
  };
}

/**
 * What the gateway supplies to the provider library (libs/providers): its key-value store for tenant state,
 * its envelope cipher, its config and its root logger, and a call runner that throws AppError.
 */
export const PROVIDER_BINDINGS: ProvidersModuleOptions = {
  stateBackend: { inject: [KvStore], useFactory: (kv: KvStore): ProviderStateBackend => kv },
  stateCipher: { inject: [EnvelopeCipher], useFactory: providerStateCipher },
  settings: { inject: [APP_CONFIG], useFactory: providerSettings },
  logger: { inject: [ROOT_LOGGER], useFactory: (logger: Logger): ProviderLogger => logger },
  callRunner: GatewayCallRunner,
};
