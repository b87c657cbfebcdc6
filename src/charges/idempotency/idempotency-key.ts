import { createHash } from 'node:crypto';
import type { TenantContext } from '../../auth/tenant-context';
import { AppError } from '../../common/errors/app-error';

/** 1..255 visible ASCII characters (no spaces, so a repeated header, joined with ", ", is refused too). */
const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;

export type IdempotentOperation = 'create' | 'cancel';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The caller's Idempotency-Key header: undefined when absent, 400 VALIDATION_ERROR when malformed. */
export function parseIdempotencyKey(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && IDEMPOTENCY_KEY.test(value)) return value;
  throw AppError.validation([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters (send the header once)' }]);
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
  const h = sha256(['mcp-maax-cob:idempotency:v1', tenant.tenantId, tenant.providerId, operation, key].join('\n'));
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
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
