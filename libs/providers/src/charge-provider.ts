import type { Charge, ChargeType, CreateChargeInput } from './charge.model';

/**
 * Tenant-scoped state a provider may keep in the gateway's store (Redis or memory). Keys are
 * prefixed `<meta.redisKeyPrefix>:<tenantId>:<providerId>:` by the gateway, so a provider can never
 * read another tenant's entries. Values stored with `{ secret: true }` are sealed (AES-256-GCM)
 * before they leave the process. Every method rejects with ProviderError('PROVIDER_UNAVAILABLE')
 * when the store cannot answer.
 */
export interface ProviderStateStore {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string, options?: { ttlMs?: number; secret?: boolean; nx?: boolean }): Promise<boolean>;
  del(name: string): Promise<void>;
}

/** Everything a provider call knows about who is calling. */
export interface ProviderContext<Credentials = unknown> {
  tenantId: string;
  providerId: string;
  /** Already parsed by the provider's parseCredentials. Never log it. */
  credentials: Credentials;
  /** Stable hash of the credentials (for connection pools and session keys); not secret. */
  credentialFingerprint: string;
  /** Token meta.ttlSeconds: upper bound for cached sessions. */
  sessionTtlSeconds: number;
  state: ProviderStateStore;
  /** Gateway request id, forwarded in logs (and to providers that accept one). */
  requestId?: string;
}

export interface ProviderCapabilities {
  types: ChargeType[];
  /** The provider honours an idempotency key on create (so retrying a create is safe). */
  idempotentCreate: boolean;
  /** Registration is asynchronous: create answers PROCESSING and reads fill in the payment data. */
  asyncRegistration: boolean;
  /** OAuth or other session that POST /initialize obtains. */
  requiresSession: boolean;
  cancel: boolean;
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
 */
export interface ChargeProvider<Credentials = unknown> {
  readonly id: string;
  readonly displayName: string;
  readonly capabilities: ProviderCapabilities;
  /** Validates the opened credentials; throws ProviderError('AUTH_INVALID_TOKEN') naming what is wrong (never the values). */
  parseCredentials(raw: unknown): Credentials;
  /** Obtains (or reuses from ctx.state) the provider session. */
  authenticate(ctx: ProviderContext<Credentials>): Promise<ProviderSession>;
  create(ctx: ProviderContext<Credentials>, input: CreateChargeInput, options: CreateOptions): Promise<Charge>;
  get(ctx: ProviderContext<Credentials>, id: string): Promise<Charge>;
  cancel(ctx: ProviderContext<Credentials>, id: string, options: CreateOptions): Promise<Charge>;
}

/** DI token of the registered providers array. */
export const CHARGE_PROVIDERS = Symbol('CHARGE_PROVIDERS');
