import { MemoryKvStore } from '../cache/memory-kv.store';
import { KvThrottlerStorage } from './kv-throttler.storage';

describe('KvThrottlerStorage', () => {
  it('counts hits of one tracker in one fixed window and blocks past the limit until it ends', async () => {
    const kv = new MemoryKvStore();
    const storage = new KvThrottlerStorage(kv, 'mcpcob');
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await storage.increment('t:acme', 60_000, 3));
    expect(results.map((r) => [r.totalHits, r.isBlocked])).toEqual([[1, false], [2, false], [3, false], [4, true]]);
    expect(results[3].timeToExpire).toBeGreaterThan(58);
    expect(results[3].timeToExpire).toBeLessThanOrEqual(60);
    expect(results[3].timeToBlockExpire).toBe(results[3].timeToExpire);
    expect(results[0].timeToBlockExpire).toBe(0);
    expect(await kv.get('mcpcob:rl:t:acme')).toBe('4');
    kv.close();
  });

  it('keeps trackers apart and starts a new window after expiry', async () => {
    const kv = new MemoryKvStore();
    const storage = new KvThrottlerStorage(kv, 'p');
    await storage.increment('t:a', 50, 1);
    expect((await storage.increment('t:b', 50, 1)).totalHits).toBe(1);
    expect((await storage.increment('t:a', 50, 1)).isBlocked).toBe(true);
    await new Promise((r) => setTimeout(r, 80));
    expect(await storage.increment('t:a', 50, 1)).toMatchObject({ totalHits: 1, isBlocked: false, timeToExpire: 1 });
    kv.close();
  });
});
