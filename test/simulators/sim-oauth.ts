import { randomBytes, randomUUID } from 'node:crypto';

export type TokenCheck =
  { ok: true; clientId: string; scopes: Set<string> } | { ok: false; reason: 'missing' | 'invalid' | 'expired' };

/**
 * Short-lived bearer tokens of a simulator's OAuth client_credentials endpoint. Counts every
 * token request, so tests can prove the gateway caches its session instead of asking per call.
 */
export class SimTokens {
  /** expires_in of new tokens, seconds (set per test with POST /__sim/config). */
  ttlSeconds = 3600;
  /** Token endpoint hits, successful or not. */
  requests = 0;
  issued = 0;
  private readonly tokens = new Map<string, { clientId: string; scopes: Set<string>; expiresAt: number }>();

  issue(clientId: string, scopes: string[], format: 'uuid' | 'jwt-like'): { token: string; expiresIn: number } {
    const token =
      format === 'uuid'
        ? randomUUID()
        : `eyJhbGciOiJSUzI1NiJ9.${randomBytes(24).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
    this.tokens.set(token, { clientId, scopes: new Set(scopes), expiresAt: Date.now() + this.ttlSeconds * 1000 });
    this.issued++;
    return { token, expiresIn: this.ttlSeconds };
  }

  check(authorization: string | undefined): TokenCheck {
    const m = /^Bearer (\S+)$/i.exec(authorization ?? '');
    if (!m) return { ok: false, reason: 'missing' };
    const t = this.tokens.get(m[1]);
    if (!t) return { ok: false, reason: 'invalid' };
    if (t.expiresAt <= Date.now()) return { ok: false, reason: 'expired' };
    return { ok: true, clientId: t.clientId, scopes: t.scopes };
  }

  /** Every token issued so far (tests assert none of them leaks into logs or Redis). */
  all(): string[] {
    return [...this.tokens.keys()];
  }

  /** Every issued token expires now (the next call with one gets a 401). */
  expireAll(): number {
    for (const t of this.tokens.values()) t.expiresAt = 0;
    return this.tokens.size;
  }
}

/** Random digits for nosso número / free fields. */
export function digits(n: number): string {
  let out = '';
  while (out.length < n) out += randomBytes(8).readBigUInt64BE().toString().slice(1);
  return out.slice(0, n);
}
