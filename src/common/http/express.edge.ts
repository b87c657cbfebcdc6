import type { IncomingMessage } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppError } from '../errors/app-error';
import { hasNonJsonBody } from './json-body';
import type { AppConfig } from '../../config/env.schema';

/** Everything Express-specific: JSON-only bodies with the size limit, no ETag, no X-Powered-By. */
export function configureExpress(app: NestExpressApplication, config: AppConfig): void {
  app.set('etag', false);
  app.set('x-powered-by', false);
  app.set('trust proxy', true);
  app.use((req: IncomingMessage, _res: unknown, next: (err?: unknown) => void) => next(hasNonJsonBody(req) ? new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.') : undefined));
  app.useBodyParser('json', { limit: config.bodyLimitBytes, type: ['application/json', 'application/*+json'], reviver: refusePrototypePoisoning });
}

/** Same stance as Fastify's onProtoPoisoning/onConstructorPoisoning 'error': such bodies are refused (400). */
function refusePrototypePoisoning(key: string, value: unknown): unknown {
  if (key === '__proto__' || (key === 'constructor' && value !== null && typeof value === 'object' && 'prototype' in value)) {
    throw new SyntaxError('Forbidden prototype property in JSON body');
  }
  return value;
}
