/**
 * Errors a provider may raise. Codes are a subset of the gateway's error catalogue, so they cross
 * into the HTTP and MCP layers unchanged; `message` must already be safe to show a caller (never a
 * credential, token or raw provider body with secrets).
 */
export type ProviderErrorCode =
  | 'CHARGE_NOT_FOUND'
  | 'CHARGE_NOT_CANCELLABLE'
  | 'CHARGE_NOT_PAYABLE'
  | 'CHARGE_NOT_REFUNDABLE'
  | 'REFUND_EXCEEDS_PAID'
  | 'UNSUPPORTED_OPERATION'
  | 'UNSUPPORTED_CHARGE_TYPE'
  | 'VALIDATION_ERROR'
  | 'AUTH_INVALID_TOKEN'
  | 'PROVIDER_ERROR'
  | 'PROVIDER_TIMEOUT'
  | 'PROVIDER_UNAVAILABLE'
  | 'WEBHOOK_UNAUTHORIZED';

export class ProviderError extends Error {
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    readonly options: {
      retryAfterSeconds?: number;
      fields?: { field: string; message: string }[];
      cause?: unknown;
      providerStatus?: number;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProviderError';
  }
}
