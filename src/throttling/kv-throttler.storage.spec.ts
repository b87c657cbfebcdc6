import { MemoryKvStore } from '../cache/memory-kv.store';
import { KvThrottlerStorage } from './kv-throttler.storage';

describe('KvThrottlerStorage', () => {
  it('counts hits of one tracker in one fixed window and blocks past the limit until it ends', async () => {
    const kv = new MemoryKvStore();
    const storage = new KvThrottlerStorage(kv, 'mcpcob');
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await storage.increment('t:acme', 60_000, 3));
    expect(results.map((r) => [r.totalHits, r.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ]);
    expect(results[3].timeToExpire).toBeGreaterThan(58);
    expect(results[3].timeToExpire).toBeLessThanOrEqual(60);
    expect(results[3].timeToBlockExpire).toBe(results[3].timeToExpire);
    expect(results[0].timeToBlockExpire).toBe(0);
    // The window is used up: the 4th is refused locally, without another round trip.
    expect(await kv.get('mcpcob:rl:t:acme')).toBe('3');
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

  it('leases permits in batches for large limits and never admits more than the limit across instances', async () => {
    const kv = new MemoryKvStore();
    const a = new KvThrottlerStorage(kv, 'p');
    const b = new KvThrottlerStorage(kv, 'p');
    let admitted = 0;
    for (let i = 0; i < 1500; i++) {
      const r = await (i % 3 === 0 ? b : a).increment('t:big', 60_000, 1000);
      if (!r.isBlocked) admitted++;
    }
    const batch = 20; // 1000 / 50
    expect(admitted).toBeLessThanOrEqual(1000);
    expect(admitted).toBeGreaterThanOrEqual(1000 - 2 * (batch - 1));
    // One shared-counter update per batch, not per request.
    expect(Number(await kv.get('p:rl:t:big'))).toBeLessThanOrEqual(1000 + 2 * batch);
    kv.close();
  });

  it('counts exactly (one permit at a time) when the limit is small', async () => {
    const kv = new MemoryKvStore();
    const a = new KvThrottlerStorage(kv, 'p');
    const b = new KvThrottlerStorage(kv, 'p');
    const seen = [];
    for (let i = 0; i < 7; i++) seen.push((await (i % 2 ? b : a).increment('t:small', 60_000, 5)).isBlocked);
    expect(seen).toEqual([false, false, false, false, false, true, true]);
    kv.close();
  });

  it('serves concurrent requests from one lease at a time and never loses permits', async () => {
    const kv = new MemoryKvStore();
    const storage = new KvThrottlerStorage(kv, 'p');
    // 50 requests at once, many times over: every one is admitted while under the limit.
    for (let round = 0; round < 40; round++) {
      const results = await Promise.all(Array.from({ length: 50 }, () => storage.increment('t:burst', 60_000, 10_000)));
      expect(results.every((r) => !r.isBlocked)).toBe(true);
    }
    // 2000 admitted, leased in batches of 100: the shared counter is within one batch of that.
    const shared = Number(await kv.get('p:rl:t:burst'));
    expect(shared).toBeGreaterThanOrEqual(2000);
    expect(shared).toBeLessThanOrEqual(2100);
    kv.close();
  });
});
