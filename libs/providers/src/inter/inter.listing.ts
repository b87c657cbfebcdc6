import { dayToIsoDate, isoDateToDay, todayInSaoPaulo } from '@lib/brazil';
import type { ChargeListFilters } from '../charge.model';
import { numericPosition } from '../charge-filters';

/** Inter's list needs a period: without one of ours, charges issued in the last LOOKBACK_DAYS days. */
export const LOOKBACK_DAYS = 366;

/**
 * The list endpoint's query: a period on one date (`filtrarDataPor` VENCIMENTO when a due range is given, else
 * EMISSAO over the creation range, by default the last LOOKBACK_DAYS days), the payer's document, and paging
 * (`paginaAtual` from 0 is the position). Status, type, externalId and paid days are applied by the provider on
 * each page. Newest first by issue date.
 */
export function interListQuery(
  filters: ChargeListFilters,
  position: string | undefined,
  limit: number,
  now = new Date(),
): { query: URLSearchParams; page: number } {
  const page = numericPosition(position, 0, 6);
  const today = todayInSaoPaulo(now);
  const byDue = filters.dueFrom !== undefined || filters.dueTo !== undefined;
  const from = (byDue ? filters.dueFrom : filters.createdFrom) ?? dayToIsoDate(isoDateToDay(today) - LOOKBACK_DAYS);
  const to = (byDue ? filters.dueTo : filters.createdTo) ?? (byDue ? dayToIsoDate(isoDateToDay(today) + 3650) : today);
  const query = new URLSearchParams({
    dataInicial: from,
    dataFinal: to,
    filtrarDataPor: byDue ? 'VENCIMENTO' : 'EMISSAO',
    ordenarPor: 'DATA_EMISSAO',
    tipoOrdenacao: 'DESC',
    'paginacao.paginaAtual': String(page),
    'paginacao.itensPorPagina': String(limit),
  });
  if (filters.payerDocument) query.set('cpfCnpjPessoaPagadora', filters.payerDocument);
  return { query, page };
}
