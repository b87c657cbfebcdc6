import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { boletoBody, CHARGES_TEST_ENV } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { scanKeys, uniquePrefix } from '../helpers/redis';
import { testToken } from '../helpers/tokens';
import { legacyInitialize, rawPost } from '../mcp/mcp-client';
import { recordFigures } from './figures';

/**
 * Issue 18's tenant isolation: tenants sharing one redisKeyPrefix, a tenant whose id is another's prefix (and the
 * reverse), and `:` in either (refused when the token is verified, so `<prefix>:<tenantId>:` stays unambiguous).
 * Never a shared cache entry, idempotency record or sandbox charge: a tenant cannot read, cancel or pay another's
 * charge, and the same Idempotency-Key on two tenants makes two charges.
 */
jest.setTimeout(60_000);

const FIGURES = { requests: 0, crossTenantAttempts: 0, crossTenantServed: 0, sharedKeys: 0, refusedColonTokens: 0 };
afterAll(() => recordFigures('tenant-isolation', FIGURES));

interface T {
  tenantId: string;
  prefix: string;
  auth: Record<string, string>;
}
const tenant = (tenantId: string, prefix: string): T => ({
  tenantId,
  prefix,
  auth: { Authorization: `Bearer ${testToken({ tenantId, redisKeyPrefix: prefix, cacheEnabled: true })}` },
});

describe.each(ADAPTERS)('tenant isolation (%s)', (adapter) => {
  let t: TestApp;
  const shared = uniquePrefix('pshared');
  const a = tenant(uniquePrefix('ta'), shared);
  const b = tenant(uniquePrefix('tb'), shared);
  // c's id is the prefix a and b share; d's prefix is a's id. Tenant ids stay distinct (the id is the tenant).
  const c = tenant(shared, uniquePrefix('pc'));
  const d = tenant(uniquePrefix('td'), a.tenantId);
  const all = [a, b, c, d];

  const send = async (req: request.Test) => {
    FIGURES.requests++;
    return req;
  };
  const create = (x: T, key?: string) => {
    const req = request(t.url).post('/v1/charges').set(x.auth);
    if (key) req.set('Idempotency-Key', key);
    return send(req.send(boletoBody({ externalId: 'same-order' })));
  };

  beforeAll(async () => {
    t = await startTestApp({ adapter, env: CHARGES_TEST_ENV });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('makes one charge per tenant for the same Idempotency-Key and body, and replays each its own', async () => {
    const key = randomUUID();
    const ids = new Map<T, string>();
    for (const x of all) {
      const res = await create(x, key);
      expect(res.status).toBe(201);
      ids.set(x, res.body.id);
    }
    expect(new Set(ids.values()).size).toBe(all.length);
    for (const x of all) {
      const replay = await create(x, key);
      expect([replay.status, replay.body.id]).toEqual([201, ids.get(x)]);
    }
  });

  it("never serves, cancels or pays another tenant's charge, before or after its owner cached it", async () => {
    for (const owner of all) {
      const id = (await create(owner).then((r) => r.body)).id as string;
      for (const round of ['before', 'after'] as const) {
        if (round === 'after') await send(request(t.url).get(`/v1/charges/${id}`).set(owner.auth).expect(200));
        for (const other of all.filter((x) => x !== owner)) {
          const attempts = [
            request(t.url).get(`/v1/charges/${id}`).set(other.auth),
            request(t.url).post(`/v1/charges/${id}/cancel`).set(other.auth),
            request(t.url).post(`/v1/sandbox/charges/${id}/pay`).set(other.auth),
          ];
          for (const attempt of attempts) {
            FIGURES.crossTenantAttempts++;
            const res = await send(attempt);
            if (res.status < 400) FIGURES.crossTenantServed++;
            expect([res.status, res.body.code]).toEqual([404, 'CHARGE_NOT_FOUND']);
          }
        }
      }
      // Untouched by the others: still pending for its owner.
      const mine = await send(request(t.url).get(`/v1/charges/${id}`).set(owner.auth));
      expect([mine.status, mine.body.status]).toEqual([200, 'PENDING']);
    }
  });

  it('keeps every Redis key of a tenant under its own <prefix>:<tenantId>: and no key of one holds another id', async () => {
    const keys = new Map<T, Map<string, string>>();
    for (const x of all) keys.set(x, await scanKeys(t.redisUrl as string, `${x.prefix}:${x.tenantId}:*`));
    for (const x of all) expect(keys.get(x)?.size).toBeGreaterThan(0);
    const owners = new Map<string, T[]>();
    for (const [x, map] of keys) for (const key of map.keys()) owners.set(key, [...(owners.get(key) ?? []), x]);
    const sharedKeys = [...owners].filter(([, xs]) => xs.length > 1).map(([key]) => key);
    FIGURES.sharedKeys += sharedKeys.length;
    expect(sharedKeys).toEqual([]);
    // Under the shared prefix, every key names a or b as its tenant segment.
    const underShared = await scanKeys(t.redisUrl as string, `${shared}:*`);
    const strays = [...underShared.keys()].filter((key) => ![a.tenantId, b.tenantId].includes(key.split(':')[1] ?? ''));
    expect(strays).toEqual([]);
  });

  it.each([
    ['a tenant id with a colon', () => tenant(`${a.tenantId}:x`, shared)],
    [
      'a tenant id that is another prefix and tenant joined',
      () => tenant(`${shared}:${a.tenantId}`, uniquePrefix('p')),
    ],
    ['a key prefix with a colon', () => tenant(uniquePrefix('t'), `${shared}:${a.tenantId}`)],
    ['a key prefix ending in a colon', () => tenant(a.tenantId, `${shared}:`)],
  ])('refuses %s when the token is verified (401 on REST, /initialize and /mcp)', async (_name, make) => {
    const x = make();
    for (const res of [
      await send(request(t.url).post('/v1/charges').set(x.auth).send(boletoBody())),
      await send(request(t.url).get('/v1/charges/sbx_000000000000000000000000').set(x.auth)),
      await send(request(t.url).post('/initialize').set(x.auth)),
    ]) {
      expect([res.status, res.body.code]).toEqual([401, 'AUTH_INVALID_TOKEN']);
      FIGURES.refusedColonTokens++;
    }
    FIGURES.requests++;
    expect((await rawPost(t.url, legacyInitialize(), x.auth)).status).toBe(401);
  });
});
