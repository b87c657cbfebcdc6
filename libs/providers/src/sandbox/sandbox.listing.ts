import { matchesFilters } from '../charge-filters';
import type { Charge, ChargeListFilters } from '../charge.model';
import type { ListPage, ListResult, ProviderStateStore } from '../charge-provider';
import { ProviderError } from '../provider-error';
import { SandboxBank } from './sandbox.bank';
import { INDEX_PAGE_SIZE, SandboxIndex } from './sandbox.index';
import type { SandboxRecord } from './sandbox.record';

/** The most charges one listing call reads from the store, matching or not (bounded work per page). */
export const MAX_SCANNED_PER_CALL = 500;
const POSITION = /^(\d{1,9}):(\d{1,3})$/;

/**
 * One page of the tenant's sandbox charges, newest first, walking the per-tenant index backwards and reading at
 * most MAX_SCANNED_PER_CALL charges (a page may hold fewer than `limit` and still have a `next`). The position is
 * `<index page>:<ids of that page not yet read>`, stable while new charges are appended.
 */
export async function listSandboxCharges(
  state: ProviderStateStore,
  filters: ChargeListFilters,
  page: ListPage,
  toCharge: (record: SandboxRecord) => Charge,
): Promise<ListResult> {
  const index = new SandboxIndex(state);
  const bank = new SandboxBank(state);
  let at: { page: number; left: number };
  if (page.position === undefined) {
    const start = await index.start();
    at = { page: start.page, left: INDEX_PAGE_SIZE };
  } else {
    const m = POSITION.exec(page.position);
    if (!m) throw new ProviderError('VALIDATION_ERROR', 'The listing position is not valid.');
    at = { page: Number(m[1]), left: Number(m[2]) };
  }
  const charges: Charge[] = [];
  let scanned = 0;
  while (at.page > 0) {
    const ids = await index.page(at.page);
    let i = Math.min(at.left, ids.length) - 1;
    for (; i >= 0 && charges.length < page.limit && scanned < MAX_SCANNED_PER_CALL; i--) {
      scanned++;
      const record = await bank.find(ids[i]);
      if (!record) continue; // expired
      const charge = toCharge(record);
      if (matchesFilters(charge, filters)) charges.push(charge);
    }
    at = i >= 0 ? { page: at.page, left: i + 1 } : { page: at.page - 1, left: INDEX_PAGE_SIZE };
    if (charges.length >= page.limit || scanned >= MAX_SCANNED_PER_CALL) break;
  }
  return at.page > 0 ? { charges, next: `${at.page}:${at.left}` } : { charges };
}
