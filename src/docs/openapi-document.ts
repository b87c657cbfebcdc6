import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyOperationDefaults } from './operation-defaults';
import { BEARER_SECURITY, METRICS_SECURITY } from './openapi-constants';
import { errorCodeTable, ProblemDetailsSchema } from './problem-details.schema';

/** The version in our package.json (found upward from this file, in src/ and dist/ alike). */
function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'mcp-maax-cob') return pkg.version ?? '0.0.0';
    }
  }
  return '0.0.0';
}

const DESCRIPTION = `Stateless multi-tenant charges gateway (boleto, Pix, bolepix) for Brazilian banks.

**Authentication:** every route except health, metrics and docs needs \`Authorization: Bearer <token>\`.
The token picks the provider and carries the tenant's sealed credentials. Click **Authorize** and paste a
token (for the sandbox: \`npm run token -- --tenant demo --provider sandbox\`).

**Rate limits:** \`RATE_LIMIT\` requests per tenant per \`RATE_LIMIT_WINDOW_SECONDS\`; every limited response
carries \`RateLimit-Limit\`, \`RateLimit-Remaining\` and \`RateLimit-Reset\`; over the limit: 429 with \`Retry-After\`.

**Errors** are RFC 9457 \`application/problem+json\` with a stable \`code\`:

`;

/**
 * Builds the OpenAPI 3 document from the controllers and DTOs, completed by applyOperationDefaults, with its
 * example dates still markers (daysFromToday): setupSwagger serves a copy dated for the current day
 * (resolveExampleDates).
 */
export function buildOpenApiTemplate(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('MCP MAAX COB')
    .setDescription(DESCRIPTION + errorCodeTable())
    .setVersion(packageVersion())
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Gateway token (HS256 JWT).' },
      BEARER_SECURITY,
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, only when the server sets it.' },
      METRICS_SECURITY,
    )
    .addTag('session', 'Token check and provider session')
    .addTag('charges', 'Create, read and cancel charges')
    .addTag('providers', 'Registered providers and their capabilities')
    .addTag('sandbox', 'The embedded test bank')
    .addTag('mcp', 'Model Context Protocol endpoint')
    .addTag(
      'webhooks',
      'Bank notifications in (the URL token authenticates), and the tenant\'s dead-lettered events (see README "Webhooks")',
    )
    .addTag(
      'oauth',
      'OAuth 2.1 authorization server for MCP clients: discovery, sign-in, tokens, registration, revocation',
    )
    .addTag('health', 'Liveness, readiness and overall health (public)')
    .addTag('observability', 'Metrics (public unless METRICS_TOKEN is set)')
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsSchema] });
  applyOperationDefaults(document, app);
  return document;
}
