import KeyvRedis from '@keyv/redis';
import { CacheModule as NestCacheModule } from '@nestjs/cache-manager';
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Keyv } from 'keyv';
import type { RedisClientType } from '@redis/client';
import type { AppConfig } from '../config/env.schema';
import { IdempotencyKvStore, KvStore } from './kv-store';
import { MemoryKvStore } from './memory-kv.store';
import { RedisKvStore } from './redis-kv.store';
import { RedisStatus } from './redis-status';

/** Handles of the stores built before Nest boots (so the first request never races a connect). */
export interface CacheStores {
  kv: KvStore;
  idempotency: KvStore;
  status: RedisStatus;
  close(): Promise<void>;
}

/** Builds the one Redis client (or the memory store) and, when set, the separate idempotency Redis. */
export async function createCacheStores(config: AppConfig, log: (msg: string) => void): Promise<CacheStores> {
  const status = new RedisStatus();
  const owned: Array<RedisKvStore | MemoryKvStore> = [];
  const build = async (url: string | undefined, label: string): Promise<KvStore> => {
    if (!url) {
      const mem = new MemoryKvStore();
      owned.push(mem);
      return mem;
    }
    const store = new RedisKvStore({
      url,
      mode: config.redisMode,
      // Sentinels are shared (the idempotency primary is another master name); extra cluster seeds are REDIS_URL's.
      nodes: config.redisMode === 'sentinel' || label === 'cache' ? config.redisNodes : [],
      commandTimeoutMs: config.redisCommandTimeoutMs,
      onError: () => status.recordError(),
      log,
    });
    owned.push(store);
    const ok = await store.connect();
    log(
      ok
        ? `${label}: connected to Redis (${config.redisMode})`
        : `${label}: Redis not reachable yet; running degraded (cache misses, keyed creates refused) until it answers`,
    );
    return store;
  };
  const kv = await build(config.redisUrl, 'cache');
  if (!config.redisUrl)
    log('cache: no REDIS_URL, using the in-memory store (one instance only; state is lost on restart)');
  const idempotency = config.idempotencyRedisUrl ? await build(config.idempotencyRedisUrl, 'idempotency') : kv;
  return {
    kv,
    idempotency,
    status,
    close: async () => {
      await Promise.all(owned.map((s) => s.close()));
    },
  };
}

class StoresCloser implements OnApplicationShutdown {
  constructor(@Inject('CACHE_STORES') private readonly stores: CacheStores) {}
  async onApplicationShutdown(): Promise<void> {
    await this.stores.close();
  }
}

/**
 * Global cache module: KvStore for shared state and @nestjs/cache-manager (cache-manager 7 over
 * Keyv) for the read cache, both on the same node-redis client when REDIS_URL is set.
 */
@Global()
@Module({})
export class CacheModule {
  static forRoot(stores: CacheStores): DynamicModule {
    const keyvStore =
      stores.kv instanceof RedisKvStore
        ? new KeyvRedis(stores.kv.client as unknown as RedisClientType, {
            throwOnErrors: false,
            throwOnConnectError: false,
          })
        : undefined;
    if (keyvStore) {
      keyvStore.on('error', () => stores.status.recordError());
      // @nestjs/cache-manager disconnects its stores when its module is destroyed, before the HTTP
      // server has drained; the shared client is closed by StoresCloser after the drain instead.
      keyvStore.disconnect = async () => undefined;
    }
    return {
      module: CacheModule,
      imports: [
        NestCacheModule.register({
          isGlobal: true,
          // No namespace: keys are written exactly as built (<prefix>:<tenantId>:...).
          // Plain JSON (values are strings we seal ourselves): Keyv's default serializer revives
          // Buffers with a JSON.parse reviver, measurably slower on every cache read.
          stores: [
            keyvStore
              ? new Keyv({
                  store: keyvStore,
                  namespace: undefined,
                  useKeyPrefix: false,
                  serialize: JSON.stringify,
                  deserialize: JSON.parse,
                })
              : new Keyv({ namespace: undefined }),
          ],
        }),
      ],
      providers: [
        { provide: 'CACHE_STORES', useValue: stores },
        { provide: KvStore, useValue: stores.kv },
        { provide: IdempotencyKvStore, useValue: stores.idempotency },
        { provide: RedisStatus, useValue: stores.status },
        StoresCloser,
      ],
      exports: [KvStore, IdempotencyKvStore, RedisStatus, 'CACHE_STORES'],
    };
  }
}
