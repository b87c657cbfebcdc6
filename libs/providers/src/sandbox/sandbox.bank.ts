import type { ProviderStateStore } from '../charge-provider';
import { ProviderError } from '../provider-error';
import type { SandboxRecord } from './sandbox.record';

/** How long the sandbox bank keeps a charge (the store is a cache, not a database of record). */
export const SANDBOX_RETENTION_MS = 30 * 86_400_000;
const LOCK_TTL_MS = 5_000;
const LOCK_ATTEMPTS = 40;
const LOCK_RETRY_MS = 25;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The sandbox's "bank": charges of one tenant in the tenant-scoped provider state (Redis or memory),
 * sealed because they hold the payer's personal data. Every failure of the store surfaces as
 * PROVIDER_UNAVAILABLE (with Retry-After) from the state store itself: the sandbox is part of the
 * gateway, so a store that is down is the gateway declining the call, not a bank failing.
 */
export class SandboxBank {
  constructor(private readonly state: ProviderStateStore) {}

  /** Stores a new charge unless one with this id exists; returns false when it already did. */
  insert(record: SandboxRecord): Promise<boolean> {
    return this.state.set(`charge:${record.id}`, JSON.stringify(record), {
      secret: true,
      nx: true,
      ttlMs: SANDBOX_RETENTION_MS,
    });
  }

  async find(id: string): Promise<SandboxRecord | undefined> {
    const raw = await this.state.get(`charge:${id}`);
    return raw === undefined ? undefined : (JSON.parse(raw) as SandboxRecord);
  }

  /**
   * Read-modify-write of one charge under a short per-charge lock, so a payment and a cancel that
   * race cannot both win. `change` returns the new record, or the current one to leave it as is.
   */
  update(id: string, change: (current: SandboxRecord) => SandboxRecord): Promise<SandboxRecord | undefined> {
    return this.locked(`lock:${id}`, 'this charge', async () => {
      const current = await this.find(id);
      if (!current) return undefined;
      const next = change(current);
      if (next !== current)
        await this.state.set(`charge:${id}`, JSON.stringify(next), { secret: true, ttlMs: SANDBOX_RETENTION_MS });
      return next;
    });
  }

  /** Runs `work` holding a short lock in the store (released after, or expiring on its own). */
  async locked<T>(lock: string, what: string, work: () => Promise<T>): Promise<T> {
    let held = false;
    for (let attempt = 0; attempt < LOCK_ATTEMPTS && !held; attempt++) {
      held = await this.state.set(lock, '1', { nx: true, ttlMs: LOCK_TTL_MS });
      if (!held) await sleep(LOCK_RETRY_MS);
    }
    if (!held)
      throw new ProviderError('PROVIDER_UNAVAILABLE', `The sandbox bank is busy with ${what}; try again shortly.`, {
        retryAfterSeconds: 1,
      });
    try {
      return await work();
    } finally {
      await this.state.del(lock).catch(() => undefined); // expires on its own if the store just went away
    }
  }
}
