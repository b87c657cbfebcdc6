import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { rawRequest } from '../common/http/request-context';
import type { TokenScope } from './token-claims';

export interface TokenMeta {
  ttlSeconds: number;
  cacheEnabled: boolean;
  redisKeyPrefix: string;
  /** meta.webhookUrl: where this tenant's webhook events go (checked against SSRF rules at POST /initialize). */
  webhookUrl?: string;
  /** meta.maxAmountCents: the largest charge this token may create. */
  maxAmountCents?: number;
}

/** The verified token, available to handlers without request-scoped providers. Never log `credentials`. */
export interface TenantContext {
  tenantId: string;
  providerId: string;
  /** Opened and parsed by the provider's parseCredentials. */
  credentials: unknown;
  /** SHA-256 prefix of the sealed/plain credentials: stable, not secret. */
  credentialFingerprint: string;
  meta: TokenMeta;
  /** What the token may do (the `scope` claim; all scopes when it is absent). */
  scopes: ReadonlySet<TokenScope>;
  /** The `aud` claim, when the token has one (OAuth access tokens: the /mcp resource they were minted for). */
  audience?: readonly string[];
  /** Token expiry (seconds since epoch). */
  exp: number;
}

const TENANT = Symbol.for('mcp-maax-cob.tenant');
type Carrier = { [TENANT]?: TenantContext };

export function setTenant(req: unknown, tenant: TenantContext): void {
  (rawRequest(req) as unknown as Carrier)[TENANT] = tenant;
}

export function tenantOf(req: unknown): TenantContext | undefined {
  return (rawRequest(req) as unknown as Carrier)[TENANT];
}

/** The caller's verified tenant context on an authenticated route (throws on a public one). */
export function requireTenant(req: unknown): TenantContext {
  const tenant = tenantOf(req);
  if (!tenant) throw new Error('no tenant context: the route is public');
  return tenant;
}

/** Handler parameter: the caller's verified tenant context. */
export const Tenant = createParamDecorator((_data: unknown, ctx: ExecutionContext): TenantContext => {
  const tenant = tenantOf(ctx.switchToHttp().getRequest());
  if (!tenant) throw new Error('Tenant() used on a public route');
  return tenant;
});
