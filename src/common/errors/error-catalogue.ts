/**
 * The one catalogue of error codes the service answers with. Every error body is RFC 9457
 * problem+json carrying one of these `code`s; the README's error table is checked against it.
 */
export const ERROR_CATALOGUE = {
  AUTH_INVALID_TOKEN: {
    status: 401,
    title: 'Invalid or missing token',
    meaning: 'The Bearer token is missing, malformed, expired, badly signed or carries an invalid payload.',
  },
  METRICS_UNAUTHORIZED: {
    status: 401,
    title: 'Metrics token required',
    meaning: 'METRICS_TOKEN is set and the request did not carry it.',
  },
  WEBHOOK_UNAUTHORIZED: {
    status: 401,
    title: 'Webhook URL not valid',
    meaning:
      "A bank notification arrived on a webhook URL whose token was not made for this provider and tenant, or failed the bank's own verification (e.g. Asaas's access token).",
  },
  FORBIDDEN_ORIGIN: {
    status: 403,
    title: 'Origin not allowed',
    meaning: 'The request carried an Origin header that is not in MCP_ALLOWED_ORIGINS.',
  },
  INSUFFICIENT_SCOPE: {
    status: 403,
    title: 'Insufficient scope',
    meaning:
      "The token's `scope` claim does not grant this operation (charges:read, charges:write or charges:cancel); `WWW-Authenticate` names the scope needed.",
  },
  AMOUNT_LIMIT_EXCEEDED: {
    status: 403,
    title: 'Amount above the token limit',
    meaning: "The charge's amount is above the token's meta.maxAmountCents; the detail states the limit.",
  },
  VALIDATION_ERROR: {
    status: 400,
    title: 'Validation failed',
    meaning: 'The request body, query or path has invalid fields; `errors` lists each one.',
  },
  MALFORMED_JSON: { status: 400, title: 'Malformed JSON', meaning: 'The body is not valid JSON.' },
  BAD_REQUEST: {
    status: 400,
    title: 'Bad request',
    meaning:
      'The HTTP request itself is malformed: rejected by the HTTP parser, or a path that is not valid percent-encoded UTF-8.',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    title: 'Request timeout',
    meaning: 'The request (headers or body) did not arrive in time (rejected by the HTTP server).',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    title: 'Request headers too large',
    meaning: "The request headers exceed the HTTP server's limit (16 KiB by default; rejected by the HTTP parser).",
  },
  NOT_FOUND: { status: 404, title: 'Not found', meaning: 'No such route.' },
  METHOD_NOT_ALLOWED: {
    status: 405,
    title: 'Method not allowed',
    meaning: 'The route exists but not for this method.',
  },
  CHARGE_NOT_FOUND: {
    status: 404,
    title: 'Charge not found',
    meaning: 'No charge with this id exists for this tenant at this provider.',
  },
  CHARGE_NOT_CANCELLABLE: {
    status: 409,
    title: 'Charge cannot be cancelled',
    meaning: 'The charge is in a final state (e.g. PAID) that cannot be cancelled.',
  },
  CHARGE_NOT_PAYABLE: {
    status: 409,
    title: 'Charge cannot be paid',
    meaning: 'Sandbox only: the charge is not pending or overdue.',
  },
  CHARGE_NOT_REFUNDABLE: {
    status: 409,
    title: 'Charge cannot be refunded',
    meaning: 'Only a paid charge with something left to give back can be refunded (it is unpaid, or already refunded).',
  },
  REFUND_EXCEEDS_PAID: {
    status: 422,
    title: 'Refund above what is left',
    meaning: 'The refund amount is above the paid amount not yet refunded; the detail states what is left.',
  },
  SANDBOX_ONLY: {
    status: 403,
    title: 'Sandbox tokens only',
    meaning:
      'The endpoint simulates a bank event (e.g. a payment) and only accepts tokens whose provider is the sandbox.',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    title: 'Request with this Idempotency-Key in progress',
    meaning: 'A request with the same key is still being processed; retry after Retry-After.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'Idempotency-Key reused with another body',
    meaning: 'The key was already used for a different request body.',
  },
  IDEMPOTENCY_UNAVAILABLE: {
    status: 503,
    title: 'Idempotency store unavailable',
    meaning: 'Redis is configured but unreachable, so a keyed request is refused rather than risking a double charge.',
  },
  UNSUPPORTED_CHARGE_TYPE: {
    status: 422,
    title: 'Charge type not supported by provider',
    meaning: "The token's provider does not offer this charge type.",
  },
  UNSUPPORTED_OPERATION: {
    status: 422,
    title: 'Operation not supported',
    meaning:
      "The token's provider does not offer this operation (see its capabilities), or the charge cannot have it (e.g. a boleto PDF of a pix charge, a QR image of a charge without a BR Code).",
  },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type', meaning: 'Bodies must be application/json.' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large', meaning: 'The body is larger than BODY_LIMIT_BYTES.' },
  RATE_LIMITED: {
    status: 429,
    title: 'Too many requests',
    meaning: 'The tenant exceeded RATE_LIMIT requests per window; see Retry-After.',
  },
  PROVIDER_ERROR: {
    status: 502,
    title: 'Provider error',
    meaning:
      "The bank's API failed or refused the call: it answered a 5xx (500, 502, 503 or 504), could not be reached or dropped the connection, or refused our credentials or certificate (check the provider status; retries are safe with an Idempotency-Key).",
  },
  PROVIDER_TIMEOUT: {
    status: 504,
    title: 'Provider timeout',
    meaning:
      "The provider did not answer within PROVIDER_TIMEOUT_MS (or the sandbox's store did not confirm a new charge): the outcome is unknown, so retry with the same Idempotency-Key.",
  },
  PROVIDER_UNAVAILABLE: {
    status: 503,
    title: 'Provider unavailable',
    meaning:
      "The gateway declined to call the bank: its circuit breaker is open, the bank rate-limited us (429), or the sandbox's store is down; always with Retry-After.",
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    title: 'Service unavailable',
    meaning: 'The service is shutting down or a dependency is down.',
  },
  INTERNAL_ERROR: {
    status: 500,
    title: 'Internal error',
    meaning: 'An unexpected error; the body never holds internals. Report the requestId.',
  },
} as const satisfies Record<string, { status: number; title: string; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** One failing field of a VALIDATION_ERROR. */
export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details plus our stable code and the request id. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export function problemType(code: ErrorCode): string {
  return `urn:mcp-maax-cob:error:${code}`;
}
