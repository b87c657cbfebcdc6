import { todayInSaoPaulo } from '@lib/brazil';
import type { Charge, ChargeListFilters } from './charge.model';
import { ProviderError } from './provider-error';

/*
 * The listing filters applied to a unified charge, for a bank that cannot apply some of them itself (on its own
 * pages, so a page may hold fewer than asked) and for the sandbox. Days are America/Sao_Paulo.
 */

/** The day of an instant in America/Sao_Paulo; a bare `YYYY-MM-DD` (a bank's own day) is that day already. */
const day = (iso: string | undefined) =>
  iso === undefined ? undefined : /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : todayInSaoPaulo(new Date(iso));

function within(value: string | undefined, from: string | undefined, to: string | undefined): boolean {
  if (from === undefined && to === undefined) return true;
  if (value === undefined) return false;
  return (from === undefined || value >= from) && (to === undefined || value <= to);
}

/** Does the charge (as read now) pass every filter? */
export function matchesFilters(charge: Charge, f: ChargeListFilters): boolean {
  return (
    (!f.statuses || f.statuses.includes(charge.status)) &&
    (!f.type || f.type === charge.type) &&
    (!f.externalId || f.externalId === charge.externalId) &&
    (!f.payerDocument || f.payerDocument === charge.payer.document) &&
    within(day(charge.createdAt), f.createdFrom, f.createdTo) &&
    within(charge.dueDate, f.dueFrom, f.dueTo) &&
    within(day(charge.paidAt), f.paidFrom, f.paidTo)
  );
}

/**
 * A listing position that is a bank's page number or offset (at most `maxDigits` digits): `first` when absent,
 * VALIDATION_ERROR when it is not one.
 */
export function numericPosition(position: string | undefined, first: number, maxDigits: number): number {
  if (position === undefined) return first;
  if (!new RegExp(`^\\d{1,${maxDigits}}$`).test(position))
    throw new ProviderError('VALIDATION_ERROR', 'The listing position is not valid.');
  return Number(position);
}
