import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '../../config/env.schema';

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The gateway's public base URL: PUBLIC_BASE_URL, else the request's own (X-Forwarded-Proto and Host, as behind a
 * proxy; a Host that is not a plain host[:port] falls back to localhost so it can never inject into a URL).
 */
export function publicBaseUrl(config: Pick<AppConfig, 'publicBaseUrl'>, req: IncomingMessage): string {
  if (config.publicBaseUrl) return config.publicBaseUrl;
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    .trim()
    .toLowerCase();
  const proto = forwarded === 'https' || forwarded === 'http' ? forwarded : 'http';
  const host = String(req.headers['x-forwarded-host'] ?? req.headers.host ?? '')
    .split(',')[0]
    .trim();
  return `${proto}://${HOST.test(host) ? host : 'localhost'}`;
}
