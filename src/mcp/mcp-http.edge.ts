import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

interface FastifyReplyLike {
  raw: ServerResponse;
  hijack(): void;
  getHeaders(): OutgoingHttpHeaders;
}

/**
 * The Node response under the framework's response object, taken over for a handler that writes
 * the bytes itself. Express's response is the Node one. Fastify's reply wraps it (`reply.raw`): it
 * is hijacked, or Fastify would answer the request a second time, and the headers hooks and guards
 * already set on the reply (security headers, RateLimit-*) are copied to the raw response first.
 * This is the only place the MCP endpoint tells the two adapters apart.
 */
export function takeNodeResponse(res: unknown): ServerResponse {
  const reply = res as Partial<FastifyReplyLike>;
  if (typeof reply.hijack === 'function' && typeof reply.getHeaders === 'function' && reply.raw) {
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined && !reply.raw.hasHeader(name)) reply.raw.setHeader(name, value);
    }
    reply.hijack();
    return reply.raw;
  }
  return res as ServerResponse;
}
