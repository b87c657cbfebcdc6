import { JwtService } from '@nestjs/jwt';
import { EnvelopeCipher } from './envelope';

export interface IssueTokenOptions {
  /** MCP_TOKEN_SECRET (32+ characters). */
  secret: string;
  /** ENCRYPTION_KEY_HEX: credentials are sealed with it. */
  encryptionKeyHex: string;
  tenantId: string;
  providerId: string;
  /** Provider credentials (plain object); sealed into the token. Omit for providers that need none. */
  credentials?: Record<string, unknown>;
  /** Token lifetime in seconds (default 3600). */
  ttlSeconds?: number;
  /** meta.ttlSeconds: provider session cache lifetime (60..86400, default 28800). */
  sessionTtlSeconds?: number;
  /** meta.cacheEnabled (default true). */
  cacheEnabled?: boolean;
  /** meta.redisKeyPrefix (default: the tenant id). */
  redisKeyPrefix?: string;
  issuer?: string;
  audience?: string;
}

/**
 * Mints a gateway token: HS256, credentials sealed (AES-256-GCM). Importable by service accounts
 * that issue tokens from their own Node code (keep the secrets in a KMS/Vault, never in clients).
 */
export function issueToken(o: IssueTokenOptions): string {
  if (o.secret.length < 32) throw new Error('secret must be at least 32 characters');
  const cipher = new EnvelopeCipher(o.encryptionKeyHex);
  const payload: Record<string, unknown> = {
    tenantId: o.tenantId,
    providerId: o.providerId,
    meta: {
      ttlSeconds: o.sessionTtlSeconds ?? 28800,
      cacheEnabled: o.cacheEnabled ?? true,
      redisKeyPrefix: o.redisKeyPrefix ?? o.tenantId,
    },
  };
  if (o.credentials !== undefined) payload.credentials = cipher.seal(JSON.stringify(o.credentials), 'credentials');
  return new JwtService().sign(payload, {
    secret: o.secret,
    algorithm: 'HS256',
    expiresIn: o.ttlSeconds ?? 3600,
    ...(o.issuer ? { issuer: o.issuer } : {}),
    ...(o.audience ? { audience: o.audience } : {}),
  });
}
