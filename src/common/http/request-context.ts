import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Per-request facts kept on the raw Node request, so they are reachable the same way from Express
 * and Fastify, from middleware, guards, interceptors and filters, without request-scoped providers.
 */
export interface RequestFacts {
  requestId?: string;
  /** Route template (e.g. /v1/charges/:provider_charge_id), set once a handler matched. */
  route?: string;
  tenantId?: string;
  providerId?: string;
  startedAt?: bigint;
  /** Milliseconds from startedAt to the response head (see installRequestEdge): Server-Timing, log and histogram. */
  durationMs?: number;
}

const FACTS = Symbol.for('mcp-maax-cob.request-facts');
const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

type RawCarrier = IncomingMessage & { [FACTS]?: RequestFacts };

/** The Node IncomingMessage under an Express request (itself) or a Fastify request (`.raw`). */
export function rawRequest(req: unknown): IncomingMessage {
  const r = req as { raw?: IncomingMessage } & IncomingMessage;
  return r.raw && typeof r.raw === 'object' && 'headers' in r.raw ? r.raw : r;
}

export function requestFacts(req: unknown): RequestFacts {
  const raw = rawRequest(req) as RawCarrier;
  let facts = raw[FACTS];
  if (!facts) {
    facts = {};
    raw[FACTS] = facts;
  }
  return facts;
}

/** Accepts a caller's X-Request-Id when it is a short safe token, else generates a UUID. */
export function requestIdOf(req: unknown): string {
  const facts = requestFacts(req);
  if (!facts.requestId) {
    const header = rawRequest(req).headers?.['x-request-id'];
    const value = Array.isArray(header) ? header[0] : header;
    facts.requestId = value && REQUEST_ID.test(value) ? value : randomUUID();
  }
  return facts.requestId;
}
