import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  IsolatedCircuitError,
  retry,
} from 'cockatiel';
import { ProviderHttpError } from './http-failure';

export interface ResilienceOptions {
  /** Consecutive failures (5xx, timeouts, connection errors) of one host that open its breaker. */
  breakerThreshold: number;
  /** How long an open breaker answers PROVIDER_UNAVAILABLE before letting one probe call through. */
  breakerCooldownMs: number;
  /** Extra attempts for calls that are safe to repeat (reads, cancels, keyed creates, token). */
  retries: number;
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
}

/** Defaults: the cooldown follows the provider timeout (2x, within 1..30 s). */
export function defaultResilience(timeoutMs: number): ResilienceOptions {
  return {
    breakerThreshold: 5,
    breakerCooldownMs: Math.min(30_000, Math.max(1_000, 2 * timeoutMs)),
    retries: 2,
    retryInitialDelayMs: 100,
    retryMaxDelayMs: 1_000,
  };
}

/** Failures that say the host is unhealthy (not a 4xx, a 429 or a TLS problem of one tenant). */
function hostFailure(err: unknown): boolean {
  if (!(err instanceof ProviderHttpError)) return false;
  const { kind, httpStatus } = err.failure;
  return (
    kind === 'timeout' || kind === 'connect' || kind === 'reset' || (kind === 'status' && (httpStatus ?? 0) >= 500)
  );
}

interface HostBreaker {
  policy: CircuitBreakerPolicy;
  openedAt: number;
}

/**
 * Cockatiel policies shared by every call of one provider instance: a circuit breaker per
 * provider host (all tenants share it: a failing host fails for everyone) and jittered retries
 * for calls that are safe to repeat. A timeout is retried at most once, so a hung provider costs
 * the caller about two timeouts, not three.
 */
export class ResiliencePolicies {
  private readonly breakers = new Map<string, HostBreaker>();

  constructor(
    readonly options: ResilienceOptions,
    private readonly providerName: string,
  ) {}

  private breaker(origin: string): HostBreaker {
    let entry = this.breakers.get(origin);
    if (!entry) {
      const policy = circuitBreaker(handleWhen(hostFailure), {
        halfOpenAfter: this.options.breakerCooldownMs,
        breaker: new ConsecutiveBreaker(this.options.breakerThreshold),
      });
      const created: HostBreaker = { policy, openedAt: 0 };
      policy.onBreak(() => (created.openedAt = Date.now()));
      this.breakers.set(origin, created);
      entry = created;
    }
    return entry;
  }

  /** Breaker state of a host (for tests and health reporting). */
  state(origin: string): 'closed' | 'open' | 'half-open' {
    const s = this.breakers.get(origin)?.policy.state ?? CircuitState.Closed;
    return s === CircuitState.Closed ? 'closed' : s === CircuitState.HalfOpen ? 'half-open' : 'open';
  }

  async execute<T>(origin: string, retrySafe: boolean, fn: (attempt: number) => Promise<T>): Promise<T> {
    const host = this.breaker(origin);
    let timeouts = 0;
    const retryable = (err: unknown): boolean => {
      if (!retrySafe || !(err instanceof ProviderHttpError)) return false;
      const { kind, httpStatus } = err.failure;
      if (kind === 'timeout') return ++timeouts <= 1;
      return (
        kind === 'connect' || kind === 'reset' || (kind === 'status' && [500, 502, 503, 504].includes(httpStatus ?? 0))
      );
    };
    const retries = retry(handleWhen(retryable), {
      maxAttempts: this.options.retries,
      backoff: new ExponentialBackoff({
        initialDelay: this.options.retryInitialDelayMs,
        maxDelay: this.options.retryMaxDelayMs,
      }),
    });
    try {
      return await retries.execute(({ attempt }) => host.policy.execute(() => fn(attempt)));
    } catch (err) {
      if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) {
        const remainingMs = Math.max(0, host.openedAt + this.options.breakerCooldownMs - Date.now());
        const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
        throw new ProviderHttpError(
          'PROVIDER_UNAVAILABLE',
          `${this.providerName} is failing repeatedly; calls are paused for ${seconds} s (circuit breaker open).`,
          { kind: 'breaker-open', sent: false },
          { retryAfterSeconds: seconds },
        );
      }
      throw err;
    }
  }
}

/** Optional DI token: overrides of the resilience defaults (tests, or a deployment that wires them). */
export const PROVIDER_HTTP_TUNING = Symbol('PROVIDER_HTTP_TUNING');
export type ProviderHttpTuning = Partial<ResilienceOptions>;
