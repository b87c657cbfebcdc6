import { JwtService } from '@nestjs/jwt';
import { CREDENTIALS_REF_NAME } from './credentials-ref.resolver';
import { EnvelopeCipher } from './envelope';
import { GrantClaims, newRefreshFamily, sealRefreshToken } from './refresh-token';

export interface IssueTokenOptions {
  /** MCP_TOKEN_SECRET (32+ characters). */
  secret: string;
  /** ENCRYPTION_KEY_HEX: credentials are sealed with it. */
  encryptionKeyHex: string;
  tenantId: string;
  providerId: string;
  /** Provider credentials (plain object); sealed into the token. Omit for providers that need none. */
  credentials?: Record<string, unknown>;
  /**
   * Instead of `credentials`: the name of a file of the gateway's CREDENTIALS_DIR holding them (the token carries
   * `credentials: { "ref": "<name>" }`, not the secret).
   */
  credentialsRef?: string;
  /** Token lifetime in seconds (default 3600). */
  ttlSeconds?: number;
  /** meta.ttlSeconds: provider session cache lifetime (60..86400, default 28800). */
  sessionTtlSeconds?: number;
  /** meta.cacheEnabled (default true). */
  cacheEnabled?: boolean;
  /** meta.redisKeyPrefix (default: the tenant id). */
  redisKeyPrefix?: string;
  /** The `scope` claim: space-separated TOKEN_SCOPES (omitted: full access). */
  scope?: string;
  /** meta.maxAmountCents: the largest charge (cents) the token may create. */
  maxAmountCents?: number;
  /** meta.webhookUrl: where this tenant's webhook events go. */
  webhookUrl?: string;
  issuer?: string;
  audience?: string;
}

/**
 * Mints a gateway token: HS256, credentials sealed (AES-256-GCM). Importable by service accounts
 * that issue tokens from their own Node code (keep the secrets in a KMS/Vault, never in clients).
 */
export function issueToken(o: IssueTokenOptions): string {
  if (o.secret.length < 32) throw new Error('secret must be at least 32 characters');
  return new JwtService().sign(grantClaims(o, new EnvelopeCipher(o.encryptionKeyHex)), {
    secret: o.secret,
    algorithm: 'HS256',
    expiresIn: o.ttlSeconds ?? 3600,
    ...(o.issuer ? { issuer: o.issuer } : {}),
    ...(o.audience ? { audience: o.audience } : {}),
  });
}

/**
 * Mints a refresh token for a service account: POST /oauth/token (grant_type=refresh_token) turns it into access
 * tokens carrying the same claims, rotating it each time, until `refreshTtlSeconds` after now (absolute).
 */
export function issueRefreshToken(o: Omit<IssueTokenOptions, 'secret'> & { refreshTtlSeconds: number }): string {
  const cipher = new EnvelopeCipher(o.encryptionKeyHex);
  const grant = grantClaims(o, cipher);
  const body = newRefreshFamily(grant, { ttlSeconds: o.refreshTtlSeconds, nowSeconds: Math.floor(Date.now() / 1000) });
  return sealRefreshToken(cipher, body);
}

function grantClaims(o: Omit<IssueTokenOptions, 'secret'>, cipher: EnvelopeCipher): GrantClaims {
  const payload: GrantClaims = {
    tenantId: o.tenantId,
    providerId: o.providerId,
    meta: {
      ttlSeconds: o.sessionTtlSeconds ?? 28800,
      cacheEnabled: o.cacheEnabled ?? true,
      redisKeyPrefix: o.redisKeyPrefix ?? o.tenantId,
      ...(o.maxAmountCents !== undefined ? { maxAmountCents: o.maxAmountCents } : {}),
      ...(o.webhookUrl !== undefined ? { webhookUrl: o.webhookUrl } : {}),
    },
    ...(o.scope !== undefined ? { scope: o.scope } : {}),
  };
  if (o.credentials !== undefined && o.credentialsRef !== undefined)
    throw new Error('credentials and credentialsRef are exclusive');
  if (o.credentials !== undefined) payload.credentials = cipher.seal(JSON.stringify(o.credentials), 'credentials');
  if (o.credentialsRef !== undefined) {
    if (!CREDENTIALS_REF_NAME.test(o.credentialsRef))
      throw new Error('credentialsRef must match ^[A-Za-z0-9._-]{1,64}$');
    payload.credentials = { ref: o.credentialsRef };
  }
  return payload;
}
