import { createHash } from 'node:crypto';
import { hashUuid } from '@lib/providers';
import type { TenantContext } from '../../auth/tenant-context';
import { AppError } from '../../common/errors/app-error';

/**
 * The one idempotency-key rule, for REST's Idempotency-Key header and MCP's idempotencyKey argument:
 * 1..255 visible ASCII characters (no spaces, so a repeated header, joined with ", ", is refused too).
 */
export const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;
/** The rule in words, after the name of the header or argument. */
export const IDEMPOTENCY_KEY_RULE = 'must be 1 to 255 visible ASCII characters';

export type IdempotentOperation = 'create' | 'cancel' | 'refund';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The caller's Idempotency-Key header: undefined when absent, 400 VALIDATION_ERROR when malformed. */
export function parseIdempotencyKey(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && IDEMPOTENCY_KEY.test(value)) return value;
  throw AppError.validation([
    { field: 'Idempotency-Key', message: `Idempotency-Key ${IDEMPOTENCY_KEY_RULE} (send the header once)` },
  ]);
}

/** Where the record lives: `<prefix>:<tenantId>:idem:<providerId>:<sha256(key)>` (the key itself is never stored). */
export function idempotencyRecordKey(tenant: TenantContext, key: string): string {
  return `${tenant.meta.redisKeyPrefix}:${tenant.tenantId}:idem:${tenant.providerId}:${sha256(key)}`;
}

/**
 * The key handed to the provider: a UUID-shaped SHA-256 of tenant + provider + operation + caller
 * key. Deterministic, so a retry after a lost record reaches the provider with the same key and
 * cannot open a second charge at providers that honour one; opaque, so it reveals nothing.
 */
export function providerIdempotencyKey(tenant: TenantContext, operation: IdempotentOperation, key: string): string {
  return hashUuid(['mcp-maax-cob:idempotency:v1', tenant.tenantId, tenant.providerId, operation, key].join('\n'));
}

/** JSON with object keys sorted at every depth, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What makes two requests "the same": operation plus canonical payload (body, or the charge id of a cancel). */
export function requestFingerprint(operation: IdempotentOperation, payload: unknown): string {
  return sha256(`${operation}\n${canonicalJson(payload)}`);
}
