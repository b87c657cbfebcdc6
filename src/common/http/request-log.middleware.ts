import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../logging/logging.module';
import { requestFacts, requestIdOf } from './request-context';

/** Listeners notified once per finished request (metrics hook in here; logging is built in). */
export type RequestObserver = (info: { method: string; route: string; status: number; durationMs: number }) => void;
export const REQUEST_OBSERVERS: RequestObserver[] = [];

/**
 * Assigns the request id, echoes it, and writes one JSON line per request when the response ends:
 * method, route template, status, duration, requestId and tenantId (never headers or bodies).
 * Registered as Nest middleware, so it runs the same on Express and Fastify.
 */
@Injectable()
export class RequestLogMiddleware implements NestMiddleware {
  constructor(@Inject(ROOT_LOGGER) private readonly logger: Logger) {}

  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const facts = requestFacts(req);
    facts.startedAt = process.hrtime.bigint();
    const requestId = requestIdOf(req);
    res.setHeader('X-Request-Id', requestId);
    res.once('finish', () => this.finish(req, res));
    next();
  }

  private finish(req: IncomingMessage, res: ServerResponse): void {
    const facts = requestFacts(req);
    const durationMs = Number(process.hrtime.bigint() - (facts.startedAt ?? process.hrtime.bigint())) / 1e6;
    const route = facts.route ?? 'unmatched';
    const info = { method: req.method ?? 'GET', route, status: res.statusCode, durationMs };
    for (const observer of REQUEST_OBSERVERS) observer(info);
    this.logger.info({
      msg: 'request',
      requestId: facts.requestId,
      method: info.method,
      route,
      status: info.status,
      durationMs: Math.round(durationMs * 100) / 100,
      tenantId: facts.tenantId,
      providerId: facts.providerId,
    });
  }
}
