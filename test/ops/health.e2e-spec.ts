import request from 'supertest';
import { LifecycleState } from '../../src/common/lifecycle';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { DisposableRedis } from '../helpers/redis';

/** Polls until `fn` returns true or the deadline passes (Redis reconnects with a bounded backoff). */
async function eventually(fn: () => Promise<boolean>, timeoutMs = 8000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fn()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe.each(ADAPTERS)('health probes (%s)', (adapter) => {
  describe('with a Redis the test can stop', () => {
    let redis: DisposableRedis;
    let t: TestApp;
    beforeAll(async () => {
      redis = await DisposableRedis.start();
      t = await startTestApp({ adapter, redis: redis.url });
    });
    afterAll(async () => {
      await t?.close();
      await redis?.stop();
    });

    it('answers live, ready and health with 200 in Terminus form while Redis is up', async () => {
      for (const path of ['/health/live', '/health/ready', '/health']) {
        const res = await request(t.url).get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        expect(res.body.status).toBe('ok');
        expect(res.headers['ratelimit-limit']).toBeUndefined();
      }
      const ready = await request(t.url).get('/health/ready');
      expect(ready.body.details).toMatchObject({
        lifecycle: { status: 'up' },
        redis: { status: 'up', store: 'redis' },
      });
      const health = await request(t.url).get('/health');
      expect(health.body.details).toMatchObject({
        redis: { status: 'up', store: 'redis' },
        memory_heap: { status: 'up' },
      });
    });

    it('keeps live at 200 while Redis is down, turns ready and health 503, and recovers without a restart', async () => {
      await redis.stop();
      const live = await request(t.url).get('/health/live');
      expect(live.status).toBe(200);
      expect(live.body.details.redis).toBeUndefined();

      const ready = await request(t.url).get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers['content-type']).toMatch(/^application\/json/);
      expect(ready.body).toMatchObject({
        status: 'error',
        error: { redis: { status: 'down', message: 'unreachable' } },
        details: { lifecycle: { status: 'up' } },
      });
      const health = await request(t.url).get('/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'error', error: { redis: { status: 'down' } } });
      expect(JSON.stringify(health.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);

      await redis.startProcess();
      expect(await eventually(async () => (await request(t.url).get('/health/ready')).status === 200)).toBe(true);
      expect((await request(t.url).get('/health')).status).toBe(200);
    });

    it('turns ready 503 as soon as shutdown begins while live stays 200', async () => {
      const lifecycle = t.app.get(LifecycleState);
      lifecycle.shuttingDown = true;
      try {
        const ready = await request(t.url).get('/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.body.error.lifecycle).toEqual({ status: 'down', message: 'shutting down' });
        expect((await request(t.url).get('/health/live')).status).toBe(200);
      } finally {
        lifecycle.shuttingDown = false;
      }
    });

    it('counts readiness changes for the flapping alert', async () => {
      expect((await request(t.url).get('/health/ready')).status).toBe(200);
      const res = await request(t.url).get('/metrics/prometheus');
      const changes = /^readiness_changes_total (\d+)/m.exec(res.text);
      // up -> down (Redis) -> up, then up -> down (shutdown) -> up: at least four changes.
      expect(Number(changes?.[1])).toBeGreaterThanOrEqual(4);
      expect(res.text).toMatch(/^app_ready 1$/m);
      expect(res.text).toMatch(/^redis_up 1$/m);
    });
  });

  describe('on the in-memory store (no REDIS_URL)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ adapter, redis: false });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('reports Redis as "not configured" and stays ready', async () => {
      const ready = await request(t.url).get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.details.redis).toEqual({ status: 'up', store: 'memory', message: 'not configured' });
    });
  });
});
