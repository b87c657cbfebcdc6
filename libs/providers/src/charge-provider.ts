import type { Charge, ChargeListFilters, ChargeType, CreateChargeInput, RefundChargeInput } from './charge.model';
import type { InboundNotification, ProviderNotification } from './notification.model';

/**
 * Tenant-scoped state a provider may keep in the gateway's store (Redis or memory). Keys are
 * prefixed `<meta.redisKeyPrefix>:<tenantId>:<providerId>:` by the gateway, so a provider can never
 * read another tenant's entries. Values stored with `{ secret: true }` are sealed (AES-256-GCM)
 * before they leave the process. Every method rejects with ProviderError('PROVIDER_UNAVAILABLE')
 * when the store cannot answer.
 */
export interface ProviderStateStore {
  /** The value, or undefined when absent, expired or sealed under a key the gateway no longer holds. */
  get(name: string): Promise<string | undefined>;
  /** Stores a value (`ttlMs`: expiry; `secret`: sealed; `nx`: only when absent). False when `nx` found it taken. */
  set(name: string, value: string, options?: { ttlMs?: number; secret?: boolean; nx?: boolean }): Promise<boolean>;
  /** Removes the value (no error when absent). */
  del(name: string): Promise<void>;
}

/** Everything a provider call knows about who is calling. */
export interface ProviderContext<Credentials = unknown> {
  /** The verified token's tenant. */
  tenantId: string;
  /** Always this provider's `id`. */
  providerId: string;
  /** Already parsed by the provider's parseCredentials. Never log it. */
  credentials: Credentials;
  /** Stable hash of the credentials (for connection pools and session keys); not secret. */
  credentialFingerprint: string;
  /** Token meta.ttlSeconds: upper bound for cached sessions. */
  sessionTtlSeconds: number;
  /** This tenant's and this provider's own state (sessions, tokens, a test bank's charges). */
  state: ProviderStateStore;
  /** Gateway request id, forwarded in logs (and to providers that accept one). */
  requestId?: string;
}

/** What a provider supports, shown as is by GET /v1/providers and POST /initialize (part of the public API). */
export interface ProviderCapabilities {
  /** The charge types `create` accepts; the gateway answers 422 UNSUPPORTED_CHARGE_TYPE for others without calling it. */
  types: ChargeType[];
  /** The provider honours an idempotency key on create (so retrying a create is safe). */
  idempotentCreate: boolean;
  /** Registration is asynchronous: create answers PROCESSING and reads fill in the payment data. */
  asyncRegistration: boolean;
  /** OAuth or other session that POST /initialize obtains. */
  requiresSession: boolean;
  /** `cancel` is supported; when false the gateway answers 409 CHARGE_NOT_CANCELLABLE without calling it. */
  cancel: boolean;
  /** `list` is implemented; when false GET /v1/charges answers 422 UNSUPPORTED_OPERATION without calling it. */
  list: boolean;
  /** `refund` is implemented; when false a refund answers 422 UNSUPPORTED_OPERATION without calling it. */
  refund: boolean;
  /**
   * `boletoPdf` is implemented: GET /v1/charges/:id/boleto.pdf serves the bank's own PDF where the bank has one for
   * the charge; when false (or when the bank has none) the gateway renders the boleto itself.
   */
  boletoPdf: boolean;
}

/** Most bytes a bank's own boleto PDF may have: a larger answer is PROVIDER_ERROR (the gateway buffers it). */
export const MAX_BOLETO_PDF_BYTES = 5 * 1024 * 1024;

/** Which page of a listing to read. */
export interface ListPage {
  /** 1 to 100: the most charges the page may hold (it may hold fewer and still not be the last). */
  limit: number;
  /** The provider's own `next` of the previous page (the gateway seals it into the caller's cursor); absent: the first page. */
  position?: string;
}

/** One page of a listing, newest or oldest first as the bank orders it (stable across pages). */
export interface ListResult {
  charges: Charge[];
  /** Where the next page starts (opaque to the gateway, at most 1024 characters); absent on the last page. */
  next?: string;
}

export interface RefundOptions {
  /**
   * Deterministic id derived from tenant, provider, charge and the caller's Idempotency-Key (32 lowercase hex
   * characters, valid as a Pix devolução id): a bank that lets the caller name the refund must use it.
   */
  refundKey?: string;
}

export interface ProviderSession {
  /** When the provider session expires (ISO), if it has one. */
  expiresAt?: string;
  /** True when the session came from the cache instead of a fresh authentication. */
  cached: boolean;
}

export interface CreateOptions {
  /** Deterministic key derived from tenant + caller's Idempotency-Key (safe to send to the provider). */
  idempotencyKey?: string;
}

/**
 * The contract every bank/provider implements. The gateway picks the implementation by the token's
 * providerId; the service never names a provider. Providers convert money and status at their edge.
 *
 * What the gateway guarantees for every operation (`authenticate`, `create`, `get`, `cancel`,
 * `list`, `refund`, `boletoPdf`, `simulatePayment`): it is called through the one call runner, with a ProviderContext of a verified token
 * whose providerId is this provider's `id` (enabled on this server), whose credentials this provider's
 * `parseCredentials` accepted, and whose `state` is scoped to that tenant and provider. The runner times the
 * call and reports its outcome to metrics. Failures must be ProviderError: its code and message reach the
 * caller unchanged (as the HTTP problem or MCP error of that code, `retryAfterSeconds` as Retry-After, `fields`
 * as field errors), so the message must be safe to show (never a credential, token or raw bank body with
 * secrets); anything else thrown becomes 502 PROVIDER_ERROR "The provider call failed unexpectedly." The
 * transport failures of the shared HTTP layer (http/) already are ProviderErrors, called "the transport codes"
 * below: PROVIDER_TIMEOUT (no answer within PROVIDER_TIMEOUT_MS), PROVIDER_ERROR (the bank unreachable, closing
 * the connection, answering 5xx, or TLS failing either way), PROVIDER_UNAVAILABLE with Retry-After (the bank
 * rate-limiting us with 429, or its circuit breaker open: the gateway declines to call). A state store that
 * cannot answer rejects with PROVIDER_UNAVAILABLE. The gateway sets no deadline of its own around a call.
 */
export interface ChargeProvider<Credentials = unknown> {
  /** The providerId tokens name (lowercase, stable: it is part of every token and state key). Unique in the list. */
  readonly id: string;
  /** Human name, shown by GET /v1/providers and in error details. */
  readonly displayName: string;
  /** What the provider supports; the gateway checks `types`, `cancel`, `list`, `refund` and `boletoPdf` before calling it. */
  readonly capabilities: ProviderCapabilities;
  /**
   * Declares a test bank that moves no money (the embedded sandbox). The registry serves it only while the
   * server's sandbox switch is on (SANDBOX_ENABLED: on by default outside production, off in production); a
   * token naming it otherwise gets 401 AUTH_INVALID_TOKEN saying it is disabled. Absent or false: always served.
   */
  readonly sandbox?: boolean;

  /**
   * Validates the token's credentials and returns them typed: synchronous, no I/O, deterministic (the gateway
   * keeps the result with the verified token and reuses it for that token's requests).
   *
   * Gateway guarantees: called while verifying a token whose signature and claims are valid and whose providerId
   * is this provider; `raw` is the token's `credentials` claim already opened (a sealed envelope decrypted and
   * JSON-parsed, or a plain object where sealed credentials are not required), `{}` when the claim is absent.
   *
   * Errors: throw ProviderError (code AUTH_INVALID_TOKEN) naming what is missing or wrong, never a value: the
   * caller gets 401 AUTH_INVALID_TOKEN with detail `credentials: <message>`; any other throw gives the detail
   * "credentials are invalid for this provider".
   */
  parseCredentials(raw: unknown): Credentials;

  /**
   * Obtains the provider session (e.g. an OAuth client-credentials token over mTLS), or reuses the one cached in
   * `ctx.state` (sealed, with a TTL no longer than `ctx.sessionTtlSeconds` nor the session's own), and says which.
   * Providers without a session answer without calling a bank. Runs for POST /initialize and the MCP
   * `initialize_session` tool; create/get/cancel must not depend on it having run first (they obtain the session
   * themselves when they need one).
   *
   * Errors: PROVIDER_ERROR when the bank refuses the credentials (naming what to check, never the values), and
   * the transport codes above (PROVIDER_TIMEOUT, PROVIDER_UNAVAILABLE, PROVIDER_ERROR).
   */
  authenticate(ctx: ProviderContext<Credentials>): Promise<ProviderSession>;

  /**
   * Registers a charge at the bank and returns it in the unified model: integer cents, our status (a new charge
   * is PENDING, or PROCESSING when `capabilities.asyncRegistration`), the bank's own status word in
   * `providerStatus`, the payment data (boleto lines, Pix BR Code) as far as the bank has issued it.
   *
   * Gateway guarantees: `input` passed the gateway's validation and is normalized (amount in cents, documents
   * without punctuation and with their type, CEP of 8 digits, UF uppercase, `dueDate` present for boleto and
   * bolepix, dates as YYYY-MM-DD) and its `type` is one of `capabilities.types`. When the caller sent an
   * Idempotency-Key, the gateway has claimed it (one execution at a time per tenant and key; repeats replay the
   * recorded answer without calling the provider) and `options.idempotencyKey` is a deterministic UUID-shaped key
   * derived from tenant, provider, operation and the caller's key: a provider whose bank honours idempotency keys
   * (`capabilities.idempotentCreate`) must send it, so that a retry after a lost answer cannot open a second
   * charge. Without one the provider must not repeat a create it cannot prove did not happen (reconcile instead,
   * e.g. by looking the charge up by a reference of its own).
   *
   * Errors: VALIDATION_ERROR when the bank refuses the charge's data (with `fields` in our field names),
   * UNSUPPORTED_CHARGE_TYPE, and the transport codes above.
   */
  create(ctx: ProviderContext<Credentials>, input: CreateChargeInput, options: CreateOptions): Promise<Charge>;

  /**
   * Reads one charge of this tenant's account, with its current status (including what the bank derives at read
   * time: overdue, expired, paid).
   *
   * Gateway guarantees: `id` is 1 to 128 letters, digits, ".", "_" or "-" (the provider still checks its own id
   * format). With the tenant's read cache on (token meta.cacheEnabled) a charge may be answered from the cache,
   * so `get` is not called for every read.
   *
   * Errors: CHARGE_NOT_FOUND when no such charge exists for this account (also for an id the bank could never
   * have issued, without calling it), and the transport codes above.
   */
  get(ctx: ProviderContext<Credentials>, id: string): Promise<Charge>;

  /**
   * Cancels an open charge and returns it CANCELLED. Idempotent: cancelling a charge that is already CANCELLED
   * answers it unchanged. The gateway drops the charge from the read cache afterwards.
   *
   * Gateway guarantees: the same `id` check as `get`; `capabilities.cancel` is true. With an Idempotency-Key the
   * gateway has claimed it (when the idempotency store is down a keyed cancel still runs, unrecorded) and
   * `options.idempotencyKey` is derived as for `create`.
   *
   * Errors: CHARGE_NOT_FOUND, CHARGE_NOT_CANCELLABLE when the charge's status no longer allows it (paid, expired,
   * failed), and the transport codes above.
   */
  cancel(ctx: ProviderContext<Credentials>, id: string, options: CreateOptions): Promise<Charge>;

  /**
   * Optional capability (`capabilities.list`): one page of this tenant's charges matching `filters`. A filter the
   * bank cannot apply is applied by the provider on the bank's pages (so a page may hold fewer than `limit`); the
   * provider reads a bounded number of bank pages per call (never an unbounded result) and respects the bank's page
   * sizes and rate limits.
   *
   * Gateway guarantees: `capabilities.list` is true; `filters` are validated (dates as YYYY-MM-DD, from <= to,
   * documents normalized); `page.position` is exactly a `next` this provider returned for the same tenant and filters.
   *
   * Errors: VALIDATION_ERROR for a filter the bank refuses (naming it), and the transport codes above.
   */
  list?(ctx: ProviderContext<Credentials>, filters: ChargeListFilters, page: ListPage): Promise<ListResult>;

  /**
   * Optional capability (`capabilities.refund`): gives back `input.amount` cents (absent: all that is left) of a
   * paid charge to its payer, and returns the charge with the refund in `refunds` and `refundedAmount` updated
   * (REFUNDED when nothing is left). The gateway drops the charge from the read cache afterwards.
   *
   * Gateway guarantees: the same `id` check as `get`; `capabilities.refund` is true; `input.amount` is a positive
   * integer when present. With an Idempotency-Key the gateway has claimed it and `options.refundKey` is derived
   * from it: a repeat with the same key must not refund twice.
   *
   * Errors: CHARGE_NOT_FOUND, CHARGE_NOT_REFUNDABLE when the charge is not paid (or fully refunded),
   * REFUND_EXCEEDS_PAID when `amount` is above what is left, and the transport codes above.
   */
  refund?(
    ctx: ProviderContext<Credentials>,
    id: string,
    input: RefundChargeInput,
    options: RefundOptions,
  ): Promise<Charge>;

  /**
   * Optional capability (`capabilities.boletoPdf`): the bank's own PDF of a boleto or bolepix, fetched with the
   * tenant's credentials (never cached: it carries the payer's data). `undefined` when the bank offers none for this
   * charge (no link in its answer, or a link on an origin the bank's settings do not allow: a URL from a bank answer
   * is never fetched on any other host), and the gateway then renders the boleto itself.
   *
   * Gateway guarantees: `charge` is the tenant's charge just read through `get` (or the read cache), with boleto
   * lines; `capabilities.boletoPdf` is true.
   *
   * Errors: CHARGE_NOT_FOUND, PROVIDER_ERROR when the bank's answer is not a PDF (it must start with `%PDF-`) or is
   * larger than MAX_BOLETO_PDF_BYTES, and the transport codes above.
   */
  boletoPdf?(ctx: ProviderContext<Credentials>, charge: Charge): Promise<Buffer | undefined>;

  /**
   * Optional capability: the payer paying a PENDING or OVERDUE charge in full, simulated at a test bank, returned
   * PAID (`paidAt`, `paidAmount`). Only a provider that implements it serves POST /v1/sandbox/charges/:id/pay; for
   * any other the gateway answers 403 SANDBOX_ONLY without calling it (see `canSimulatePayment`). Reported in
   * metrics as operation `pay`.
   *
   * Gateway guarantees: the same `id` check as `get`; the gateway drops the charge from the read cache afterwards.
   *
   * Errors: CHARGE_NOT_FOUND, CHARGE_NOT_PAYABLE when the charge is not PENDING or OVERDUE, PROVIDER_UNAVAILABLE
   * when the state store cannot answer.
   */
  simulatePayment?(ctx: ProviderContext<Credentials>, id: string): Promise<Charge>;

  /**
   * Optional capability: reads a notification this bank sent to the gateway's webhook URL
   * (`POST /v1/webhooks/<providerId>/<tenantId>/<urlToken>`) and says what it claims, one entry per charge it
   * concerns (a bank may batch several). Without it the gateway answers 404 NOT_FOUND for this provider's URL.
   *
   * Gateway guarantees: the URL token was valid for this provider and tenant (the route's own authentication);
   * `ctx` is present when the tenant's profile is known (it called POST /initialize within meta.ttlSeconds), so
   * the bank's own verification (a shared token, a fetch of the notification's details) can use its credentials
   * and session; absent otherwise. The gateway dedupes, confirms by `get` when it can, invalidates the read cache,
   * and delivers the events: this method only parses and verifies.
   *
   * Errors: VALIDATION_ERROR when the request is not this bank's notification shape (the bank gets 400),
   * WEBHOOK_UNAUTHORIZED when the bank's own verification fails (401), PROVIDER_UNAVAILABLE when details must be
   * fetched and `ctx` is absent or the bank cannot be reached (503: the bank retries later), and the transport codes.
   */
  parseNotification?(
    request: InboundNotification,
    ctx: ProviderContext<Credentials> | undefined,
  ): Promise<ProviderNotification[]>;
}

/** A provider that declares the optional `simulatePayment` capability. */
export type PaymentSimulator<Credentials = unknown> = ChargeProvider<Credentials> &
  Required<Pick<ChargeProvider<Credentials>, 'simulatePayment'>>;

/** Can this provider simulate the payer paying a charge? (It implements `simulatePayment`.) */
export function canSimulatePayment<Credentials>(
  provider: ChargeProvider<Credentials>,
): provider is PaymentSimulator<Credentials> {
  return typeof provider.simulatePayment === 'function';
}

/** A provider that implements `list` (its `capabilities.list`). */
export type ChargeLister<Credentials = unknown> = ChargeProvider<Credentials> &
  Required<Pick<ChargeProvider<Credentials>, 'list'>>;

/** Can this provider list charges? (It declares `capabilities.list` and implements `list`.) */
export function canList<Credentials>(provider: ChargeProvider<Credentials>): provider is ChargeLister<Credentials> {
  return provider.capabilities.list && typeof provider.list === 'function';
}

/** A provider that implements `refund` (its `capabilities.refund`). */
export type ChargeRefunder<Credentials = unknown> = ChargeProvider<Credentials> &
  Required<Pick<ChargeProvider<Credentials>, 'refund'>>;

/** Can this provider refund charges? (It declares `capabilities.refund` and implements `refund`.) */
export function canRefund<Credentials>(provider: ChargeProvider<Credentials>): provider is ChargeRefunder<Credentials> {
  return provider.capabilities.refund && typeof provider.refund === 'function';
}

/** A provider that implements `boletoPdf` (its `capabilities.boletoPdf`). */
export type BoletoPdfSource<Credentials = unknown> = ChargeProvider<Credentials> &
  Required<Pick<ChargeProvider<Credentials>, 'boletoPdf'>>;

/** Does this bank serve its own boleto PDF? (It declares `capabilities.boletoPdf` and implements `boletoPdf`.) */
export function canFetchBoletoPdf<Credentials>(
  provider: ChargeProvider<Credentials>,
): provider is BoletoPdfSource<Credentials> {
  return provider.capabilities.boletoPdf && typeof provider.boletoPdf === 'function';
}

/** The credentials type a provider's parseCredentials returns (e.g. `CredentialsOf<SandboxProvider>`). */
export type CredentialsOf<P> = P extends ChargeProvider<infer C> ? C : never;

/** DI token of the registered providers array. */
export const CHARGE_PROVIDERS = Symbol('CHARGE_PROVIDERS');
