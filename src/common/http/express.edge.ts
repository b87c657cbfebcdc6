import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { AppConfig } from '../../config/env.schema';

/** Everything Express-specific: security headers, JSON body limit, no ETag, no X-Powered-By. */
export function configureExpress(app: NestExpressApplication, config: AppConfig): void {
  app.set('etag', false);
  app.set('x-powered-by', false);
  app.set('trust proxy', true);
  app.use(helmet({ contentSecurityPolicy: false }));
  app.useBodyParser('json', { limit: config.bodyLimitBytes, type: ['application/json', 'application/*+json'] });
}
