/**
 * The structured logger the library writes to (one JSON object per line; `msg` names the event). Pino's Logger fits
 * as it is. The library never passes it a body, header value, token or credential.
 */
export interface ProviderLogger {
  info(entry: Record<string, unknown>): void;
  warn(entry: Record<string, unknown>): void;
}
export const ProviderLogger = Symbol('ProviderLogger');
