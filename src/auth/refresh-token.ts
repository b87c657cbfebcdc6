import { randomBytes } from 'node:crypto';
import { EnvelopeCipher, EnvelopeError } from './envelope';

/** What a refresh token renews: the claims of the access tokens it mints (never iat, exp or aud). */
export interface GrantClaims {
  tenantId: string;
  providerId: string;
  /** The sealed credentials string (or the plain object) exactly as the access token carries it. */
  credentials?: unknown;
  meta?: Record<string, unknown>;
  scope?: string;
}

/**
 * The sealed body of a refresh token. Every rotation of one grant shares `fam` and `exp` (the family's absolute
 * expiry, fixed when it was issued); `jti` names this one token, so a second use of it is seen (reuse detection).
 */
export interface RefreshTokenBody {
  v: 1;
  fam: string;
  jti: string;
  /** When the family was issued (seconds since epoch). */
  iat: number;
  /** The family's absolute expiry (seconds since epoch): rotation never extends it. */
  exp: number;
  grant: GrantClaims;
  /** RFC 8707 resource the access tokens are minted for (OAuth grants); absent for service-account tokens. */
  aud?: string;
  /** The OAuth client the grant was issued to; absent for service-account tokens. */
  cid?: string;
  /** The family of the refresh token pasted on the sign-in page: revoking it also ends this one. */
  pfam?: string;
}

/** Refresh tokens are `rt.` + an envelope sealed for the `refresh` purpose (never confused with a JWT). */
const PREFIX = 'rt.';

export class RefreshTokenError extends Error {}

const id = () => randomBytes(16).toString('base64url');

/** A new family of one grant, living `ttlSeconds` from `nowSeconds`. */
export function newRefreshFamily(
  grant: GrantClaims,
  o: { ttlSeconds: number; nowSeconds: number; aud?: string; cid?: string },
): RefreshTokenBody {
  return {
    v: 1,
    fam: id(),
    jti: id(),
    iat: o.nowSeconds,
    exp: o.nowSeconds + o.ttlSeconds,
    grant,
    ...(o.aud !== undefined ? { aud: o.aud } : {}),
    ...(o.cid !== undefined ? { cid: o.cid } : {}),
  };
}

/** The next member of the family: same grant, same absolute expiry, a new id. */
export function rotateRefresh(body: RefreshTokenBody): RefreshTokenBody {
  return { ...body, jti: id() };
}

export function isRefreshToken(value: string): boolean {
  return value.startsWith(PREFIX);
}

export function sealRefreshToken(cipher: EnvelopeCipher, body: RefreshTokenBody): string {
  return PREFIX + cipher.seal(JSON.stringify(body), 'refresh');
}

/** Opens and checks the shape of a refresh token (not its expiry or revocation: see the OAuth token endpoint). */
export function openRefreshToken(cipher: EnvelopeCipher, token: string): RefreshTokenBody {
  if (!isRefreshToken(token) || token.length > 16384) throw new RefreshTokenError('not a refresh token');
  let body: RefreshTokenBody;
  try {
    body = JSON.parse(cipher.open(token.slice(PREFIX.length), 'refresh')) as RefreshTokenBody;
  } catch (err) {
    throw new RefreshTokenError(
      err instanceof EnvelopeError ? `refresh token: ${err.message}` : 'refresh token is invalid',
    );
  }
  const ok =
    body !== null &&
    typeof body === 'object' &&
    body.v === 1 &&
    typeof body.fam === 'string' &&
    typeof body.jti === 'string' &&
    Number.isSafeInteger(body.iat) &&
    Number.isSafeInteger(body.exp) &&
    body.grant !== null &&
    typeof body.grant === 'object' &&
    typeof body.grant.tenantId === 'string' &&
    typeof body.grant.providerId === 'string';
  if (!ok) throw new RefreshTokenError('refresh token is invalid');
  return body;
}
