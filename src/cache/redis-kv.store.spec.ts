import { RedisKvStore } from './redis-kv.store';

/** Real Redis (REDIS_URL, else the local one): PING needs no keys, so nothing is left behind. */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Holds the event loop as a busy process would (a long synchronous task, a GC pause). */
function stall(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

describe('RedisKvStore command timeout', () => {
  const store = new RedisKvStore({ url: REDIS_URL, commandTimeoutMs: 100 });
  beforeAll(() => store.connect(1000));
  afterAll(() => store.close());

  it('takes a reply that arrived during an event-loop stall instead of timing out', async () => {
    const pending = store.ping();
    // The command is written first; the stall then holds the loop past the timeout while the PONG arrives.
    setImmediate(() => stall(300));
    await expect(pending).resolves.toBeUndefined();
  });
});
