import { randomBytes } from 'node:crypto';
import { issueToken } from '../../src/auth/token-issuer';
import { uniquePrefix } from '../../test/helpers/redis';
import type { BenchOptions } from './bench.options';
import type { MachineInfo } from './machine.info';

/** Secrets, tenant and shared figures of one bench run (every scenario uses the same ones). */
export interface BenchContext {
  opts: BenchOptions;
  machine: MachineInfo;
  redisUrl: string;
  secret: string;
  encryptionKeyHex: string;
  webhookSecret: string;
  /** REDIS_GLOBAL_PREFIX of every gateway the run starts (rate-limit counters). */
  globalPrefix: string;
  /** Saturation (req/s) of the Fastify cached read with LOG_LEVEL=info, once scenario 1 or 4 measured it. */
  fastifySaturation?: number;
}

export function newContext(opts: BenchOptions, machine: MachineInfo, redisUrl: string): BenchContext {
  return {
    opts,
    machine,
    redisUrl,
    secret: randomBytes(32).toString('base64url'),
    encryptionKeyHex: randomBytes(32).toString('hex'),
    webhookSecret: randomBytes(32).toString('hex'),
    globalPrefix: uniquePrefix('bench-g'),
  };
}

/** A token of a fresh tenant of `providerId` (its own tenant id and key prefix, both cleaned up at the end). */
export function benchToken(ctx: BenchContext, providerId: string, credentials?: Record<string, unknown>): string {
  const tenantId = uniquePrefix(`bench-${providerId}`);
  return issueToken({
    secret: ctx.secret,
    encryptionKeyHex: ctx.encryptionKeyHex,
    tenantId,
    providerId,
    redisKeyPrefix: uniquePrefix('bench-p'),
    ...(credentials ? { credentials } : {}),
    ttlSeconds: 6 * 3600,
    sessionTtlSeconds: 86400,
  });
}

/** A sandbox Pix charge body (valid CPF). */
export function pixBody(): Record<string, unknown> {
  return { type: 'pix', amount: 1990, description: 'bench', payer: { name: 'Maria Silva', document: '52998224725' } };
}

/** Creates one charge through a gateway and answers its id (the cached read's target). */
export async function createCharge(baseUrl: string, token: string, body = pixBody()): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/charges`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}
