import 'reflect-metadata';
import type { ChargeProvider } from '@lib/providers';
import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream, Logger } from 'pino';
import { AppModule } from './app.module';
import { CacheStores, createCacheStores } from './cache/cache.module';
import { installClientErrorHandler } from './common/http/client-error';
import { installRequestEdge } from './common/http/request-edge';
import { configureExpress, createExpressAdapter } from './common/http/express.edge';
import { configureFastify, createFastifyAdapter } from './common/http/fastify.edge';
import { createRootLogger, PinoNestLogger } from './common/logging/logger';
import { AppConfig, loadConfig } from './config/env.schema';
import { setupSwagger } from './docs/swagger.setup';

export interface CreateAppOptions {
  /** Environment to read instead of process.env (tests). */
  env?: Record<string, string | undefined>;
  /** Where log lines go (tests capture them); stdout by default. */
  logStream?: DestinationStream;
  /** Bank classes to serve instead of the product's list (tests that register a throwaway bank). */
  banks?: Type<ChargeProvider>[];
}

export interface CreatedApp {
  app: INestApplication;
  config: AppConfig;
  logger: Logger;
  stores: CacheStores;
}

/**
 * Builds the whole application on the adapter HTTP_ADAPTER names. main.ts and every e2e test use
 * this one factory, so tests exercise exactly what production runs.
 */
export async function createApp(options: CreateAppOptions = {}): Promise<CreatedApp> {
  const config = loadConfig(options.env ?? process.env);
  const logger = createRootLogger(config.logLevel, options.logStream);
  for (const name of config.generatedSecrets) {
    logger.warn(
      { variable: name },
      `${name} is not set: generated a random value for this process only (development). Tokens and sealed data will not survive a restart. Set it in .env.`,
    );
  }
  if (config.production && config.sandboxEnabled) {
    logger.warn(
      { variable: 'SANDBOX_ENABLED', providerId: 'sandbox' },
      'sandbox provider enabled in production: any token with providerId "sandbox" gets simulated charges that move no money. Unset SANDBOX_ENABLED (off by default in production) unless this is a staging server.',
    );
  }
  const stores = await createCacheStores(config, (msg) => logger.info(msg));
  const module = AppModule.forRoot({ config, logger, stores, banks: options.banks });
  const nestLogger = new PinoNestLogger(logger);
  let app: INestApplication;
  if (config.httpAdapter === 'fastify') {
    const fastifyApp = await NestFactory.create<NestFastifyApplication>(module, createFastifyAdapter(config), {
      logger: nestLogger,
      bodyParser: false,
      abortOnError: false,
    });
    await configureFastify(fastifyApp, config);
    app = fastifyApp;
  } else {
    const expressApp = await NestFactory.create<NestExpressApplication>(module, createExpressAdapter(), {
      logger: nestLogger,
      bodyParser: false,
      abortOnError: false,
    });
    configureExpress(expressApp, config);
    app = expressApp;
  }
  setupSwagger(app);
  installClientErrorHandler(app.getHttpServer());
  installRequestEdge(app.getHttpServer(), logger);
  await app.init();
  return { app, config, logger, stores };
}
