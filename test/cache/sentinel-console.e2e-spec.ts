import { startTestApp, TestApp } from '../helpers/app';
import { LocalRedisSentinel } from '../helpers/redis-topologies';

/**
 * node-redis' Sentinel client prints `console.log(err)` (a plain stack) when a topology refresh fails; the gateway
 * logs JSON lines only, so that output must reach its logger instead (src/cache/sentinel-console.guard.ts).
 */
jest.setTimeout(60000);

describe('the Sentinel client on a sentinel set that goes away', () => {
  let sentinels: LocalRedisSentinel;
  let t: TestApp | undefined;
  const printed: unknown[][] = [];
  const jestLog = console.log;
  const record = (...args: unknown[]) => void printed.push(args);

  beforeAll(async () => {
    // Every console.log of this file is recorded (and not printed): what the gateway lets through is visible here.
    console.log = record;
    sentinels = await LocalRedisSentinel.start();
  });
  afterAll(async () => {
    await t?.close();
    await sentinels?.stop();
    console.log = jestLog;
  });

  it('logs a failed topology refresh as one JSON line and prints nothing on the console', async () => {
    t = await startTestApp({
      redis: sentinels.url,
      env: { REDIS_MODE: 'sentinel', REDIS_SENTINELS: sentinels.hostPorts, REDIS_COMMAND_TIMEOUT_MS: '500' },
    });
    console.log('from the test itself');
    // Every sentinel and data node dies: the client's refresh loop finds no sentinel, the case it prints.
    await sentinels.stop();
    const refresh = () => t!.logs.filter((l) => l.includes('redis sentinel client: topology refresh failed'));
    for (let i = 0; i < 100 && refresh().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const line = JSON.parse(refresh()[0]) as { level: string; msg: string };
    expect(line.msg).toMatch(/^redis sentinel client: topology refresh failed: \w*Error: /);
    expect(line.level).toBe('info');
    // The app only (t.close() would also clean its keys, on a sentinel set that no longer exists).
    await t.app.close();
    t = undefined;
    // Only the test's own line went to the console, and console.log is the test's again once the app closed.
    expect(printed).toEqual([['from the test itself']]);
    expect(console.log).toBe(record);
  });
});
