import { ChargeProvider, ProvidersModule } from '@lib/providers';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { Logger } from 'pino';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { CryptoModule } from './auth/crypto.module';
import { CacheModule, CacheStores } from './cache/cache.module';
import { ChargesModule } from './charges/charges.module';
import { ChargesTools } from './charges/charges.tools';
import { ChargeDocumentsTools } from './charges/charge-documents.tools';
import { ProblemFilter } from './common/http/problem.filter';
import { RouteTemplateGuard } from './common/http/route-template.guard';
import { createValidationPipe } from './common/http/validation.pipe';
import { CommonModule } from './common/common.module';
import { LoggingModule } from './common/logging/logging.module';
import { AppConfigModule } from './config/app-config.module';
import type { AppConfig } from './config/env.schema';
import { HealthModule } from './health/health.module';
import { McpModule } from './mcp/mcp.module';
import { MetricsModule } from './metrics/metrics.module';
import { OAuthModule } from './oauth/oauth.module';
import { PROVIDER_BINDINGS } from './provider-bindings/provider-bindings';
import { TenantThrottlerGuard } from './throttling/tenant-throttler.guard';
import { WebhooksModule } from './webhooks/webhooks.module';
import { ThrottlingModule } from './throttling/throttling.module';

export interface AppModuleOptions {
  config: AppConfig;
  logger: Logger;
  stores: CacheStores;
  /** The bank classes to serve instead of the product's list (a test registering a throwaway bank). */
  banks?: Type<ChargeProvider>[];
}

/** Imports the feature modules; nothing else lives here. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(options.config),
        LoggingModule.forRoot(options.logger),
        CacheModule.forRoot(options.stores),
        CommonModule,
        MetricsModule,
        CryptoModule,
        ProvidersModule.forRoot({ ...PROVIDER_BINDINGS, banks: options.banks }),
        AuthModule,
        HealthModule,
        ChargesModule,
        McpModule.forRoot({ imports: [ChargesModule], tools: [ChargesTools, ChargeDocumentsTools] }),
        OAuthModule,
        ThrottlingModule,
        WebhooksModule.forRoot(),
      ],
      providers: [
        // Guards run in this order: the route template is recorded before auth may refuse.
        { provide: APP_GUARD, useClass: RouteTemplateGuard },
        { provide: APP_GUARD, useExisting: AuthGuard },
        // After auth: the tenant is known and requests refused with 401 never count against it.
        { provide: APP_GUARD, useExisting: TenantThrottlerGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
