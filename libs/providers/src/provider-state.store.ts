import type { ProviderStateStore } from './charge-provider';
import { ProviderError } from './provider-error';
import type { ProviderStateBackend } from './provider-state.backend';
import type { ProviderStateCipher } from './provider-state.cipher';

const SECRET_MARK = 's:';
const PLAIN_MARK = 'p:';

/**
 * ProviderStateStore over the application's backend: keys `<prefix>:<tenantId>:<providerId>:<name>`, secret values
 * sealed with the application's cipher, backend failures turned into PROVIDER_UNAVAILABLE.
 */
export class TenantProviderStateStore implements ProviderStateStore {
  private readonly base: string;

  constructor(
    private readonly backend: ProviderStateBackend,
    private readonly cipher: ProviderStateCipher,
    prefix: string,
    tenantId: string,
    providerId: string,
  ) {
    this.base = `${prefix}:${tenantId}:${providerId}:`;
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ProviderError) throw err;
      throw new ProviderError('PROVIDER_UNAVAILABLE', 'The provider state store is unavailable; try again shortly.', {
        cause: err,
        retryAfterSeconds: 1,
      });
    }
  }

  get(name: string): Promise<string | undefined> {
    return this.guard(async () => {
      const raw = await this.backend.get(this.base + name);
      if (raw === undefined) return undefined;
      if (raw.startsWith(SECRET_MARK)) {
        try {
          return this.cipher.open(raw.slice(SECRET_MARK.length));
        } catch {
          return undefined; // sealed under a key we no longer hold: treat as a miss
        }
      }
      return raw.startsWith(PLAIN_MARK) ? raw.slice(PLAIN_MARK.length) : raw;
    });
  }

  set(name: string, value: string, options: { ttlMs?: number; secret?: boolean; nx?: boolean } = {}): Promise<boolean> {
    return this.guard(() => {
      const stored = options.secret ? SECRET_MARK + this.cipher.seal(value) : PLAIN_MARK + value;
      return this.backend.set(this.base + name, stored, { ttlMs: options.ttlMs, nx: options.nx });
    });
  }

  del(name: string): Promise<void> {
    return this.guard(() => this.backend.del(this.base + name));
  }
}
