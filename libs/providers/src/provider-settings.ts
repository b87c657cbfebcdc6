/**
 * Settings the application hands the provider library (from its validated config). Every bank gets them by
 * injection (`@Inject(ProviderSettings)`); the registry reads the last two.
 */
export interface ProviderSettings {
  /** Timeout of one provider HTTP call, ms. */
  timeoutMs: number;
  /** PEM text of extra trusted CAs for provider endpoints (simulators, private PKI), if configured. */
  extraCaPem?: string;
  /**
   * Base URL overrides by provider id (`{ <providerId>: 'https://127.0.0.1:4010' }`), read from the variables the banks
   * declare in their `<bank>.settings.ts` (see `baseUrlOverrides`).
   */
  baseUrls: Record<string, string | undefined>;
  /**
   * Origins a bank's boleto PDF links may be fetched from, by provider id, read from the variables the banks declare
   * (`documentOrigins` in `<bank>.settings.ts`). Absent for a bank: its own defaults.
   */
  documentOrigins?: Record<string, readonly string[] | undefined>;
  /** Whether providers that declare `sandbox: true` are served (the server's `SANDBOX_ENABLED`). Absent: true. */
  sandboxEnabled?: boolean;
  /** The server runs in production (the 401 naming a disabled sandbox then says it is off by default there). */
  production?: boolean;
}
export const ProviderSettings = Symbol('ProviderSettings');
