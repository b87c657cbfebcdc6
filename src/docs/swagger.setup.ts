import type { INestApplication } from '@nestjs/common';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { datedDocumentCache } from './example-dates';
import { DOCS_JSON_PATH, DOCS_PATH } from '../common/http/docs-paths';
import { buildOpenApiTemplate } from './openapi-document';

/** SwaggerModule with its asset mounting reachable (a protected static upstream). */
class SwaggerUiAssets extends SwaggerModule {
  static mount(path: string, app: INestApplication): void {
    this.serveStatic(path, app);
  }
}

/**
 * Swagger UI at /docs and the OpenAPI 3 document at /docs-json, on Express and Fastify alike
 * (SwaggerModule serves its assets with @fastify/static on Fastify). Call before app.init() so the
 * routes precede the 404 handler. The document is built on the first request, then kept; its example
 * dates are resolved against the current day in America/Sao_Paulo, again when the day changes.
 */
export function setupSwagger(app: INestApplication): void {
  const dated = datedDocumentCache<OpenAPIObject>();
  SwaggerModule.setup(DOCS_PATH.slice(1), app, () => buildOpenApiTemplate(app), {
    jsonDocumentUrl: DOCS_JSON_PATH.slice(1),
    raw: ['json'],
    customSiteTitle: 'MCP MAAX COB API',
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
    patchDocumentOnRequest: (_req, _res, template) => dated(template),
  });
  // The page links its assets as ./docs/…: opened as /docs/ (trailing slash) the browser asks for
  // /docs/docs/…, which SwaggerModule only mounts for nested paths. Serve the same files there.
  SwaggerUiAssets.mount(`${DOCS_PATH}${DOCS_PATH}`, app);
}
