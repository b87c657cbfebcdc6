import type { IncomingMessage } from 'node:http';

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;

/** Bodies must be JSON: true when the request carries a body of another media type. */
export function hasNonJsonBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  const hasBody = (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
  return hasBody && !JSON_TYPE.test(req.headers['content-type'] ?? '');
}

/** The one detail of a 415, whichever layer (our check, body-parser, Fastify) refused the body. */
export const UNSUPPORTED_MEDIA_DETAIL = 'Send the body as application/json (UTF-8, no Content-Encoding).';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

/**
 * True when a JSON body is declared in a form we do not decode: a Content-Encoding (gzip, deflate…) or a
 * charset other than UTF-8. Express's body-parser refuses both with 415 (`inflate: false`); Fastify's JSON
 * parser would ignore them, so its edge asks this.
 */
export function hasUndecodableJsonBody(headers: IncomingMessage['headers']): boolean {
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') return true;
  const charset = CHARSET.exec(headers['content-type'] ?? '')?.[1];
  return charset !== undefined && !/^utf-?8$/i.test(charset);
}
