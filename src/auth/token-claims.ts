/** The token payload (the production guide's, made strict). */
export interface TokenPayload {
  tenantId: string;
  providerId: string;
  /** Sealed envelope string, or a plain object when REQUIRE_SEALED_CREDENTIALS=false. */
  credentials?: unknown;
  meta?: {
    ttlSeconds?: number;
    cacheEnabled?: boolean;
    redisKeyPrefix?: string;
    /** Where this tenant's webhook events go (https; checked against SSRF rules at POST /initialize). */
    webhookUrl?: string;
    /** Largest amount (cents) one charge created with this token may have. */
    maxAmountCents?: number;
  };
  /** Space-separated scopes (TOKEN_SCOPES); absent = full access (tokens minted before scopes existed). */
  scope?: string;
  iat?: number;
  exp?: number;
  nbf?: number;
  iss?: string;
  aud?: string | string[];
}

export const KEY_PART = /^[A-Za-z0-9._-]{1,64}$/;
/** Every scope a token may carry; a token without a `scope` claim has all of them. */
export const TOKEN_SCOPES = ['charges:read', 'charges:write', 'charges:cancel', 'webhooks:manage'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
const META_KEYS = ['ttlSeconds', 'cacheEnabled', 'redisKeyPrefix', 'webhookUrl', 'maxAmountCents'];
export const DEFAULT_SESSION_TTL_SECONDS = 28800;

export interface ClaimRules {
  maxTtlSeconds: number;
  nowSeconds: number;
  skewSeconds: number;
}

/**
 * Checks what jsonwebtoken does not: required iat/exp, the lifetime cap, and a strict payload.
 * Returns a short reason (safe to show) or undefined when valid.
 */
export function claimProblem(p: Record<string, unknown>, rules: ClaimRules): string | undefined {
  if (typeof p.exp !== 'number' || !Number.isFinite(p.exp)) return 'exp claim is required';
  if (typeof p.iat !== 'number' || !Number.isFinite(p.iat)) return 'iat claim is required';
  if (p.iat > rules.nowSeconds + rules.skewSeconds) return 'iat is in the future';
  if (p.exp - p.iat > rules.maxTtlSeconds) return `token lifetime exceeds ${rules.maxTtlSeconds} seconds`;
  if (p.exp <= p.iat) return 'exp must be after iat';
  if (typeof p.tenantId !== 'string' || !KEY_PART.test(p.tenantId)) return 'tenantId must match ^[A-Za-z0-9._-]{1,64}$';
  if (typeof p.providerId !== 'string' || !/^[a-z0-9_-]{1,32}$/.test(p.providerId)) return 'providerId is invalid';
  const meta = p.meta;
  if (meta !== undefined) {
    if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return 'meta must be an object';
    const m = meta as Record<string, unknown>;
    for (const k of Object.keys(m)) if (!META_KEYS.includes(k)) return `meta.${k.slice(0, 32)} is not allowed`;
    if (
      m.ttlSeconds !== undefined &&
      (!Number.isInteger(m.ttlSeconds) || (m.ttlSeconds as number) < 60 || (m.ttlSeconds as number) > 86400)
    ) {
      return 'meta.ttlSeconds must be an integer from 60 to 86400';
    }
    if (m.cacheEnabled !== undefined && typeof m.cacheEnabled !== 'boolean')
      return 'meta.cacheEnabled must be a boolean';
    if (m.redisKeyPrefix !== undefined && (typeof m.redisKeyPrefix !== 'string' || !KEY_PART.test(m.redisKeyPrefix))) {
      return 'meta.redisKeyPrefix must match ^[A-Za-z0-9._-]{1,64}$';
    }
    if (m.webhookUrl !== undefined && !isHttpUrl(m.webhookUrl))
      return 'meta.webhookUrl must be an absolute http(s) URL of at most 2048 characters';
    if (
      m.maxAmountCents !== undefined &&
      (!Number.isSafeInteger(m.maxAmountCents) || (m.maxAmountCents as number) < 1)
    ) {
      return 'meta.maxAmountCents must be a positive integer (cents)';
    }
  }
  if (p.scope !== undefined) {
    if (typeof p.scope !== 'string') return 'scope must be a space-separated string';
    const unknown = p.scope.split(' ').find((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
    if (unknown !== undefined)
      return `scope ${JSON.stringify(unknown.slice(0, 32))} is not one of ${TOKEN_SCOPES.join(', ')}`;
  }
  return undefined;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 2048 || !URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
}

/** The scopes a verified `scope` claim grants (all of them when the claim is absent). */
export function grantedScopes(scope: unknown): ReadonlySet<TokenScope> {
  if (typeof scope !== 'string') return new Set(TOKEN_SCOPES);
  return new Set(scope.split(' ') as TokenScope[]);
}
