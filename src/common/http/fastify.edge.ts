import helmet from '@fastify/helmet';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../../config/env.schema';

/** The Fastify adapter with our limits (body limit, proto-poisoning refused, no request logging of its own). */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: true,
    logger: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: false,
    requestTimeout: 120_000,
  });
}

/** Everything Fastify-specific after creation: security headers. */
export async function configureFastify(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet as never, { contentSecurityPolicy: false });
}
