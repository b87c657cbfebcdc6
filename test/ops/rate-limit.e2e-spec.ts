import request from 'supertest';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { DisposableRedis, deleteKeys, scanKeys, testRedisUrl, uniquePrefix } from '../helpers/redis';
import { describeStandaloneOnly } from '../helpers/redis-topology';
import { rawJwt, testToken } from '../helpers/tokens';

const LIMIT = 5;
const env = { RATE_LIMIT: String(LIMIT), RATE_LIMIT_WINDOW_SECONDS: '60' };
const bearer = (tenantId: string) => `Bearer ${testToken({ tenantId })}`;
const init = (t: TestApp, auth: string) => request(t.url).post('/initialize').set('Authorization', auth);

describe.each(ADAPTERS)('per-tenant rate limit (%s)', (adapter) => {
  describe('one instance', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ adapter, env });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('gives the sixth request of a tenant 429 RATE_LIMITED with Retry-After while another tenant still gets 200', async () => {
      const a = bearer(uniquePrefix('rl-a'));
      for (let i = 1; i <= LIMIT; i++) {
        const res = await init(t, a);
        expect(res.status).toBe(200);
        expect(res.headers['ratelimit-limit']).toBe(String(LIMIT));
        expect(res.headers['ratelimit-remaining']).toBe(String(LIMIT - i));
        expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThan(0);
        expect(Number(res.headers['ratelimit-reset'])).toBeLessThanOrEqual(60);
      }
      const limited = await init(t, a);
      expect(limited.status).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limited.body).toMatchObject({
        status: 429,
        code: 'RATE_LIMITED',
        type: 'urn:mcp-maax-cob:error:RATE_LIMITED',
      });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(limited.headers['ratelimit-remaining']).toBe('0');

      const other = await init(t, bearer(uniquePrefix('rl-b')));
      expect(other.status).toBe(200);
      expect(other.headers['ratelimit-remaining']).toBe(String(LIMIT - 1));
    });

    it('does not count requests refused with 401 against the tenant named in the token', async () => {
      const tenantId = uniquePrefix('rl-401');
      const forged = rawJwt({ alg: 'HS256', typ: 'JWT' }, { tenantId, providerId: 'sandbox' }, 'x'.repeat(48));
      for (let i = 0; i < LIMIT + 3; i++) expect((await init(t, `Bearer ${forged}`)).status).toBe(401);
      const res = await init(t, bearer(tenantId));
      expect(res.status).toBe(200);
      expect(res.headers['ratelimit-remaining']).toBe(String(LIMIT - 1));
    });

    it('keeps the counters in Redis under the global prefix, by tenant', async () => {
      const tenantId = uniquePrefix('rl-key');
      await init(t, bearer(tenantId));
      await init(t, bearer(tenantId));
      const keys = await scanKeys(t.redisUrl as string, `${t.globalPrefix}:rl:t:${tenantId}`);
      expect([...keys.values()]).toEqual(['2']);
    });

    it('never limits health, metrics or docs', async () => {
      for (let i = 0; i < LIMIT + 2; i++) {
        for (const path of [
          '/health/live',
          '/health/ready',
          '/health',
          '/metrics',
          '/metrics/prometheus',
          '/docs-json',
        ]) {
          const res = await request(t.url).get(path);
          expect({ path, status: res.status, limit: res.headers['ratelimit-limit'] }).toEqual({
            path,
            status: 200,
            limit: undefined,
          });
        }
      }
    });

    it('counts refused requests in the metrics', async () => {
      const res = await request(t.url).get('/metrics');
      expect(res.body.rateLimited.total).toBeGreaterThanOrEqual(1);
      expect(res.body.rateLimited.byScope.tenant).toBeGreaterThanOrEqual(1);
    });
  });

  describe('two instances on one Redis', () => {
    let a: TestApp;
    let b: TestApp;
    let redisUrl: string;
    const shared = uniquePrefix('rl-shared');
    beforeAll(async () => {
      redisUrl = await testRedisUrl();
      a = await startTestApp({ adapter, env: { ...env, REDIS_GLOBAL_PREFIX: shared } });
      b = await startTestApp({ adapter, env: { ...env, REDIS_GLOBAL_PREFIX: shared } });
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await deleteKeys(redisUrl, `${shared}:*`);
    });

    it('share one count per tenant', async () => {
      const auth = bearer(uniquePrefix('rl-two'));
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT + 1; i++) statuses.push((await init(i % 2 === 0 ? a : b, auth)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect((await init(a, auth)).status).toBe(429);
    });
  });

  describeStandaloneOnly('when Redis fails', () => {
    let redis: DisposableRedis;
    let t: TestApp;
    beforeAll(async () => {
      redis = await DisposableRedis.start();
      t = await startTestApp({ adapter, env, redis: redis.url });
    });
    afterAll(async () => {
      await t?.close();
      await redis?.stop();
    });

    it('falls back to a per-instance count: still limits, neither refuses nor lets everything through', async () => {
      await redis.stop();
      const auth = bearer(uniquePrefix('rl-down'));
      // The sandbox itself needs Redis and answers 503 meanwhile; what matters here is the limiter.
      const answers: Array<[number, string | undefined]> = [];
      for (let i = 0; i < LIMIT + 1; i++) {
        const res = await init(t, auth);
        answers.push([res.status === 429 ? 429 : 0, res.headers['ratelimit-remaining']]);
      }
      expect(answers).toEqual([
        [0, '4'],
        [0, '3'],
        [0, '2'],
        [0, '1'],
        [0, '0'],
        [429, '0'],
      ]);
      expect(t.logs.some((l) => l.includes('rate limits are counted per instance'))).toBe(true);
    });
  });
});
