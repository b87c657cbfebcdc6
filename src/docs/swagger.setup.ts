import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { buildOpenApiDocument } from './openapi-document';

/** SwaggerModule with its asset mounting reachable (a protected static upstream). */
class SwaggerUiAssets extends SwaggerModule {
  static mount(path: string, app: INestApplication): void {
    this.serveStatic(path, app);
  }
}

/**
 * Swagger UI at /docs and the OpenAPI 3 document at /docs-json, on Express and Fastify alike
 * (SwaggerModule serves its assets with @fastify/static on Fastify). Call before app.init() so the
 * routes precede the 404 handler. The document is built on the first request, then kept.
 */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    raw: ['json'],
    customSiteTitle: 'MCP MAAX COB API',
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
  });
  // The page links its assets as ./docs/…: opened as /docs/ (trailing slash) the browser asks for
  // /docs/docs/…, which SwaggerModule only mounts for nested paths. Serve the same files there.
  SwaggerUiAssets.mount('/docs/docs', app);
}
