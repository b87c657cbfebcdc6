import { ProviderError } from '../provider-error';

/** Sandbox credentials: optional fault injection so users and tests can see the gateway under stress. */
export interface SandboxCredentials {
  /** Added latency per call, ms (0..30000). */
  latencyMs: number;
  /** Probability (0..1) that a call fails with failWith; default 1 when failWith is set, else 0. */
  failureRate: number;
  /** The bank's answer to simulate: a 5xx status, a 429 (rate-limited) or "timeout" (no answer). */
  failWith?: SandboxFault;
}

/** What `failWith` may ask for. */
export const SANDBOX_FAULTS = [500, 502, 503, 504, 429, 'timeout'] as const;
export type SandboxFault = (typeof SANDBOX_FAULTS)[number];

export function parseSandboxCredentials(raw: unknown): SandboxCredentials {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new ProviderError('AUTH_INVALID_TOKEN', 'sandbox credentials must be an object');
  const r = raw as Record<string, unknown>;
  // Other fields are ignored: the sandbox needs no credentials, and tokens written for the production
  // guide's minimal payload may carry a real bank's fields.
  const latencyMs = r.latencyMs ?? 0;
  if (!Number.isInteger(latencyMs) || (latencyMs as number) < 0 || (latencyMs as number) > 30000) {
    throw new ProviderError('AUTH_INVALID_TOKEN', 'sandbox credentials: latencyMs must be an integer from 0 to 30000');
  }
  const failWith = r.failWith;
  if (failWith !== undefined && !(SANDBOX_FAULTS as readonly unknown[]).includes(failWith)) {
    throw new ProviderError(
      'AUTH_INVALID_TOKEN',
      'sandbox credentials: failWith must be 500, 502, 503, 504, 429 or "timeout"',
    );
  }
  const failureRate = r.failureRate ?? (failWith !== undefined ? 1 : 0);
  if (typeof failureRate !== 'number' || !(failureRate >= 0 && failureRate <= 1)) {
    throw new ProviderError('AUTH_INVALID_TOKEN', 'sandbox credentials: failureRate must be a number from 0 to 1');
  }
  return { latencyMs: latencyMs as number, failureRate, failWith: failWith as SandboxCredentials['failWith'] };
}
