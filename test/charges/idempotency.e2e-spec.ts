import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys, scanKeys } from '../helpers/redis';
import { testToken } from '../helpers/tokens';
import { auth, boletoBody, CHARGES_TEST_ENV, createCharge, pixBody, sandboxTenant, Tenant } from './charge-fixtures';

describe.each(ADAPTERS)('idempotent charges (%s)', (adapter) => {
  let t: TestApp;
  const tenants: Tenant[] = [];
  const tenant = (o?: Parameters<typeof sandboxTenant>[0]) => {
    const x = sandboxTenant(o);
    tenants.push(x);
    return x;
  };
  /** The sandbox bank's charges of a tenant, straight from Redis. */
  const bankCharges = async (x: Tenant) =>
    (await scanKeys(t.redisUrl as string, `${x.prefix}:${x.tenantId}:sandbox:charge:*`)).size;

  beforeAll(async () => {
    t = await startTestApp({ adapter, env: CHARGES_TEST_ENV });
  });
  afterAll(async () => {
    for (const x of tenants) await deleteKeys(t.redisUrl as string, `${x.prefix}:*`);
    await t?.close();
  });

  it('replays the first status and body for a repeat with the same key and body', async () => {
    const a = tenant();
    const key = randomUUID();
    const body = boletoBody();
    const first = await createCharge(t.url, a, body, key).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const second = await createCharge(t.url, a, { ...body, payer: body.payer }, key).expect(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await bankCharges(a)).toBe(1);
  });

  it('makes exactly one charge from 30 concurrent creates with one key', async () => {
    const a = tenant({ credentials: { latencyMs: 300 } });
    const key = randomUUID();
    const body = pixBody();
    const send = async () => {
      const r = await createCharge(t.url, a, body, key);
      // A store slower than its command timeout on a loaded machine sheds the request (503 with Retry-After, the
      // documented "retry shortly"): sent again with the same key, as a client would.
      if (r.status !== 503 || r.body.code !== 'IDEMPOTENCY_UNAVAILABLE' || !r.headers['retry-after']) return r;
      await new Promise((done) => setTimeout(done, 1000));
      return createCharge(t.url, a, body, key);
    };
    const results = await Promise.all(Array.from({ length: 30 }, send));
    const created = results.filter((r) => r.status === 201);
    const busy = results.filter((r) => r.status === 409);
    expect(
      results.filter((r) => r.status !== 201 && r.status !== 409).map((r) => `${r.status} ${r.body.code}`),
    ).toEqual([]);
    expect(created.length + busy.length).toBe(30);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    for (const r of busy) {
      expect(r.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
      expect(r.headers['retry-after']).toBe('1');
    }
    expect(await bankCharges(a)).toBe(1);
    const later = await createCharge(t.url, a, body, key).expect(201);
    expect([later.body.id, later.headers['idempotent-replayed']]).toEqual([created[0].body.id, 'true']);
  });

  it('refuses the same key with a different body with 422 and creates nothing', async () => {
    const a = tenant();
    const key = randomUUID();
    await createCharge(t.url, a, boletoBody({ amount: 1000 }), key).expect(201);
    const res = await createCharge(t.url, a, boletoBody({ amount: 2000 }), key).expect(422);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await bankCharges(a)).toBe(1);
  });

  it('replays a 4xx answer, marked as replayed', async () => {
    const a = tenant();
    const c = (await createCharge(t.url, a, boletoBody()).expect(201)).body;
    await request(t.url).post(`/v1/sandbox/charges/${c.id}/pay`).set(auth(a)).expect(200);
    const key = randomUUID();
    const first = await request(t.url)
      .post(`/v1/charges/${c.id}/cancel`)
      .set(auth(a))
      .set('Idempotency-Key', key)
      .expect(409);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await request(t.url)
      .post(`/v1/charges/${c.id}/cancel`)
      .set(auth(a))
      .set('Idempotency-Key', key)
      .expect(409);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toMatchObject({ code: 'CHARGE_NOT_CANCELLABLE', detail: first.body.detail });
  });

  it('stores no 5xx: after a provider failure the same key creates the charge', async () => {
    const a = tenant({ credentials: { failWith: 500 } });
    const key = randomUUID();
    const body = boletoBody();
    expect((await createCharge(t.url, a, body, key).expect(502)).body.code).toBe('PROVIDER_ERROR');
    const healthy = { ...a, token: testToken({ tenantId: a.tenantId, redisKeyPrefix: a.prefix, credentials: {} }) };
    const retry = await createCharge(t.url, healthy, body, key).expect(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
  });

  it('replays a 400 VALIDATION_ERROR like any 4xx, and refuses the key for a different body', async () => {
    const a = tenant();
    const key = randomUUID();
    const invalid = boletoBody({ amount: -5 });
    const first = await createCharge(t.url, a, invalid, key).expect(400);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await createCharge(t.url, a, invalid, key).expect(400);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.body).toMatchObject({ code: 'VALIDATION_ERROR', errors: first.body.errors });
    expect((await createCharge(t.url, a, boletoBody(), key).expect(422)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await bankCharges(a)).toBe(0);
  });

  it('replays a 404 on a keyed cancel of an unknown charge', async () => {
    const a = tenant();
    const key = randomUUID();
    const first = await request(t.url)
      .post('/v1/charges/sbx_000000000000000000000000/cancel')
      .set(auth(a))
      .set('Idempotency-Key', key)
      .expect(404);
    const again = await request(t.url)
      .post('/v1/charges/sbx_000000000000000000000000/cancel')
      .set(auth(a))
      .set('Idempotency-Key', key)
      .expect(404);
    expect([first.headers['idempotent-replayed'], again.headers['idempotent-replayed'], again.body.code]).toEqual([
      undefined,
      'true',
      'CHARGE_NOT_FOUND',
    ]);
  });

  it('scopes keys per tenant and per operation', async () => {
    const a = tenant();
    const b = tenant();
    const key = randomUUID();
    const ca = (await createCharge(t.url, a, boletoBody(), key).expect(201)).body;
    const cb = (await createCharge(t.url, b, boletoBody(), key).expect(201)).body;
    expect(ca.id).not.toBe(cb.id);
    const reuse = await request(t.url)
      .post(`/v1/charges/${ca.id}/cancel`)
      .set(auth(a))
      .set('Idempotency-Key', key)
      .expect(422);
    expect(reuse.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keeps the record under <prefix>:<tenantId>:idem:<provider>:<sha256(key)> without the key or payer data in plain text', async () => {
    const a = tenant();
    const key = `order-${randomUUID()}`;
    await createCharge(t.url, a, boletoBody(), key).expect(201);
    const records = await scanKeys(t.redisUrl as string, `${a.prefix}:${a.tenantId}:idem:*`);
    const hash = createHash('sha256').update(key).digest('hex');
    expect([...records.keys()]).toEqual([`${a.prefix}:${a.tenantId}:idem:sandbox:${hash}`]);
    const value = [...records.values()][0];
    expect(value).not.toContain(key);
    expect(value).not.toContain('52998224725');
    expect(JSON.parse(value)).toMatchObject({ state: 'done' });
  });

  it('cannot create a second charge when the record is lost: the provider gets the same derived key', async () => {
    const a = tenant();
    const key = randomUUID();
    const first = (await createCharge(t.url, a, boletoBody(), key).expect(201)).body;
    await deleteKeys(t.redisUrl as string, `${a.prefix}:${a.tenantId}:idem:*`);
    const second = (await createCharge(t.url, a, boletoBody(), key).expect(201)).body;
    expect(second.id).toBe(first.id);
    expect(await bankCharges(a)).toBe(1);
  });
});

describe.each(ADAPTERS)('idempotent charges without REDIS_URL (%s)', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ adapter, redis: false, env: CHARGES_TEST_ENV });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('replays and refuses reuse with the in-process store', async () => {
    const a = sandboxTenant();
    const key = randomUUID();
    const first = await createCharge(t.url, a, pixBody(), key).expect(201);
    const again = await createCharge(t.url, a, pixBody(), key).expect(201);
    expect([again.body.id, again.headers['idempotent-replayed']]).toEqual([first.body.id, 'true']);
    expect((await createCharge(t.url, a, pixBody({ amount: 1 }), key).expect(422)).body.code).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
  });
});
