import { ProviderHttpError } from './http-failure';
import { ResiliencePolicies } from './resilience';

const failure = (kind: 'timeout' | 'reset' | 'status' | 'rate-limited', httpStatus?: number) =>
  new ProviderHttpError(kind === 'rate-limited' ? 'PROVIDER_UNAVAILABLE' : 'PROVIDER_ERROR', kind, {
    kind,
    sent: true,
    httpStatus,
  });

const policies = (over: Partial<ConstructorParameters<typeof ResiliencePolicies>[0]> = {}) =>
  new ResiliencePolicies(
    { breakerThreshold: 3, breakerCooldownMs: 60, retries: 2, retryInitialDelayMs: 1, retryMaxDelayMs: 2, ...over },
    'Cora',
  );

const calls = async (
  p: ResiliencePolicies,
  retrySafe: boolean,
  errors: Error[],
): Promise<{ n: number; result: unknown }> => {
  let n = 0;
  const result = await p
    .execute('https://a', retrySafe, async () => {
      const e = errors[n++];
      if (e) throw e;
      return 'ok';
    })
    .catch((e: unknown) => e);
  return { n, result };
};

describe('ResiliencePolicies', () => {
  it('retries safe calls twice on 5xx and resets, never unsafe ones', async () => {
    expect(await calls(policies(), true, [failure('status', 502), failure('reset')])).toEqual({ n: 3, result: 'ok' });
    const unsafe = await calls(policies(), false, [failure('status', 502)]);
    expect(unsafe.n).toBe(1);
    expect(unsafe.result).toBeInstanceOf(ProviderHttpError);
  });

  it('retries a timeout only once and a 429 never', async () => {
    expect((await calls(policies(), true, [failure('timeout'), failure('timeout'), failure('timeout')])).n).toBe(2);
    expect((await calls(policies(), true, [failure('rate-limited', 429)])).n).toBe(1);
  });

  it('opens per host after consecutive host failures, answers fast with Retry-After, and closes after the cooldown', async () => {
    const p = policies({ retries: 0 });
    for (let i = 0; i < 3; i++) await calls(p, true, [failure('status', 500)]);
    expect(p.state('https://a')).toBe('open');
    const { n, result } = await calls(p, true, []);
    expect(n).toBe(0);
    expect(result).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      failure: { kind: 'breaker-open' },
      options: { retryAfterSeconds: 1 },
    });
    expect(p.state('https://b')).toBe('closed');
    await new Promise((r) => setTimeout(r, 80));
    expect((await calls(p, true, [])).result).toBe('ok');
    expect(p.state('https://a')).toBe('closed');
  });

  it('does not count 4xx answers, 429s or unrelated errors against the host', async () => {
    const p = policies({ retries: 0 });
    for (let i = 0; i < 5; i++) await calls(p, true, [failure('rate-limited', 429)]);
    for (let i = 0; i < 5; i++) await calls(p, true, [new Error('mapping bug')]);
    expect(p.state('https://a')).toBe('closed');
  });
});
