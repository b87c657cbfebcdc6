import type { IncomingMessage } from 'node:http';

/**
 * The routes that take `application/x-www-form-urlencoded` bodies, as OAuth 2.0 requires of its token and revocation
 * endpoints (RFC 6749 §3.2, RFC 7009 §2.1) and as an HTML form posts the sign-in page. Every other route is JSON-only.
 */
export const FORM_BODY_PATHS: ReadonlySet<string> = new Set(['/oauth/token', '/oauth/revoke', '/oauth/authorize']);

/** Bank notifications (POST /v1/webhooks/:providerId/:tenantId/:urlToken): Efí posts its boleto token as a form. */
const WEBHOOK_INBOUND = /^\/v1\/webhooks\/(?!dead-letter\/)[^/]+\/[^/]+\/[^/]+(\/pix)?$/;

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/** True when the request is a form post to one of FORM_BODY_PATHS (its query string ignored). */
export function isFormBodyRoute(req: Pick<IncomingMessage, 'url' | 'headers'>): boolean {
  const path = (req.url ?? '').split('?', 1)[0];
  return (FORM_BODY_PATHS.has(path) || WEBHOOK_INBOUND.test(path)) && FORM_TYPE.test(req.headers['content-type'] ?? '');
}

/**
 * Parses a form body into an object without a prototype: one string per name, an array for a repeated one (which
 * OAuth refuses: RFC 6749 §3.1 says a parameter must not be sent twice).
 */
export function parseFormBody(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}
