import { AppError } from '../common/errors/app-error';
import type { TenantContext } from './tenant-context';
import type { TokenScope } from './token-claims';

/**
 * 403 INSUFFICIENT_SCOPE unless the token grants `scope` (a token without a `scope` claim grants every scope).
 * The challenge is RFC 6750 §3.1's `insufficient_scope`, naming the scope the operation needs.
 */
export function requireScope(tenant: Pick<TenantContext, 'scopes'>, scope: TokenScope): void {
  if (tenant.scopes.has(scope)) return;
  throw new AppError('INSUFFICIENT_SCOPE', `This operation needs the ${scope} scope, which the token does not grant.`, {
    headers: { 'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${scope}"` },
    extra: { requiredScope: scope },
  });
}

/** 403 AMOUNT_LIMIT_EXCEEDED when `amountCents` is above the token's meta.maxAmountCents. */
export function requireWithinLimit(tenant: Pick<TenantContext, 'meta'>, amountCents: number): void {
  const limit = tenant.meta.maxAmountCents;
  if (limit === undefined || amountCents <= limit) return;
  throw new AppError(
    'AMOUNT_LIMIT_EXCEEDED',
    `The amount ${amountCents} cents is above this token's limit of ${limit} cents per charge.`,
    { extra: { maxAmountCents: limit } },
  );
}
