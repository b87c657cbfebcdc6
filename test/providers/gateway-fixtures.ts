import request from 'supertest';
import { uniquePrefix } from '../helpers/redis';
import { testToken } from '../helpers/tokens';
import type { SimPki } from '../pki/sim-pki';
import { simulatorFor } from '../simulators/simulators';

export interface ProviderTenant {
  tenantId: string;
  prefix: string;
  token: string;
}

/** A fresh tenant of a real provider, its credentials sealed in the token as the gateway expects. */
export function providerTenant(
  providerId: string,
  credentials: Record<string, unknown>,
  options: { cacheEnabled?: boolean } = {},
): ProviderTenant {
  const tenantId = uniquePrefix(`t-${providerId}`);
  const prefix = uniquePrefix('pp');
  return {
    tenantId,
    prefix,
    token: testToken({
      tenantId,
      providerId,
      redisKeyPrefix: prefix,
      credentials,
      cacheEnabled: options.cacheEnabled ?? false,
    }),
  };
}

/** The credentials of a bank simulator's default client (see test/simulators/simulators.ts), with overrides. */
export function simulatorCredentials(
  providerId: string,
  pki: SimPki,
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  const simulator = simulatorFor(providerId);
  if (!simulator) throw new Error(`no simulator for provider "${providerId}" in test/simulators/simulators.ts`);
  return { ...simulator.credentials(pki), ...over };
}

export const bearer = (t: ProviderTenant) => ({ Authorization: `Bearer ${t.token}` });

export function post(url: string, path: string, t: ProviderTenant, body?: unknown, key?: string): request.Test {
  const req = request(url).post(path).set(bearer(t));
  if (key !== undefined) req.set('Idempotency-Key', key);
  return body === undefined ? req : req.send(body as object);
}

export async function timed<T>(fn: () => PromiseLike<T>): Promise<{ res: T; ms: number }> {
  const started = Date.now();
  const res = await fn();
  return { res, ms: Date.now() - started };
}

/** The base64 body lines of a PEM: what must never show up in logs or Redis. */
export function pemBody(pem: string): string {
  return pem.split('\n').filter((l) => l && !l.startsWith('-----'))[1] ?? pem;
}
