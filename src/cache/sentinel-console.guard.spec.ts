import { runInThisContext } from 'node:vm';
import { routeSentinelConsole } from './sentinel-console.guard';

/**
 * A console.log call compiled as if it were node-redis' sentinel module (the guard recognises its caller's frame);
 * jest's console is passed in, the compiled code runs outside the test's context.
 */
const compiled = (filename: string) => {
  const fn = runInThisContext('(function connectLoop(c, err) { c.log(err); })', { filename }) as (
    c: Console,
    err: unknown,
  ) => void;
  return (err: unknown) => fn(console, err);
};
const fromSentinel = compiled('/srv/app/node_modules/@redis/client/dist/lib/sentinel/index.js');
const fromElsewhere = compiled('/srv/app/node_modules/@redis/client/dist/lib/client/index.js');

describe('routeSentinelConsole', () => {
  const printed: unknown[][] = [];
  const record = (...args: unknown[]) => void printed.push(args);
  const original = console.log;
  beforeEach(() => {
    printed.length = 0;
    console.log = record;
  });
  afterEach(() => {
    console.log = original;
    jest.useRealTimers();
  });

  it("sends the sentinel module's console.log to the sink, once per 10 s, and lets every other call through", () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const lines: string[] = [];
    const release = routeSentinelConsole((m) => lines.push(m));
    fromSentinel(new Error('None of the sentinels are available'));
    fromSentinel(new Error('Connection timeout'));
    fromElsewhere('a client warning');
    console.log('the app itself');
    expect(lines).toEqual([
      'redis sentinel client: topology refresh failed: Error: None of the sentinels are available',
    ]);
    jest.setSystemTime(1_000_000 + 10_001);
    fromSentinel(new Error('Connection timeout'));
    expect(lines[1]).toBe(
      'redis sentinel client: topology refresh failed: Error: Connection timeout (1 more in the last 10 s)',
    );
    expect(printed).toEqual([['a client warning'], ['the app itself']]);
    release();
    expect(console.log).toBe(record);
  });

  it('keeps routing until the last store releases, then restores console.log', () => {
    jest.useFakeTimers({ now: 5_000_000 });
    const first: string[] = [];
    const releaseFirst = routeSentinelConsole((m) => first.push(m));
    const releaseSecond = routeSentinelConsole(() => undefined);
    releaseFirst();
    fromSentinel(new Error('x'));
    expect(printed).toEqual([]);
    releaseSecond();
    expect(console.log).toBe(record);
    const err = new Error('y');
    fromSentinel(err);
    expect(printed).toEqual([[err]]);
    expect(first).toEqual([]);
  });
});
