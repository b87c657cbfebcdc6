import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors/app-error';

/** Nearly every Host: a lowercase name or IPv4 address, with an optional port (checked without parsing a URL). */
const PLAIN_HOST = /^[a-z0-9.-]+(?::(\d{1,5}))?$/;

/**
 * RFC 9112 §3.2: an HTTP/1.1 request without Host, or whose Host is not a valid `host[:port]`, is answered 400. Node's
 * own check answers a missing Host with a bare 400 and no body, so it is turned off (client-error.ts) and both
 * adapters' edges ask this instead; an invalid Host used to reach code that builds a URL from it (the MCP SDK's
 * `Request`: 500).
 */
export function hasInvalidHost(req: IncomingMessage): boolean {
  const host = req.headers.host;
  if (host === undefined) return req.httpVersionMajor === 1 && req.httpVersionMinor >= 1;
  const plain = PLAIN_HOST.exec(host);
  if (plain) return plain[1] !== undefined && Number(plain[1]) > 65535;
  if (host === '') return false;
  // Anything else must parse as an authority whose host is the whole value (no userinfo, path or backslash in it).
  const url = URL.parse(`http://${host}/`);
  return url === null || url.hostname !== host.replace(/:\d+$/, '').toLowerCase();
}

export function invalidHostError(): AppError {
  return new AppError('BAD_REQUEST', 'The Host header is missing or is not a valid host[:port].');
}
