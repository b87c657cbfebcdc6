import { dayToIsoDate, isoDateToDay, todayInSaoPaulo } from '@lib/brazil';
import type { ChargeListFilters } from '../charge.model';
import { numericPosition } from '../charge-filters';

/** Cora's search needs a due-date range: without one of ours, due from a year ago to ten years ahead. */
const LOOKBACK_DAYS = 366;
const AHEAD_DAYS = 3650;

/**
 * GET /v2/invoices's query: `start`/`end` over the due date (our dueFrom/dueTo, else the wide default), `search` the
 * payer's document, `page` from 1 (the position) and `perPage` our limit. Status, type, externalId, creation and
 * paid days are applied by the provider on each page.
 */
export function coraListQuery(
  filters: ChargeListFilters,
  position: string | undefined,
  limit: number,
  now = new Date(),
): { query: URLSearchParams; page: number } {
  const page = numericPosition(position, 1, 6);
  const today = isoDateToDay(todayInSaoPaulo(now));
  const query = new URLSearchParams({
    start: filters.dueFrom ?? dayToIsoDate(today - LOOKBACK_DAYS),
    end: filters.dueTo ?? dayToIsoDate(today + AHEAD_DAYS),
    page: String(page),
    perPage: String(limit),
  });
  if (filters.payerDocument) query.set('search', filters.payerDocument);
  return { query, page };
}
