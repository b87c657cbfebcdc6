import { ProviderError } from '../provider-error';

/** Sandbox credentials: optional fault injection so users and tests can see the gateway under stress. */
export interface SandboxCredentials {
  /** Added latency per call, ms (0..30000). */
  latencyMs: number;
  /** Probability (0..1) that a call fails with failWith; default 1 when failWith is set, else 0. */
  failureRate: number;
  failWith?: 500 | 503 | 'timeout';
}

export function parseSandboxCredentials(raw: unknown): SandboxCredentials {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ProviderError('AUTH_INVALID_TOKEN', 'sandbox credentials must be an object');
  const r = raw as Record<string, unknown>;
  // Other fields are ignored: the sandbox needs no credentials, and tokens written for the production
  // guide's minimal payload may carry a real bank's fields.
  const latencyMs = r.latencyMs ?? 0;
  if (!Number.isInteger(latencyMs) || (latencyMs as number) < 0 || (latencyMs as number) > 30000) {
    throw new ProviderError('AUTH_INVALID_TOKEN', 'sandbox credentials: latencyMs must be an integer from 0 to 30000');
  }
  const failWith = r.failWith;
  if (failWith !== undefined && failWith !== 500 && failWith !== 503 && failWith !== 'timeout') {
    throw new ProviderError('AUTH_INVALID_TOKEN', 'sandbox credentials: failWith must be 500, 503 or "timeout"');
  }
  const failureRate = r.failureRate ?? (failWith !== undefined ? 1 : 0);
  if (typeof failureRate !== 'number' || !(failureRate >= 0 && failureRate <= 1)) {
    throw new ProviderError('AUTH_INVALID_TOKEN', 'sandbox credentials: failureRate must be a number from 0 to 1');
  }
  return { latencyMs: latencyMs as number, failureRate, failWith: failWith as SandboxCredentials['failWith'] };
}
