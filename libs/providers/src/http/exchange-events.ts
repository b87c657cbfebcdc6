import { channel } from 'node:diagnostics_channel';

/**
 * One provider HTTP attempt, published on the `mcp-maax-cob:provider-exchange` diagnostics channel
 * for logs and metrics. Holds no body, header value, token or credential: only what identifies the
 * exchange and how it went.
 */
export interface ProviderExchangeEvent {
  providerId: string;
  tenantId: string;
  /** Gateway request id, when the call belongs to one. */
  requestId?: string;
  /** Logical operation: token, create, get, cancel, lookup. */
  operation: string;
  method: string;
  /** Path template (ids replaced), e.g. /v2/invoices/:id. */
  route: string;
  attempt: number;
  status?: number;
  outcome: 'ok' | 'client-error' | 'error';
  /** Failure kind (timeout, reset, tls-refused, status, ...) when outcome is error. */
  failure?: string;
  durationMs: number;
  /** The provider's own request/correlation id from its response headers, when it sends one. */
  providerRequestId?: string;
}

export const PROVIDER_EXCHANGE_CHANNEL = 'mcp-maax-cob:provider-exchange';

const exchanges = channel(PROVIDER_EXCHANGE_CHANNEL);

export function publishExchange(event: ProviderExchangeEvent): void {
  if (exchanges.hasSubscribers) exchanges.publish(event);
}

const REQUEST_ID_HEADERS = [
  'x-request-id',
  'x-correlation-id',
  'x-amzn-requestid',
  'x-amz-cf-id',
  'x-b3-traceid',
  'traceparent',
];
const SAFE_ID = /^[A-Za-z0-9._:/+=-]{1,128}$/;

/** The provider's request id from response headers (first known header with a safe-looking value). */
export function providerRequestIdOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value && SAFE_ID.test(value)) return value;
  }
  return undefined;
}
