import type { TenantContext } from '../../auth/tenant-context';
import { AppError } from '../../common/errors/app-error';
import {
  canonicalJson,
  idempotencyRecordKey,
  parseIdempotencyKey,
  providerIdempotencyKey,
  requestFingerprint,
} from './idempotency-key';

const tenant = (tenantId: string): TenantContext => ({
  tenantId,
  providerId: 'sandbox',
  credentials: {},
  credentialFingerprint: 'fp',
  meta: { ttlSeconds: 3600, cacheEnabled: true, redisKeyPrefix: 'pfx' },
  exp: 0,
  scopes: new Set(['charges:read', 'charges:write', 'charges:cancel', 'webhooks:manage']),
});

describe('idempotency keys', () => {
  it('accepts 1..255 visible ASCII characters and refuses the rest with a VALIDATION_ERROR', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('a')).toBe('a');
    expect(parseIdempotencyKey('k'.repeat(255))).toHaveLength(255);
    for (const bad of ['', 'k'.repeat(256), 'two words', 'tab\there', 'a, b', 'ação', 42]) {
      expect(() => parseIdempotencyKey(bad)).toThrow(AppError);
    }
  });

  it('derives a UUID-shaped provider key that is stable and scoped by tenant and operation', () => {
    const k = providerIdempotencyKey(tenant('t1'), 'create', 'abc');
    expect(k).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(providerIdempotencyKey(tenant('t1'), 'create', 'abc')).toBe(k);
    expect(providerIdempotencyKey(tenant('t2'), 'create', 'abc')).not.toBe(k);
    expect(providerIdempotencyKey(tenant('t1'), 'cancel', 'abc')).not.toBe(k);
    expect(k).not.toContain('abc');
  });

  it('stores the record under the tenant prefix with a hash of the key, never the key', () => {
    const key = idempotencyRecordKey(tenant('t1'), 'secret-order-7');
    expect(key).toMatch(/^pfx:t1:idem:sandbox:[0-9a-f]{64}$/);
    expect(key).not.toContain('secret-order-7');
  });

  it('fingerprints bodies regardless of key order, but not of values or operation', () => {
    const a = { type: 'pix', payer: { name: 'A', document: '1' }, amount: 1 };
    const b = { amount: 1, payer: { document: '1', name: 'A' }, type: 'pix' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(requestFingerprint('create', a)).toBe(requestFingerprint('create', b));
    expect(requestFingerprint('create', { ...a, amount: 2 })).not.toBe(requestFingerprint('create', a));
    expect(requestFingerprint('cancel', a)).not.toBe(requestFingerprint('create', a));
    expect(canonicalJson([1, { b: 1, a: [null] }])).toBe('[1,{"a":[null],"b":1}]');
  });
});
