import { ProviderError } from '../provider-error';
import { applySandboxFaults } from './sandbox.faults';

async function outcome(p: Promise<void>): Promise<{ code?: string; ms: number; retryAfter?: number }> {
  const started = Date.now();
  try {
    await p;
    return { ms: Date.now() - started };
  } catch (err) {
    const e = err as ProviderError;
    return { code: e.code, ms: Date.now() - started, retryAfter: e.options.retryAfterSeconds };
  }
}

describe('applySandboxFaults', () => {
  it.each([500, 502, 503, 504] as const)('maps failWith %s (the bank failing) to PROVIDER_ERROR', async (failWith) => {
    expect(await outcome(applySandboxFaults({ latencyMs: 0, failureRate: 1, failWith }, 1000))).toMatchObject({
      code: 'PROVIDER_ERROR',
      retryAfter: undefined,
    });
  });

  it('maps failWith 429 to PROVIDER_UNAVAILABLE with Retry-After and "timeout" to PROVIDER_TIMEOUT', async () => {
    expect(await outcome(applySandboxFaults({ latencyMs: 0, failureRate: 1, failWith: 429 }, 1000))).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      retryAfter: 1,
    });
    const timeout = await outcome(applySandboxFaults({ latencyMs: 0, failureRate: 1, failWith: 'timeout' }, 150));
    expect(timeout.code).toBe('PROVIDER_TIMEOUT');
    expect(timeout.ms).toBeGreaterThanOrEqual(140);
  });

  it('fails with the probability failureRate', async () => {
    const creds = { latencyMs: 0, failureRate: 0.3, failWith: 500 as const };
    expect((await outcome(applySandboxFaults(creds, 1000, () => 0.29))).code).toBe('PROVIDER_ERROR');
    expect((await outcome(applySandboxFaults(creds, 1000, () => 0.3))).code).toBeUndefined();
  });

  it('waits latencyMs, and turns a latency at or above the timeout into a timeout after timeoutMs', async () => {
    const slow = await outcome(applySandboxFaults({ latencyMs: 120, failureRate: 0 }, 1000));
    expect(slow.code).toBeUndefined();
    expect(slow.ms).toBeGreaterThanOrEqual(110);
    const tooSlow = await outcome(applySandboxFaults({ latencyMs: 30000, failureRate: 0 }, 150));
    expect(tooSlow.code).toBe('PROVIDER_TIMEOUT');
    expect(tooSlow.ms).toBeLessThan(1000);
  });
});
