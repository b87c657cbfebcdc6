import { ProviderError, ProviderErrorCode } from '../provider-error';

/**
 * How a provider HTTP exchange failed. `sent` says whether the provider may have received (and
 * acted on) the request: a create that failed with `sent: true` is ambiguous and must be
 * reconciled (idempotency key or lookup) before it is tried again.
 */
export type FailureKind =
  | 'timeout'
  | 'connect'
  | 'reset'
  | 'tls-untrusted'
  | 'tls-refused'
  | 'tls-local'
  | 'status'
  | 'rate-limited'
  | 'too-large'
  | 'breaker-open';

export interface FailureInfo {
  kind: FailureKind;
  sent: boolean;
  httpStatus?: number;
  providerRequestId?: string;
}

/** A ProviderError raised by the HTTP layer, carrying what the resilience policies need to decide. */
export class ProviderHttpError extends ProviderError {
  constructor(
    code: ProviderErrorCode,
    message: string,
    readonly failure: FailureInfo,
    options: { retryAfterSeconds?: number } = {},
  ) {
    super(code, message, { retryAfterSeconds: options.retryAfterSeconds, providerStatus: failure.httpStatus });
    this.name = 'ProviderHttpError';
  }
}

/** Code used by the mTLS connector when the peer closes or alerts right after the handshake. */
export const TLS_REFUSED = 'PROVIDER_TLS_REFUSED';

const UNTRUSTED_SERVER = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_REJECTED',
  'INVALID_CA',
]);
const CONNECT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const RESET = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED']);
const TIMEOUT_AFTER_SEND = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'PROVIDER_DEADLINE',
]);

function refusalReason(code: string): string {
  if (/CERTIFICATE_REQUIRED/.test(code)) return 'it requires a TLS client certificate and none was accepted';
  if (/UNKNOWN_CA/.test(code)) return 'it does not trust the issuer of our TLS client certificate';
  if (/BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED/.test(code))
    return 'it rejected our TLS client certificate';
  if (/ACCESS_DENIED/.test(code)) return 'it denied access to our TLS client certificate';
  return 'it closed the connection right after the TLS handshake, which is how it refuses a client certificate it does not accept';
}

/** Turns a transport error (undici, node:tls, our connector) into a safe ProviderHttpError. */
export function classifyTransportError(
  err: unknown,
  providerName: string,
  timeoutMs: number,
  hasClientCertificate = true,
): ProviderHttpError {
  if (err instanceof ProviderHttpError) return err;
  const e = err as { code?: unknown; name?: unknown; cause?: { code?: unknown } } | undefined;
  const code =
    typeof e?.code === 'string'
      ? e.code
      : typeof e?.cause?.code === 'string'
        ? e.cause.code
        : typeof e?.name === 'string'
          ? e.name
          : 'UNKNOWN';
  if ((code === TLS_REFUSED || /^ERR_SSL_.*ALERT/.test(code)) && !hasClientCertificate) {
    return new ProviderHttpError(
      'PROVIDER_ERROR',
      `TLS: ${providerName} refused the connection: it requires a TLS client certificate and the credentials carry none. Add credentials.certificate and credentials.privateKey (issued by ${providerName} for this environment).`,
      { kind: 'tls-refused', sent: false },
    );
  }
  if (code === TLS_REFUSED || /^ERR_SSL_.*ALERT/.test(code)) {
    return new ProviderHttpError(
      'PROVIDER_ERROR',
      `TLS: ${providerName} refused the connection: ${refusalReason(code)}. Check credentials.certificate and credentials.privateKey (issued by ${providerName} for this environment).`,
      { kind: 'tls-refused', sent: false },
    );
  }
  if (UNTRUSTED_SERVER.has(code)) {
    return new ProviderHttpError(
      'PROVIDER_ERROR',
      `TLS: the server certificate of ${providerName} is not trusted (${code}). For a private endpoint, add its CA to PROVIDER_CA_CERTS_FILE; verification is never turned off.`,
      { kind: 'tls-untrusted', sent: false },
    );
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new ProviderHttpError('PROVIDER_TIMEOUT', `Could not connect to ${providerName} within ${timeoutMs} ms.`, {
      kind: 'timeout',
      sent: false,
    });
  }
  if (TIMEOUT_AFTER_SEND.has(code) || code === 'TimeoutError') {
    return new ProviderHttpError('PROVIDER_TIMEOUT', `${providerName} did not answer within ${timeoutMs} ms.`, {
      kind: 'timeout',
      sent: true,
    });
  }
  // The bank's API failing (unreachable, or dropping the call) is 502 PROVIDER_ERROR, as its 5xx answers are:
  // PROVIDER_UNAVAILABLE is kept for when the gateway itself declines to call (breaker open, rate-limited).
  if (CONNECT.has(code)) {
    return new ProviderHttpError('PROVIDER_ERROR', `Could not reach ${providerName} (${code}).`, {
      kind: 'connect',
      sent: false,
    });
  }
  if (RESET.has(code)) {
    return new ProviderHttpError('PROVIDER_ERROR', `${providerName} closed the connection before answering.`, {
      kind: 'reset',
      sent: true,
    });
  }
  if (/^ERR_(SSL|OSSL|TLS)_/.test(code)) {
    return new ProviderHttpError('PROVIDER_ERROR', `TLS handshake with ${providerName} failed (${code}).`, {
      kind: 'tls-local',
      sent: false,
    });
  }
  return new ProviderHttpError('PROVIDER_ERROR', `The call to ${providerName} failed (${code.slice(0, 40)}).`, {
    kind: 'reset',
    sent: true,
  });
}

/** Parses Retry-After (delay-seconds or HTTP-date) into whole seconds, bounded to 1..3600. */
export function retryAfterSeconds(header: string | string[] | undefined, fallback: number): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (value !== undefined) {
    const trimmed = value.trim();
    if (/^\d{1,7}$/.test(trimmed)) return Math.min(3600, Math.max(1, Number(trimmed)));
    const at = Date.parse(trimmed);
    if (!Number.isNaN(at)) return Math.min(3600, Math.max(1, Math.ceil((at - Date.now()) / 1000)));
  }
  return fallback;
}

/**
 * 5xx and 429 answers become errors the policies can act on; other statuses are the caller's. Every 5xx the bank
 * answers (503 included) is 502 PROVIDER_ERROR; a 429 means we must not call again yet: 503 PROVIDER_UNAVAILABLE
 * with the bank's Retry-After (or `defaultRetryAfter`).
 */
export function statusFailure(
  status: number,
  providerName: string,
  retryAfter: string | string[] | undefined,
  defaultRetryAfter: number,
  providerRequestId?: string,
): ProviderHttpError | undefined {
  if (status === 429) {
    const seconds = retryAfterSeconds(retryAfter, defaultRetryAfter);
    return new ProviderHttpError(
      'PROVIDER_UNAVAILABLE',
      `${providerName} is rate-limiting our calls; retry after ${seconds} s.`,
      { kind: 'rate-limited', sent: true, httpStatus: 429, providerRequestId },
      { retryAfterSeconds: seconds },
    );
  }
  if (status >= 500) {
    return new ProviderHttpError('PROVIDER_ERROR', `${providerName} failed with HTTP ${status}.`, {
      kind: 'status',
      sent: true,
      httpStatus: status,
      providerRequestId,
    });
  }
  return undefined;
}
