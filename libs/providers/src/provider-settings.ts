/** Settings the gateway hands every provider (from its validated config). */
export interface ProviderSettings {
  timeoutMs: number;
  /** PEM text of extra trusted CAs for provider endpoints (simulators, private PKI), if configured. */
  extraCaPem?: string;
  /** Base URL overrides by provider id (e.g. { cora: 'https://127.0.0.1:4010' }). */
  baseUrls: Record<string, string | undefined>;
}
export const PROVIDER_SETTINGS = Symbol('PROVIDER_SETTINGS');
