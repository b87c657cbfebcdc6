import type { INestApplication } from '@nestjs/common';
import { Writable } from 'node:stream';
import { createApp, CreateAppOptions, CreatedApp } from '../../src/app.factory';
import { deleteKeys, testRedisUrl, uniquePrefix } from './redis';
import { registerTopology, topologyEnvFor } from './redis-topology';

/** Adapters every e2e suite runs against (TEST_ADAPTERS=express to narrow a local run). */
export const ADAPTERS = (process.env.TEST_ADAPTERS ?? 'express,fastify').split(',').map((s) => s.trim()) as Array<
  'express' | 'fastify'
>;

export const TEST_TOKEN_SECRET = 'test-token-secret-0123456789-abcdefghijklmnop';
export const TEST_ENCRYPTION_KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';

export interface TestApp extends CreatedApp {
  app: INestApplication;
  /** Base URL of the listening server (http://127.0.0.1:port). */
  url: string;
  /** Every log line the app wrote, raw JSON text. */
  logs: string[];
  /** Service-wide Redis prefix of this app (REDIS_GLOBAL_PREFIX). */
  globalPrefix: string;
  redisUrl?: string;
  close(): Promise<void>;
}

export interface StartOptions {
  adapter?: 'express' | 'fastify';
  env?: Record<string, string | undefined>;
  /**
   * false: no REDIS_URL (in-memory store). A string: that Redis. Default: the run's test Redis. The run's cluster or
   * sentinel topology (TEST_REDIS_TOPOLOGY) brings its REDIS_MODE and node list; `env` overrides them.
   */
  redis?: string | false;
  /** Bank classes to serve instead of the product's list (a throwaway bank in a test). */
  banks?: CreateAppOptions['banks'];
}

/**
 * A cluster or sentinel client may still be discovering its nodes when the app has booted (the app does not wait
 * past 1.5 s: it boots degraded); a test expects a connected app, so wait (bounded) until every primary answers.
 */
async function untilRedisAnswers(created: CreatedApp): Promise<void> {
  const until = Date.now() + 15000;
  for (;;) {
    try {
      await created.stores.kv.ping();
      await created.stores.idempotency.ping();
      return;
    } catch {
      if (Date.now() > until) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Starts the real application (same factory as main.ts) on a free port, with captured logs. */
export async function startTestApp(options: StartOptions = {}): Promise<TestApp> {
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const redisUrl = options.redis === false ? undefined : (options.redis ?? (await testRedisUrl()));
  // An app a spec points at its own cluster or sentinel set: the key helpers then reach that topology too.
  if (redisUrl && options.env) registerTopology(redisUrl, options.env);
  const globalPrefix = uniquePrefix('g');
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    HTTP_ADAPTER: options.adapter ?? 'fastify',
    MCP_TOKEN_SECRET: TEST_TOKEN_SECRET,
    ENCRYPTION_KEY_HEX: TEST_ENCRYPTION_KEY,
    WEBHOOK_HMAC_SECRET: 'test-webhook-secret-0123456789-abcdefghij',
    REDIS_URL: redisUrl,
    ...topologyEnvFor(redisUrl),
    REDIS_GLOBAL_PREFIX: globalPrefix,
    SHUTDOWN_DRAIN_MS: '0',
    ...options.env,
  };
  const created = await createApp({ env, logStream: logStream as never, banks: options.banks });
  if (env.REDIS_MODE === 'cluster' || env.REDIS_MODE === 'sentinel') await untilRedisAnswers(created);
  await created.app.listen(0, '127.0.0.1');
  const address = created.app.getHttpServer().address() as { port: number };
  return {
    ...created,
    url: `http://127.0.0.1:${address.port}`,
    logs,
    globalPrefix,
    redisUrl,
    close: async () => {
      await created.app.close();
      if (redisUrl) await deleteKeys(redisUrl, `${globalPrefix}:*`).catch(() => undefined);
    },
  };
}
