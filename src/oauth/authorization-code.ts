import { createHash, randomBytes } from 'node:crypto';
import { EnvelopeCipher } from '../auth/envelope';
import type { GrantClaims } from '../auth/refresh-token';
import { OAuthError } from './oauth-error';

/** Codes live this long (RFC 6749 §4.1.2 recommends at most 10 minutes; OAuth 2.1 short). */
export const CODE_TTL_SECONDS = 60;

/** The sealed body of an authorization code: everything the token endpoint must check, and the grant itself. */
export interface CodeBody {
  v: 1;
  jti: string;
  /** The refresh-token family the exchange starts (revoked if the code is replayed). */
  fam: string;
  exp: number;
  cid: string;
  redirectUri: string;
  challenge: string;
  resource: string;
  grant: GrantClaims;
  /** The credential's own expiry: the family never outlives what the signer granted. */
  notAfter: number;
  /** The pasted refresh token's family, when the credential was one. */
  pfam?: string;
}

const PREFIX = 'ac.';
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

export function sealCode(cipher: EnvelopeCipher, body: Omit<CodeBody, 'v' | 'jti' | 'fam' | 'exp'>): string {
  const full: CodeBody = {
    v: 1,
    jti: randomBytes(16).toString('base64url'),
    fam: randomBytes(16).toString('base64url'),
    exp: Math.floor(Date.now() / 1000) + CODE_TTL_SECONDS,
    ...body,
  };
  return PREFIX + cipher.seal(JSON.stringify(full), 'oauth-code');
}

/** Opens a code and checks it against the token request (RFC 6749 §4.1.3, RFC 7636 §4.6, RFC 8707 §2.2). */
export function openCode(
  cipher: EnvelopeCipher,
  code: string,
  req: { clientId?: string; redirectUri?: string; verifier?: string; resource?: string },
): CodeBody {
  let body: CodeBody;
  try {
    if (!code.startsWith(PREFIX)) throw new Error('prefix');
    body = JSON.parse(cipher.open(code.slice(PREFIX.length), 'oauth-code')) as CodeBody;
    if (body?.v !== 1) throw new Error('version');
  } catch {
    throw new OAuthError('invalid_grant', 'the authorization code is invalid');
  }
  if (body.exp <= Math.floor(Date.now() / 1000))
    throw new OAuthError('invalid_grant', 'the authorization code has expired');
  if (req.clientId !== body.cid)
    throw new OAuthError('invalid_grant', 'the authorization code was issued to another client');
  if (req.redirectUri !== body.redirectUri)
    throw new OAuthError('invalid_grant', 'redirect_uri does not match the one of the authorization request');
  if (req.verifier === undefined || !VERIFIER.test(req.verifier))
    throw new OAuthError('invalid_request', 'code_verifier is required: 43 to 128 characters of [A-Za-z0-9._~-]');
  if (createHash('sha256').update(req.verifier).digest('base64url') !== body.challenge)
    throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
  if (req.resource !== undefined && req.resource !== body.resource)
    throw new OAuthError('invalid_target', 'resource does not match the one of the authorization request');
  return body;
}
