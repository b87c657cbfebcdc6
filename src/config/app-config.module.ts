import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import type { AppConfig } from './env.schema';

/** DI token of the validated, typed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Makes the already-validated AppConfig available everywhere. Validation happens before Nest
 * boots (loadConfig), so a bad environment exits with one message instead of a DI stack trace.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, cache: true, load: [() => ({ app: config })] }),
      ],
      providers: [
        { provide: APP_CONFIG, inject: [ConfigService], useFactory: (cs: ConfigService) => cs.get<AppConfig>('app') },
      ],
      exports: [APP_CONFIG],
    };
  }
}
