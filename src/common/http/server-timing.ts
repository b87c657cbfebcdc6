import { ServerResponse } from 'node:http';
import { requestFacts } from './request-context';

/*
 * `Server-Timing: app;dur=<ms>` on every response: the gateway's own time, so overhead below a millisecond can be
 * read from outside. The figure runs from the request's arrival (installRequestEdge stamps startedAt) to the moment
 * the response head is written, and is the same one the request log line and http_request_duration_seconds carry.
 */

/** Milliseconds since `startedAt`, to the microsecond (`0.042`): the Server-Timing figure. */
export function elapsedMs(startedAt: bigint): number {
  return Number((process.hrtime.bigint() - startedAt) / 1000n) / 1000;
}

/** The Server-Timing header value for the gateway's own time, e.g. `app;dur=0.42`. */
export function serverTiming(durationMs: number): string {
  return `app;dur=${durationMs}`;
}

type WriteHead = (this: ServerResponse, statusCode: number, reason?: unknown, headers?: unknown) => ServerResponse;
const nodeWriteHead = ServerResponse.prototype.writeHead as WriteHead;

/**
 * Every response's writeHead (Fastify calls it, Express and Node's implicit headers too): fixes the request's
 * duration at the moment its head is written and sends it as `Server-Timing: app;dur=<ms>`. One shared function
 * (no closure per request); `this.req` leads to the request's facts.
 */
const timedWriteHead: WriteHead = function (statusCode, reason, headers) {
  const facts = requestFacts(this.req);
  if (facts.durationMs === undefined && facts.startedAt !== undefined && !this.headersSent) {
    facts.durationMs = elapsedMs(facts.startedAt);
    this.setHeader('Server-Timing', serverTiming(facts.durationMs));
  }
  return nodeWriteHead.call(this, statusCode, reason, headers);
};

/** Makes this response stamp `Server-Timing` (and fix the request's durationMs) when its head is written. */
export function timeResponseHead(res: ServerResponse): void {
  res.writeHead = timedWriteHead as ServerResponse['writeHead'];
}
