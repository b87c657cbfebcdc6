import { dayToIsoDate, isoDateToDay, todayInSaoPaulo } from '@lib/brazil';
import { matchesFilters } from '../charge-filters';
import type { Charge, ChargeListFilters, ChargeStatus } from '../charge.model';
import type { ListPage, ListResult } from '../charge-provider';
import { ProviderError } from '../provider-error';
import type { EfiCtx } from './efi.client';
import type { EfiChargesClient } from './efi-charges.client';
import type { EfiPixClient } from './efi-pix.client';
import { efiTimestamp, fromEfiCharge } from './efi-boleto.mapper';
import { fromEfiCob } from './efi-pix.mapper';
import { EFI_CHARGE_STATUS } from './efi.mapper';

/**
 * Efí listing over its two APIs: the API Cobranças charge list (boleto, bolepix) first, then the API Pix cob and
 * cobv lists. The position names the list and how many of its entries are behind us (`b:<n>`, `c:<n>`, `v:<n>`):
 * a call reads the page holding that entry (Efí pages by number and size), and moves on to the next list in the
 * same call while the page has room, so each call reads at most one bank page per list.
 */
export type EfiListSegment = 'charges' | 'cob' | 'cobv';
export interface EfiListAt {
  segment: EfiListSegment;
  offset: number;
}

/** Days one query may span [INFERRED: Efí documents no limit; every example of both lists spans one year]. */
export const EFI_LIST_MAX_DAYS = 366;
const CODE: Readonly<Record<EfiListSegment, string>> = { charges: 'b', cob: 'c', cobv: 'v' };
const POSITION = /^([bcv]):(\d{1,9})$/;

/** The lists a listing reads, in order: by `type`, and the Pix API only with the application certificate. */
export function efiSegments(filters: ChargeListFilters, pixApi: boolean): EfiListSegment[] {
  const segments: EfiListSegment[] = [];
  if (filters.type !== 'pix') segments.push('charges');
  if (pixApi && (filters.type === undefined || filters.type === 'pix')) segments.push('cob', 'cobv');
  return segments;
}

export function parseEfiPosition(position: string | undefined, segments: EfiListSegment[]): EfiListAt {
  if (position === undefined) return { segment: segments[0], offset: 0 };
  const m = POSITION.exec(position);
  const segment = m ? segments.find((s) => CODE[s] === m[1]) : undefined;
  if (!m || !segment) throw new ProviderError('VALIDATION_ERROR', 'The listing position is not valid.');
  return { segment, offset: Number(m[2]) };
}

export const efiPosition = (at: EfiListAt) => `${CODE[at.segment]}:${at.offset}`;

/**
 * One inclusive day range of at most EFI_LIST_MAX_DAYS: both ends as given (refused when longer), one end
 * completed to a full window (towards today for past days, a year ahead for due days), neither: the last window.
 */
function period(
  from: string | undefined,
  to: string | undefined,
  names: readonly [string, string],
  today: string,
  future = false,
): { from: string; to: string } {
  const span = EFI_LIST_MAX_DAYS - 1;
  const t = isoDateToDay(today);
  if (from !== undefined && to !== undefined) {
    if (isoDateToDay(to) - isoDateToDay(from) > span)
      throw new ProviderError(
        'VALIDATION_ERROR',
        `Efí lists at most ${EFI_LIST_MAX_DAYS} days at a time: narrow ${names[0]}..${names[1]}.`,
        { fields: [{ field: names[1], message: `must be within ${EFI_LIST_MAX_DAYS} days of ${names[0]} at Efí` }] },
      );
    return { from, to };
  }
  if (to !== undefined) return { from: dayToIsoDate(isoDateToDay(to) - span), to };
  if (from === undefined) return { from: dayToIsoDate(t - span), to: today };
  const end = future ? isoDateToDay(from) + span : Math.max(isoDateToDay(from), t);
  if (end - isoDateToDay(from) > span)
    throw new ProviderError(
      'VALIDATION_ERROR',
      `Efí lists at most ${EFI_LIST_MAX_DAYS} days at a time: give ${names[1]} too.`,
      { fields: [{ field: names[1], message: `is required when ${names[0]} is over a year ago (Efí)` }] },
    );
  return { from, to: dayToIsoDate(end) };
}

/** Efí's list accepts one status word: sent when our statuses are exactly one listable Efí word. */
const LISTABLE = new Set(['new', 'waiting', 'link', 'paid', 'unpaid', 'canceled', 'identified', 'settled', 'expired']);
function chargesStatus(statuses: ChargeStatus[] | undefined): string | undefined {
  if (!statuses) return undefined;
  const words = Object.entries(EFI_CHARGE_STATUS).filter(([, s]) => statuses.includes(s));
  return words.length === 1 && LISTABLE.has(words[0][0]) ? words[0][0] : undefined;
}

/** A BCB record status -> the statuses it reads as (ATIVA is derived from the calendar). */
const PIX_READS_AS: Readonly<Record<string, readonly ChargeStatus[]>> = {
  ATIVA: ['PENDING', 'OVERDUE', 'EXPIRED'],
  CONCLUIDA: ['PAID', 'REFUNDED'],
  REMOVIDA_PELO_USUARIO_RECEBEDOR: ['CANCELLED'],
  REMOVIDA_PELO_PSP: ['EXPIRED'],
};
function pixStatus(statuses: ChargeStatus[] | undefined): string | undefined {
  if (!statuses) return undefined;
  const words = Object.entries(PIX_READS_AS).filter(([, reads]) => reads.some((s) => statuses.includes(s)));
  return words.length === 1 ? words[0][0] : undefined;
}

/**
 * `GET /v1/charges` of boletos: one date range by `date_of` (due days -> expired, else paid days -> payment, else
 * creation days, by default the last EFI_LIST_MAX_DAYS), `status` when it is one Efí word, `customer_document`,
 * `custom_id` (our externalId), `limit` (our page size) and `page` (from 1).
 */
export function efiChargesQuery(filters: ChargeListFilters, page: number, limit: number, now = new Date()) {
  const today = todayInSaoPaulo(now);
  const f = filters;
  const [dateOf, range] =
    f.dueFrom !== undefined || f.dueTo !== undefined
      ? ['expired', period(f.dueFrom, f.dueTo, ['dueFrom', 'dueTo'], today, true)]
      : f.paidFrom !== undefined || f.paidTo !== undefined
        ? ['payment', period(f.paidFrom, f.paidTo, ['paidFrom', 'paidTo'], today)]
        : ['creation', period(f.createdFrom, f.createdTo, ['createdFrom', 'createdTo'], today)];
  const query = new URLSearchParams({ charge_type: 'billet', begin_date: range.from, end_date: range.to });
  query.set('date_of', dateOf);
  const status = chargesStatus(f.statuses);
  if (status) query.set('status', status);
  if (f.payerDocument) query.set('customer_document', f.payerDocument);
  if (f.externalId) query.set('custom_id', f.externalId);
  query.set('limit', String(limit));
  query.set('page', String(page));
  return query;
}

/**
 * `GET /v2/cob` or `/v2/cobv`: `inicio`/`fim` over the creation instant (our creation days in Sao Paulo, by default
 * the last EFI_LIST_MAX_DAYS), `cpf`/`cnpj`, `status` when it is one BCB word, and `paginacao.*` (pages from 0).
 */
export function efiCobQuery(filters: ChargeListFilters, page: number, limit: number, now = new Date()) {
  const range = period(filters.createdFrom, filters.createdTo, ['createdFrom', 'createdTo'], todayInSaoPaulo(now));
  const query = new URLSearchParams({
    inicio: new Date(`${range.from}T00:00:00.000-03:00`).toISOString(),
    fim: new Date(`${range.to}T23:59:59.999-03:00`).toISOString(),
  });
  const doc = filters.payerDocument;
  if (doc) query.set(doc.length === 11 ? 'cpf' : 'cnpj', doc);
  const status = pixStatus(filters.statuses);
  if (status) query.set('status', status);
  query.set('paginacao.paginaAtual', String(page));
  query.set('paginacao.itensPorPagina', String(limit));
  return query;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;

/**
 * An entry of `GET /v1/charges` (`id`, a flat `customer`, `payment.payment_method`, `paid_at`, `paid_value`) -> the
 * unified Charge, read as `GET /v1/charge/:id` would be; a detail-shaped entry (`charge_id`) is read as such.
 */
export function fromEfiListed(item: unknown): Charge {
  const e = obj(item);
  if (e?.charge_id !== undefined) return fromEfiCharge({ data: e });
  const c = obj(e?.customer);
  const p = obj(e?.payment);
  const customer =
    c &&
    (typeof c.cnpj === 'string'
      ? { juridical_person: { corporate_name: c.corporate_name, cnpj: c.cnpj }, phone_number: c.phone_number }
      : { name: c.name, cpf: c.cpf, phone_number: c.phone_number });
  const charge = fromEfiCharge({
    data: {
      charge_id: e?.id,
      total: e?.total,
      status: e?.status,
      custom_id: e?.custom_id,
      created_at: e?.created_at,
      history: [],
      ...(customer ? { customer } : {}),
      ...(p ? { payment: { method: p.payment_method, banking_billet: p.banking_billet } } : {}),
    },
  });
  const paidAt = efiTimestamp(p?.paid_at) ?? efiTimestamp(p?.received_by_bank_at);
  if (charge.status === 'PAID' && paidAt) charge.paidAt = charge.updatedAt = paidAt;
  if (charge.status === 'PAID' && Number.isSafeInteger(p?.paid_value)) charge.paidAmount = p?.paid_value as number;
  return charge;
}

/** One bank page of one list: its entries as charges, and whether later pages may hold more. */
async function readPage(
  apis: { charges: EfiChargesClient; pix: EfiPixClient },
  ctx: EfiCtx,
  segment: EfiListSegment,
  filters: ChargeListFilters,
  page: number,
  size: number,
  now: Date,
): Promise<{ items: Charge[]; last: boolean }> {
  if (segment === 'charges') {
    const raw = await apis.charges.listCharges(ctx, efiChargesQuery(filters, page + 1, size, now));
    return { items: raw.map(fromEfiListed), last: raw.length < size };
  }
  const { cobs, pages } = await apis.pix.listCobs(ctx, segment, efiCobQuery(filters, page, size, now));
  return { items: cobs.map((cob) => fromEfiCob(cob, now)), last: cobs.length === 0 || page + 1 >= pages };
}

/**
 * One page of the tenant's Efí charges (see the module comment): at most `page.limit` bank entries, of which those
 * passing the filters a list cannot apply are returned.
 */
export async function listEfiCharges(
  apis: { charges: EfiChargesClient; pix: EfiPixClient },
  ctx: EfiCtx,
  filters: ChargeListFilters,
  page: ListPage,
  now = new Date(),
): Promise<ListResult> {
  const segments = efiSegments(filters, !!ctx.credentials.certificate);
  if (segments.length === 0) return { charges: [] };
  let at: EfiListAt | undefined = parseEfiPosition(page.position, segments);
  const charges: Charge[] = [];
  let room = page.limit;
  while (at && room > 0) {
    const skip: number = at.offset % page.limit;
    const read = await readPage(apis, ctx, at.segment, filters, Math.floor(at.offset / page.limit), page.limit, now);
    const taken = read.items.slice(skip, skip + room);
    charges.push(...taken.filter((c) => matchesFilters(c, filters)));
    room -= taken.length;
    const done: boolean = read.last && skip + taken.length >= read.items.length;
    const next: EfiListSegment | undefined = segments[segments.indexOf(at.segment) + 1];
    at = !done ? { segment: at.segment, offset: at.offset + taken.length } : next && { segment: next, offset: 0 };
  }
  return at ? { charges, next: efiPosition(at) } : { charges };
}
