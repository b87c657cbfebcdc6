import type { IncomingMessage } from 'node:http';

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;

/** Bodies must be JSON: true when the request carries a body of another media type. */
export function hasNonJsonBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  const hasBody = (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
  return hasBody && !JSON_TYPE.test(req.headers['content-type'] ?? '');
}
