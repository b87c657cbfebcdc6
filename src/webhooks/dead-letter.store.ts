import type IORedis from 'ioredis';
import type { DeliveryJob } from './delivery-job';

/** One event whose delivery was given up, as the tenant lists it. */
export interface DeadLetter {
  id: string;
  deadLetteredAt: string;
  attempts: number;
  lastError?: string;
  destination: { kind: 'tenant' | 'operator'; host: string };
  event: DeliveryJob['event'];
}

interface Entry {
  letter: DeadLetter;
  job: DeliveryJob;
  expiresAt: number;
}

/** Where given-up events wait for the tenant to replay them, for WEBHOOK_DEAD_LETTER_TTL_SECONDS. */
export interface DeadLetterStore {
  add(tenantId: string, job: DeliveryJob, attempts: number, lastError?: string): Promise<void>;
  list(tenantId: string, limit: number): Promise<DeadLetter[]>;
  /** Removes and returns the entry (undefined when unknown or expired). */
  take(tenantId: string, id: string): Promise<DeliveryJob | undefined>;
}

function entryFor(job: DeliveryJob, attempts: number, ttlMs: number, lastError?: string): Entry {
  return {
    letter: {
      id: `dl_${job.event.id.replace(/^evt_/, '')}_${job.destination.kind === 'tenant' ? 't' : 'o'}`,
      deadLetteredAt: new Date().toISOString(),
      attempts,
      ...(lastError ? { lastError } : {}),
      destination: { kind: job.destination.kind, host: new URL(job.destination.url).host },
      event: job.event,
    },
    job,
    expiresAt: Date.now() + ttlMs,
  };
}

/** Redis: one hash per tenant (`<prefix>:{wh}:dl:<tenantId>`), entries sealed, expired ones dropped on read. */
export class RedisDeadLetterStore implements DeadLetterStore {
  constructor(
    private readonly redis: IORedis,
    private readonly prefix: string,
    private readonly ttlMs: number,
    private readonly seal: (s: string) => string,
    private readonly open: (s: string) => string,
  ) {}

  async add(tenantId: string, job: DeliveryJob, attempts: number, lastError?: string): Promise<void> {
    const entry = entryFor(job, attempts, this.ttlMs, lastError);
    const key = this.key(tenantId);
    await this.redis.hset(key, entry.letter.id, this.seal(JSON.stringify(entry)));
    await this.redis.pexpire(key, this.ttlMs);
  }

  async list(tenantId: string, limit: number): Promise<DeadLetter[]> {
    const all = await this.redis.hgetall(this.key(tenantId));
    const now = Date.now();
    const entries: Entry[] = [];
    const expired: string[] = [];
    for (const [id, sealed] of Object.entries(all)) {
      const entry = this.read(sealed);
      if (!entry || entry.expiresAt <= now) expired.push(id);
      else entries.push(entry);
    }
    // One round trip for every expired or unreadable entry, not one each.
    if (expired.length > 0) await this.redis.hdel(this.key(tenantId), ...expired);
    return entries
      .sort((a, b) => b.letter.deadLetteredAt.localeCompare(a.letter.deadLetteredAt))
      .slice(0, limit)
      .map((e) => e.letter);
  }

  async take(tenantId: string, id: string): Promise<DeliveryJob | undefined> {
    const sealed = await this.redis.hget(this.key(tenantId), id);
    if (sealed === null) return undefined;
    if ((await this.redis.hdel(this.key(tenantId), id)) === 0) return undefined; // another replica took it
    const entry = this.read(sealed);
    return entry && entry.expiresAt > Date.now() ? entry.job : undefined;
  }

  private read(sealed: string): Entry | undefined {
    try {
      return JSON.parse(this.open(sealed)) as Entry;
    } catch {
      return undefined;
    }
  }

  private key(tenantId: string): string {
    return `${this.prefix}:dl:${tenantId}`;
  }
}

/** The embedded default: in process, lost on restart. */
export class MemoryDeadLetterStore implements DeadLetterStore {
  private readonly tenants = new Map<string, Map<string, Entry>>();

  constructor(private readonly ttlMs: number) {}

  async add(tenantId: string, job: DeliveryJob, attempts: number, lastError?: string): Promise<void> {
    const entry = entryFor(job, attempts, this.ttlMs, lastError);
    const letters = this.tenants.get(tenantId) ?? new Map<string, Entry>();
    letters.set(entry.letter.id, entry);
    this.tenants.set(tenantId, letters);
  }

  async list(tenantId: string, limit: number): Promise<DeadLetter[]> {
    const now = Date.now();
    const letters = this.tenants.get(tenantId) ?? new Map<string, Entry>();
    for (const [id, e] of letters) if (e.expiresAt <= now) letters.delete(id);
    return [...letters.values()]
      .sort((a, b) => b.letter.deadLetteredAt.localeCompare(a.letter.deadLetteredAt))
      .slice(0, limit)
      .map((e) => e.letter);
  }

  async take(tenantId: string, id: string): Promise<DeliveryJob | undefined> {
    const entry = this.tenants.get(tenantId)?.get(id);
    this.tenants.get(tenantId)?.delete(id);
    return entry && entry.expiresAt > Date.now() ? entry.job : undefined;
  }
}
