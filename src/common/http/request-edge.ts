import helmet from 'helmet';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { DOCS_JSON_PATH, DOCS_PATH } from './docs-paths';
import { requestLineWriter } from '../logging/logger';
import { requestFacts, requestIdOf } from './request-context';
import { elapsedMs, timeResponseHead } from './server-timing';

/** Listeners notified once per finished request (metrics hook in here; logging is built in). */
export type RequestObserver = (info: { method: string; route: string; status: number; durationMs: number }) => void;
export const REQUEST_OBSERVERS: RequestObserver[] = [];

/**
 * helmet's headers, computed once at boot (every value is static), limited to those that matter
 * for a JSON API (OWASP REST Security): HSTS, nosniff, framing, referrer and cross-origin policies.
 * The browser-page ones (DNS prefetch, IE download options, Flash cross-domain, legacy XSS filter,
 * origin-agent-cluster) are left out: each header costs on every response.
 */
function securityHeaders(): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  const collector = {
    setHeader: (name: string, value: unknown) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  helmet({
    contentSecurityPolicy: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    originAgentCluster: false,
  })({} as never, collector as never, () => undefined);
  return headers;
}

const DOCS_ASSETS = `${DOCS_PATH}/`;

/**
 * The route template of a request no controller handler matched (so no guard recorded one): what SwaggerModule
 * serves outside Nest's router — the Swagger UI page (`/docs`), its init script and static assets (`/docs/*`) and
 * the OpenAPI document (`/docs-json`) — else `unmatched`, as is any 404 (an unknown asset included). A closed set,
 * never the raw path; a few string comparisons, on requests without a handler only.
 */
export function unroutedTemplate(url: string | undefined, status: number): string {
  if (status === 404 || url === undefined || !url.startsWith(DOCS_PATH)) return 'unmatched';
  const end = url.indexOf('?');
  const path = end === -1 ? url : url.slice(0, end);
  if (path === DOCS_PATH || path === DOCS_ASSETS) return DOCS_PATH;
  if (path === DOCS_JSON_PATH) return DOCS_JSON_PATH;
  return path.startsWith(DOCS_ASSETS) ? `${DOCS_PATH}/*` : 'unmatched';
}

/**
 * The first thing every request meets, on the Node server itself (so it is the same on Express and
 * Fastify and covers 404s and body-parser errors): request id (accepted or generated, echoed),
 * helmet's security headers, `Server-Timing: app;dur=<ms>`, and one JSON log line when the response
 * ends — method, route template, status, duration, requestId, tenantId; never headers or bodies.
 * The duration is one figure, from the request's arrival (its head parsed) to the moment the response
 * head is written: the Server-Timing header, the log line and http_request_duration_seconds all carry
 * it. A JSON answer's body goes out in that same write, so it is the gateway's whole time; a streamed
 * answer (Swagger assets, an MCP event stream) is measured to its head. Measured: as Nest middleware
 * this edge cost ~12% of a cached read's throughput on Fastify, here almost nothing.
 */
export function installRequestEdge(server: Server, logger: Logger): void {
  const headers = securityHeaders();
  const writeLine = requestLineWriter(logger);
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const facts = requestFacts(req);
    facts.startedAt = process.hrtime.bigint();
    timeResponseHead(res);
    res.setHeader('X-Request-Id', requestIdOf(req));
    for (const [name, value] of headers) res.setHeader(name, value);
    res.once('finish', () => {
      // writeHead fixed it; a response that never wrote a head (none known) is measured now.
      const durationMs = facts.durationMs ?? elapsedMs(facts.startedAt as bigint);
      // Express strips a mount path (the Swagger UI assets' /docs) from req.url: its originalUrl keeps it.
      const route =
        facts.route ?? unroutedTemplate((req as { originalUrl?: string }).originalUrl ?? req.url, res.statusCode);
      const info = { method: req.method ?? 'GET', route, status: res.statusCode, durationMs };
      for (const observer of REQUEST_OBSERVERS) observer(info);
      writeLine({
        requestId: facts.requestId,
        method: info.method,
        route,
        status: info.status,
        duration: durationMs,
        tenantId: facts.tenantId,
        providerId: facts.providerId,
      });
    });
  });
}
