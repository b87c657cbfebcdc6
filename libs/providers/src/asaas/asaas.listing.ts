import type { ChargeListFilters } from '../charge.model';
import { numericPosition } from '../charge-filters';
import { BILLING_TYPE } from './asaas.mapper';

/** Our date filters -> GET /payments's `[ge]`/`[le]` parameters (days, inclusive). */
const DATE_PARAMS = [
  ['createdFrom', 'dateCreated[ge]'],
  ['createdTo', 'dateCreated[le]'],
  ['dueFrom', 'dueDate[ge]'],
  ['dueTo', 'dueDate[le]'],
  ['paidFrom', 'paymentDate[ge]'],
  ['paidTo', 'paymentDate[le]'],
] as const;

/**
 * GET /payments's query for our filters at an offset: type, externalId and the date ranges go to Asaas; status
 * (one of ours is several Asaas words) and payerDocument (Asaas filters by customer id) are applied by the provider
 * on each page. The position is the next offset. Undefined when no Asaas payment can match (a boleto: Asaas offers
 * none without Pix).
 */
export function asaasListQuery(
  filters: ChargeListFilters,
  position: string | undefined,
  limit: number,
): { query: URLSearchParams; offset: number } | undefined {
  const offset = numericPosition(position, 0, 7);
  const query = new URLSearchParams({ offset: String(offset), limit: String(Math.min(100, limit)) });
  if (filters.type) {
    const billingType = BILLING_TYPE[filters.type];
    if (!billingType) return undefined;
    query.set('billingType', billingType);
  }
  if (filters.externalId) query.set('externalReference', filters.externalId);
  for (const [ours, theirs] of DATE_PARAMS) {
    const value = filters[ours];
    if (value !== undefined) query.set(theirs, value);
  }
  return { query, offset };
}
