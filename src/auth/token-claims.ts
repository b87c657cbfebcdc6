/** The token payload (the production guide's, made strict). */
export interface TokenPayload {
  tenantId: string;
  providerId: string;
  /** Sealed envelope string, or a plain object when REQUIRE_SEALED_CREDENTIALS=false. */
  credentials?: unknown;
  meta?: { ttlSeconds?: number; cacheEnabled?: boolean; redisKeyPrefix?: string };
  iat?: number;
  exp?: number;
  nbf?: number;
  iss?: string;
  aud?: string | string[];
}

export const KEY_PART = /^[A-Za-z0-9._-]{1,64}$/;
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
    for (const k of Object.keys(m))
      if (!['ttlSeconds', 'cacheEnabled', 'redisKeyPrefix'].includes(k)) return `meta.${k.slice(0, 32)} is not allowed`;
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
  }
  return undefined;
}
