import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request } from 'node:https';
import { isIP } from 'node:net';
import { isBlockedAddress } from '../common/http/blocked-address';
import { rootCertificates } from 'node:tls';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';
import { FifoMemo } from '../common/fifo-memo';

const MAX_BYTES = 5120;
const TIMEOUT_MS = 3000;
const DEFAULT_CACHE_SECONDS = 300;
const MAX_CACHE_SECONDS = 86400;

export class ClientMetadataError extends Error {}

/**
 * Fetches Client ID Metadata Documents with SSRF protection: https only, no credentials or fragment in the URL, every
 * resolved address checked at connect time (no DNS-rebinding window) against private, loopback and link-local ranges
 * unless the host is in OAUTH_CLIENT_METADATA_ALLOWED_HOSTS, 3 s and 5 KiB at most, no redirects, cached per
 * Cache-Control max-age (5 min by default, 1 day at most).
 */
@Injectable()
export class ClientMetadataFetcher {
  private readonly cache = new FifoMemo<string, { doc: Record<string, unknown>; until: number }>(500);
  private readonly allowed: ReadonlySet<string>;
  private readonly ca: string[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.allowed = new Set(config.oauthClientMetadataAllowedHosts);
    const extra = config.providerCaCertsFile ? [readFileSync(config.providerCaCertsFile, 'utf8')] : [];
    this.ca = [...rootCertificates, ...extra];
  }

  async fetch(clientId: string): Promise<Record<string, unknown>> {
    const hit = this.cache.get(clientId);
    if (hit && hit.until > Date.now()) return hit.doc;
    const url = checkUrl(clientId);
    const { body, maxAge } = await this.get(url);
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch {
      throw new ClientMetadataError('the client metadata document is not JSON');
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
      throw new ClientMetadataError('the client metadata document is not a JSON object');
    this.cache.set(clientId, { doc: doc as Record<string, unknown>, until: Date.now() + maxAge * 1000 });
    return doc as Record<string, unknown>;
  }

  private get(url: URL): Promise<{ body: string; maxAge: number }> {
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const exempt = this.allowed.has(host);
    const lookup = (
      hostname: string,
      options: object,
      cb: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
    ) =>
      dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) return cb(err, []);
        const bad = addresses.find((a) => !exempt && isBlockedAddress(a.address));
        if (bad) return cb(Object.assign(new Error('blocked address'), { code: 'EBLOCKED' }), []);
        const all = (options as { all?: boolean }).all === true;
        return all ? cb(null, addresses) : cb(null, addresses[0].address, addresses[0].family);
      });
    if (isIP(host) && !exempt && isBlockedAddress(host))
      return Promise.reject(new ClientMetadataError('the client_id URL points at a private or loopback address'));
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        { method: 'GET', lookup, ca: this.ca, timeout: TIMEOUT_MS, headers: { accept: 'application/json' } },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            return reject(new ClientMetadataError(`the client metadata document answered HTTP ${res.statusCode}`));
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_BYTES) {
              req.destroy();
              reject(new ClientMetadataError(`the client metadata document is larger than ${MAX_BYTES} bytes`));
            } else chunks.push(c);
          });
          res.on('end', () =>
            resolve({ body: Buffer.concat(chunks).toString('utf8'), maxAge: maxAgeOf(res.headers['cache-control']) }),
          );
        },
      );
      req.on('timeout', () =>
        req.destroy(new ClientMetadataError('the client metadata document did not arrive in time')),
      );
      req.on('error', (err: NodeJS.ErrnoException) =>
        reject(
          err instanceof ClientMetadataError
            ? err
            : new ClientMetadataError(
                err.code === 'EBLOCKED'
                  ? 'the client_id URL points at a private or loopback address'
                  : 'the client metadata document could not be fetched',
              ),
        ),
      );
      req.end();
    });
  }
}

/** The client_id of a metadata document: an https URL with a path, no credentials, no fragment (CIMD §3). */
export function checkUrl(clientId: string): URL {
  if (clientId.length > 2048 || !URL.canParse(clientId)) throw new ClientMetadataError('client_id is not a URL');
  const url = new URL(clientId);
  if (url.protocol !== 'https:') throw new ClientMetadataError('a client_id URL must be https');
  if (url.username || url.password || url.hash || url.pathname === '/')
    throw new ClientMetadataError('a client_id URL needs a path and no credentials or fragment');
  return url;
}

function maxAgeOf(header: string | undefined): number {
  if (header && /no-store|no-cache/i.test(header)) return 0;
  const m = /max-age=(\d+)/i.exec(header ?? '');
  return m ? Math.min(MAX_CACHE_SECONDS, Number(m[1])) : DEFAULT_CACHE_SECONDS;
}
