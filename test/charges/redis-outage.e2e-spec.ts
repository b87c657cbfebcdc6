import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { DisposableRedis } from '../helpers/redis';
import { auth, boletoBody, CHARGES_TEST_ENV, createCharge, pixBody, sandboxTenant } from './charge-fixtures';

/** Retries `call` until it answers `status` (Redis reconnects with a bounded backoff of at most 2 s). */
async function eventually(
  call: () => Promise<request.Response>,
  status: number,
  withinMs = 8000,
): Promise<request.Response> {
  const deadline = Date.now() + withinMs;
  let last = await call();
  while (last.status !== status && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    last = await call();
  }
  return last;
}

describe.each(ADAPTERS)('charges while Redis is down (%s)', (adapter) => {
  let redis: DisposableRedis;
  let t: TestApp;
  const a = sandboxTenant();

  beforeAll(async () => {
    redis = await DisposableRedis.start();
    t = await startTestApp({ adapter, redis: redis.url, env: CHARGES_TEST_ENV });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('refuses keyed creates with 503 IDEMPOTENCY_UNAVAILABLE, answers sandbox calls 503 PROVIDER_UNAVAILABLE within a second, then recovers', async () => {
    const before = (await createCharge(t.url, a, boletoBody(), randomUUID()).expect(201)).body;
    expect((await request(t.url).get(`/v1/charges/${before.id}`).set(auth(a)).expect(200)).headers['x-cache']).toBe(
      'HIT',
    );

    await redis.stop();

    const calls: Array<[string, () => request.Test, number, string]> = [
      ['keyed create', () => createCharge(t.url, a, boletoBody(), randomUUID()), 503, 'IDEMPOTENCY_UNAVAILABLE'],
      ['unkeyed create', () => createCharge(t.url, a, pixBody()), 503, 'PROVIDER_UNAVAILABLE'],
      [
        'read (cache miss, then the sandbox bank)',
        () => request(t.url).get(`/v1/charges/${before.id}`).set(auth(a)),
        503,
        'PROVIDER_UNAVAILABLE',
      ],
      [
        'keyed cancel',
        () => request(t.url).post(`/v1/charges/${before.id}/cancel`).set(auth(a)).set('Idempotency-Key', randomUUID()),
        503,
        'PROVIDER_UNAVAILABLE',
      ],
      [
        'sandbox payment',
        () => request(t.url).post(`/v1/sandbox/charges/${before.id}/pay`).set(auth(a)),
        503,
        'PROVIDER_UNAVAILABLE',
      ],
      [
        'keyed create with an invalid body',
        () => createCharge(t.url, a, boletoBody({ amount: 0 }), randomUUID()),
        400,
        'VALIDATION_ERROR',
      ],
    ];
    for (const [name, call, status, code] of calls) {
      const started = Date.now();
      const res = await call();
      const ms = Date.now() - started;
      expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status, code });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(ms).toBeLessThan(1000);
      if (status === 503) expect(res.headers['retry-after']).toBe('1');
    }

    await redis.startProcess();

    const key = randomUUID();
    const body = boletoBody();
    const created = await eventually(() => createCharge(t.url, a, body, key), 201);
    expect(created.status).toBe(201);
    const replay = await createCharge(t.url, a, body, key).expect(201);
    expect([replay.body.id, replay.headers['idempotent-replayed']]).toEqual([created.body.id, 'true']);
    expect(
      (await request(t.url).get(`/v1/charges/${created.body.id}`).set(auth(a)).expect(200)).headers['x-cache'],
    ).toBe('HIT');
    expect(t.logs.some((l) => l.includes('"status":500'))).toBe(false);
  });
});
