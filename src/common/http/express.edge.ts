import type { IncomingMessage } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppError } from '../errors/app-error';
import { hasNonJsonBody, UNSUPPORTED_MEDIA_DETAIL } from './json-body';
import type { AppConfig } from '../../config/env.schema';

/** Everything Express-specific: JSON-only bodies with the size limit, no ETag, no X-Powered-By. */
export function configureExpress(app: NestExpressApplication, config: AppConfig): void {
  app.set('etag', false);
  app.set('x-powered-by', false);
  app.set('trust proxy', true);
  app.use((req: IncomingMessage, _res: unknown, next: (err?: unknown) => void) => next(hasNonJsonBody(req) ? new AppError('UNSUPPORTED_MEDIA_TYPE', UNSUPPORTED_MEDIA_DETAIL) : undefined));
  // strict: false and inflate: false behave like Fastify's parser: any JSON value parses (`null` then fails
  // validation, not JSON syntax) and a Content-Encoding is refused with 415 rather than decompressed.
  app.useBodyParser('json', { limit: config.bodyLimitBytes, type: ['application/json', 'application/*+json'], strict: false, inflate: false, reviver: refusePrototypePoisoning });
}

/** Same stance as Fastify's onProtoPoisoning/onConstructorPoisoning 'error': such bodies are refused (400). */
function refusePrototypePoisoning(key: string, value: unknown): unknown {
  if (key === '__proto__' || (key === 'constructor' && value !== null && typeof value === 'object' && 'prototype' in value)) {
    throw new SyntaxError('Forbidden prototype property in JSON body');
  }
  return value;
}
