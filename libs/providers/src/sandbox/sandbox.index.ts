import type { ProviderStateStore } from '../charge-provider';
import { SANDBOX_RETENTION_MS, SandboxBank } from './sandbox.bank';

/** Ids per index page: a listing reads the store one bounded page at a time. */
export const INDEX_PAGE_SIZE = 100;

/** Where a listing stands: the index page and how many of its ids (newest first) were already read. */
export interface IndexPosition {
  page: number;
  skip: number;
}

/**
 * The sandbox bank's per-tenant index of its charges, in creation order, kept in the same tenant-scoped
 * store as the charges: `index:head` is the number of the newest page, `index:<n>` a JSON array of at most
 * INDEX_PAGE_SIZE ids. Pages expire with the charges (the store is a cache, not a database of record), so
 * an id whose charge is gone is skipped by the reader.
 */
export class SandboxIndex {
  private readonly bank: SandboxBank;

  constructor(private readonly state: ProviderStateStore) {
    this.bank = new SandboxBank(state);
  }

  /**
   * Appends a new charge's id to the newest page (under the index lock, so concurrent creates keep every id). With
   * `mark` (a keyed create, which a retry may repeat) an `indexed:<id>` mark records that it is in.
   */
  append(id: string, mark = false): Promise<void> {
    return this.bank.locked('lock:index', 'the charge index', () => this.add(id, mark));
  }

  /** For a keyed create (first attempt or retry, same id): adds the id unless an attempt before did. */
  appendIfMissing(id: string): Promise<void> {
    return this.bank.locked('lock:index', 'the charge index', async () => {
      if ((await this.state.get(`indexed:${id}`)) === undefined) await this.add(id, true);
    });
  }

  private async add(id: string, mark: boolean): Promise<void> {
    const head = Number((await this.state.get('index:head')) ?? '0');
    let page = head;
    let ids = head > 0 ? await this.page(head) : [];
    if (ids.includes(id)) return;
    if (head === 0 || ids.length >= INDEX_PAGE_SIZE) {
      page = head + 1;
      ids = [];
    }
    ids.push(id);
    const ttl = { ttlMs: SANDBOX_RETENTION_MS };
    // Sent together: a store that stalls applies them all later, one cut before applies none, so the mark is never
    // there without the id (a write that times out after being sent still lands).
    await Promise.all([
      this.state.set(`index:${page}`, JSON.stringify(ids), ttl),
      ...(page !== head ? [this.state.set('index:head', String(page), ttl)] : []),
      ...(mark ? [this.state.set(`indexed:${id}`, '1', ttl)] : []),
    ]);
  }

  /** Where a listing starts: the newest id. */
  async start(): Promise<IndexPosition> {
    return { page: Number((await this.state.get('index:head')) ?? '0'), skip: 0 };
  }

  /** The ids of one page, oldest first (empty when the page expired). */
  async page(n: number): Promise<string[]> {
    const raw = n > 0 ? await this.state.get(`index:${n}`) : undefined;
    return raw === undefined ? [] : (JSON.parse(raw) as string[]);
  }
}
