import { ProviderError } from '../provider-error';
import type { SandboxCredentials } from './sandbox.credentials';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function timeout(timeoutMs: number): ProviderError {
  return new ProviderError(
    'PROVIDER_TIMEOUT',
    `The sandbox bank did not answer within ${timeoutMs} ms (fault requested by the sandbox credentials).`,
  );
}

/**
 * What the sandbox credentials ask every call to suffer, applied before the call touches the
 * sandbox's store (a failed call never leaves a half-made charge behind):
 * - `latencyMs`: the call waits that long; a latency at or above the provider timeout becomes a
 *   timeout after `timeoutMs`, as a slow real bank would.
 * - `failWith` with probability `failureRate`, mapped as a real bank's answer is (see statusFailure in
 *   http/http-failure.ts): 500, 502, 503, 504 -> PROVIDER_ERROR (the bank failed); 429 -> PROVIDER_UNAVAILABLE
 *   with Retry-After (the bank rate-limits us, so the gateway holds off); "timeout" -> waits `timeoutMs`,
 *   then PROVIDER_TIMEOUT.
 */
export async function applySandboxFaults(
  credentials: SandboxCredentials,
  timeoutMs: number,
  random: () => number = Math.random,
): Promise<void> {
  if (credentials.latencyMs > 0) {
    if (credentials.latencyMs >= timeoutMs) {
      await sleep(timeoutMs);
      throw timeout(timeoutMs);
    }
    await sleep(credentials.latencyMs);
  }
  if (credentials.failWith === undefined || !(random() < credentials.failureRate)) return;
  switch (credentials.failWith) {
    case 500:
    case 502:
    case 503:
    case 504:
      throw new ProviderError(
        'PROVIDER_ERROR',
        `The sandbox bank answered HTTP ${credentials.failWith} (fault requested by the sandbox credentials).`,
        { providerStatus: credentials.failWith },
      );
    case 429:
      throw new ProviderError(
        'PROVIDER_UNAVAILABLE',
        'The sandbox bank is rate-limiting our calls (HTTP 429, fault requested by the sandbox credentials); retry after 1 s.',
        { providerStatus: 429, retryAfterSeconds: 1 },
      );
    case 'timeout':
      await sleep(timeoutMs);
      throw timeout(timeoutMs);
    default: {
      const unreachable: never = credentials.failWith;
      throw new Error(`unknown sandbox fault ${String(unreachable)}`);
    }
  }
}
