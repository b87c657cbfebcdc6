import type { Type } from '@nestjs/common';
import type { ChargeProvider } from './charge-provider';

/** An environment variable a bank reads, with the one line that documents it (README env table, `.env.example`). */
export interface BankEnvVar {
  name: string;
  doc: string;
}

/**
 * What a bank declares about itself in its own folder (`<bank>/<bank>.settings.ts`), so that nothing outside the
 * folder has to name it: the application derives its config schema, docs and test tooling from these.
 */
export interface BankSettings {
  /** The `providerId` tokens name: the same as the provider's `id`. */
  providerId: string;
  /**
   * The variable that overrides the bank's API base URL (otherwise chosen by `credentials.environment`): an http(s)
   * URL, validated at boot, handed to the bank as `ProviderSettings.baseUrls[providerId]`. Simulators use it.
   */
  baseUrlOverride?: BankEnvVar;
  /**
   * Overrides of a bank's further APIs on other hosts (Efí: Pix beside Cobranças), by API name: validated like
   * `baseUrlOverride` and handed to the bank as `ProviderSettings.baseUrls['<providerId>.<api>']`.
   */
  apiBaseUrlOverrides?: Readonly<Record<string, BankEnvVar>>;
  /**
   * The variable listing the origins (comma-separated `https://host[:port]`) the bank's boleto PDF links may be
   * fetched from, replacing the bank's own defaults: validated at boot, handed to the bank as
   * `ProviderSettings.documentOrigins[providerId]`. A link on any other origin is never fetched.
   */
  documentOrigins?: BankEnvVar;
}

/** One entry of the list of banks: the strategy class and its declared settings. */
export interface Bank {
  provider: Type<ChargeProvider>;
  settings: BankSettings;
}

/** A declared base-URL override, with the bank it belongs to. */
export interface BaseUrlOverride extends BankEnvVar {
  /** Its key in `ProviderSettings.baseUrls`: the bank's providerId, or `<providerId>.<api>` for a further API. */
  providerId: string;
}

/** A declared document-origins variable, with the bank it belongs to. */
export interface DocumentOriginsVar extends BankEnvVar {
  providerId: string;
}

/** The document-origins variables of `banks`, in list order. */
export function documentOriginsVars(banks: readonly Bank[]): DocumentOriginsVar[] {
  return banks.flatMap(({ settings }) =>
    settings.documentOrigins ? [{ providerId: settings.providerId, ...settings.documentOrigins }] : [],
  );
}

/** The base-URL override variables of `banks`, in list order. */
export function baseUrlOverrides(banks: readonly Bank[]): BaseUrlOverride[] {
  return banks.flatMap(({ settings }) => [
    ...(settings.baseUrlOverride ? [{ providerId: settings.providerId, ...settings.baseUrlOverride }] : []),
    ...Object.entries(settings.apiBaseUrlOverrides ?? {}).map(([api, v]) => ({
      providerId: `${settings.providerId}.${api}`,
      ...v,
    })),
  ]);
}
