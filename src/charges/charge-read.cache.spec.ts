import type { Cache } from 'cache-manager';
import { EnvelopeCipher } from '../auth/envelope';
import type { TenantContext } from '../auth/tenant-context';
import type { AppConfig } from '../config/env.schema';
import { ChargeReadCache } from './charge-read.cache';

const tenant: TenantContext = {
  tenantId: 't1',
  providerId: 'sandbox',
  credentials: {},
  credentialFingerprint: 'fp',
  meta: { ttlSeconds: 600, cacheEnabled: true, redisKeyPrefix: 'pfx' },
  exp: 0,
  scopes: new Set(['charges:read', 'charges:write', 'charges:cancel', 'webhooks:manage']),
};
const cipher = new EnvelopeCipher('ab'.repeat(32));
const config = { chargeCacheTtlSeconds: 30, redisCommandTimeoutMs: 100 } as AppConfig;
const charge = {
  id: 'sbx_1',
  providerId: 'sandbox',
  type: 'pix',
  status: 'PENDING',
  providerStatus: 'EM_ABERTO',
  amount: 1,
  currency: 'BRL',
  payer: { name: 'Maria', document: '52998224725', documentType: 'CPF' },
  createdAt: 'x',
  updatedAt: 'x',
} as const;

/** A store that records writes and can be told to hang or fail, like Redis in trouble. */
function store(mode: 'ok' | 'hang' | 'fail' = 'ok') {
  const data = new Map<string, { value: unknown; ttl?: number }>();
  const act = <T>(fn: () => T): Promise<T> =>
    mode === 'hang'
      ? new Promise<T>(() => undefined)
      : mode === 'fail'
        ? Promise.reject(new Error('down'))
        : Promise.resolve(fn());
  const cache = {
    get: (k: string) => act(() => data.get(k)?.value),
    set: (k: string, value: unknown, ttl?: number) => act(() => (data.set(k, { value, ttl }), value)),
    del: (k: string) => act(() => data.delete(k)),
  };
  return { data, cache: cache as unknown as Cache };
}

describe('ChargeReadCache', () => {
  it('writes sealed values under <prefix>:<tenantId>:charge:<provider>:<id> with the TTL of the status', async () => {
    const s = store();
    const c = new ChargeReadCache(s.cache, cipher, config);
    await c.write(tenant, { ...charge });
    await c.write(tenant, { ...charge, id: 'sbx_2', status: 'PAID' });
    expect(s.data.get('pfx:t1:charge:sandbox:sbx_1')?.ttl).toBe(30_000);
    expect(s.data.get('pfx:t1:charge:sandbox:sbx_2')?.ttl).toBe(600_000);
    expect(String(s.data.get('pfx:t1:charge:sandbox:sbx_1')?.value)).not.toContain('Maria');
    expect(await c.read(tenant, 'sbx_1')).toEqual(charge);
    await c.forget(tenant, 'sbx_1');
    expect(await c.read(tenant, 'sbx_1')).toBeUndefined();
  });

  it('treats a value stored under another id as a miss', async () => {
    const s = store();
    const c = new ChargeReadCache(s.cache, cipher, config);
    await c.write(tenant, { ...charge });
    s.data.set('pfx:t1:charge:sandbox:sbx_9', s.data.get('pfx:t1:charge:sandbox:sbx_1')!);
    expect(await c.read(tenant, 'sbx_9')).toBeUndefined();
  });

  it.each(['hang', 'fail'] as const)(
    'answers a miss within the command timeout when the store %ss, and never throws',
    async (mode) => {
      const c = new ChargeReadCache(store(mode).cache, cipher, config);
      const started = Date.now();
      expect(await c.read(tenant, 'sbx_1')).toBeUndefined();
      await c.write(tenant, { ...charge });
      await c.forget(tenant, 'sbx_1');
      expect(Date.now() - started).toBeLessThan(3 * 100 + 150);
    },
  );
});
