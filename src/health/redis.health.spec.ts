import { HealthIndicatorService } from '@nestjs/terminus';
import { RedisKvStore } from '../cache/redis-kv.store';
import { RedisHealthIndicator } from './redis.health';

/** Real Redis (REDIS_URL, else the local one): the ping needs no keys, so nothing is left behind. */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Holds the event loop as a busy process would (a long synchronous task, a GC pause). */
function stall(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

describe('RedisHealthIndicator', () => {
  const stores: RedisKvStore[] = [];
  const indicatorOn = async (url: string, commandTimeoutMs: number) => {
    const store = new RedisKvStore({ url, commandTimeoutMs });
    stores.push(store);
    await store.connect(1000);
    return new RedisHealthIndicator(new HealthIndicatorService(), store);
  };
  afterAll(async () => {
    for (const s of stores) await s.close();
  });

  it('reports up with the ping latency while Redis answers', async () => {
    const indicator = await indicatorOn(REDIS_URL, 250);
    const result = await indicator.isHealthy('redis');
    expect(result.redis).toMatchObject({ status: 'up', store: 'redis', latencyMs: expect.any(Number) });
  });

  it('stays up when an event-loop stall makes one ping miss its timer (the reply was not late, the process was)', async () => {
    const indicator = await indicatorOn(REDIS_URL, 100);
    const pending = indicator.isHealthy('redis');
    stall(300); // longer than the command timeout: the timer fires before the PONG is read
    expect((await pending).redis).toMatchObject({ status: 'up', store: 'redis' });
  });

  it('reports down at once when the connection is gone, without a second ping', async () => {
    const indicator = await indicatorOn('redis://127.0.0.1:1', 1000);
    const started = Date.now();
    const result = await indicator.isHealthy('redis');
    expect(result.redis).toMatchObject({ status: 'down', message: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
