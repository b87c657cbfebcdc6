import { ProviderError } from '../provider-error';
import type { SandboxCredentials } from './sandbox.credentials';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function timeout(timeoutMs: number): ProviderError {
  return new ProviderError('PROVIDER_TIMEOUT', `The sandbox bank did not answer within ${timeoutMs} ms (fault requested by the sandbox credentials).`);
}

/**
 * What the sandbox credentials ask every call to suffer, applied before the call touches the
 * sandbox's store (a failed call never leaves a half-made charge behind):
 * - `latencyMs`: the call waits that long; a latency at or above the provider timeout becomes a
 *   timeout after `timeoutMs`, as a slow real bank would.
 * - `failWith` with probability `failureRate`: 500 -> PROVIDER_ERROR, 503 -> PROVIDER_UNAVAILABLE,
 *   "timeout" -> waits `timeoutMs`, then PROVIDER_TIMEOUT.
 */
export async function applySandboxFaults(credentials: SandboxCredentials, timeoutMs: number, random: () => number = Math.random): Promise<void> {
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
      throw new ProviderError('PROVIDER_ERROR', 'The sandbox bank answered HTTP 500 (fault requested by the sandbox credentials).', { providerStatus: 500 });
    case 503:
      throw new ProviderError('PROVIDER_UNAVAILABLE', 'The sandbox bank answered HTTP 503 (fault requested by the sandbox credentials).', { providerStatus: 503, retryAfterSeconds: 1 });
    case 'timeout':
      await sleep(timeoutMs);
      throw timeout(timeoutMs);
    default: {
      const unreachable: never = credentials.failWith;
      throw new Error(`unknown sandbox fault ${String(unreachable)}`);
    }
  }
}
