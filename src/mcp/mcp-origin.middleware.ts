import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { AppError } from '../common/errors/app-error';
import { requestFacts } from '../common/http/request-context';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';

/** scheme://host[:port] in canonical form (lowercase, default port dropped), or undefined. */
function canonicalOrigin(value: string): string | undefined {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * DNS-rebinding defence the MCP transport spec requires: a request that carries an Origin header
 * is served only when that origin is in MCP_ALLOWED_ORIGINS; otherwise 403 FORBIDDEN_ORIGIN.
 * Requests without Origin (CLI and desktop MCP clients send none) pass. Middleware, so it answers
 * before the token is even looked at.
 */
@Injectable()
export class McpOriginMiddleware implements NestMiddleware {
  private readonly allowed: ReadonlySet<string>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.allowed = new Set(config.mcpAllowedOrigins.map((o) => canonicalOrigin(o) ?? o));
  }

  use(req: IncomingMessage, _res: unknown, next: () => void): void {
    const header = req.headers.origin;
    if (header !== undefined) {
      const origin = canonicalOrigin(header);
      if (origin === undefined || !this.allowed.has(origin)) {
        requestFacts(req).route = '/mcp';
        throw new AppError('FORBIDDEN_ORIGIN', 'This Origin may not call the MCP endpoint (see MCP_ALLOWED_ORIGINS).');
      }
    }
    next();
  }
}
