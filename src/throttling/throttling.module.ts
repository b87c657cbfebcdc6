import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { KvStore } from '../cache/kv-store';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';
import { KvThrottlerStorage } from './kv-throttler.storage';
import { TenantThrottlerGuard } from './tenant-throttler.guard';

/**
 * RATE_LIMIT requests per RATE_LIMIT_WINDOW_SECONDS per tenant, counted in the shared KvStore.
 * AppModule registers TenantThrottlerGuard as an APP_GUARD after the AuthGuard.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, KvStore],
      useFactory: (config: AppConfig, kv: KvStore) => ({
        throttlers: [{ limit: config.rateLimit, ttl: config.rateLimitWindowSeconds * 1000 }],
        storage: new KvThrottlerStorage(kv, config.redisGlobalPrefix),
      }),
    }),
  ],
  providers: [TenantThrottlerGuard],
  exports: [TenantThrottlerGuard],
})
export class ThrottlingModule {}
