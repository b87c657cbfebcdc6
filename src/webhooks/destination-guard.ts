import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isBlockedAddress } from '../common/http/blocked-address';

/** The rules a tenant's webhook URL must meet (operator URLs are trusted and skip them). */
export class DestinationGuard {
  private readonly allowedHosts: ReadonlySet<string>;

  constructor(allowedHosts: readonly string[]) {
    this.allowedHosts = new Set(allowedHosts.map((h) => h.toLowerCase()));
  }

  isAllowedHost(hostname: string): boolean {
    return this.allowedHosts.has(hostname.toLowerCase().replace(/^\[|\]$/g, ''));
  }

  /** Why `url` may not receive a tenant's events, or undefined when it may (resolves its host now). */
  async problem(url: string): Promise<string | undefined> {
    if (!URL.canParse(url)) return 'must be an absolute URL';
    const u = new URL(url);
    const allowed = this.isAllowedHost(u.hostname);
    if (u.protocol !== 'https:' && !(allowed && u.protocol === 'http:'))
      return 'must use https (http only for hosts in WEBHOOK_ALLOWED_HOSTS)';
    if (u.username || u.password) return 'must not carry credentials';
    if (allowed) return undefined;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      return 'has a host name that does not resolve';
    }
    if (addresses.length === 0 || addresses.some(isBlockedAddress))
      return 'resolves to a private, loopback or link-local address (not allowed for tenant webhooks)';
    return undefined;
  }
}
