import { isValidIsoDate, normalizeDocument } from '@lib/brazil';
import { CHARGE_STATUSES, CHARGE_TYPES, ChargeListFilters, ChargeStatus, ChargeType } from '@lib/providers';
import { AppError } from '../../common/errors/app-error';
import type { FieldError } from '../../common/errors/error-catalogue';

/** A listing request, validated: the filters, the page size and the caller's cursor (still sealed). */
export interface ListQuery {
  filters: ChargeListFilters;
  limit: number;
  cursor?: string;
}

export const DEFAULT_LIST_LIMIT = 20;
export const MAX_LIST_LIMIT = 100;
const DATE_PAIRS = [
  ['createdFrom', 'createdTo'],
  ['dueFrom', 'dueTo'],
  ['paidFrom', 'paidTo'],
] as const;
const KNOWN = new Set(['status', 'type', ...DATE_PAIRS.flat(), 'externalId', 'payerDocument', 'limit', 'cursor']);
const statuses: readonly string[] = CHARGE_STATUSES;
const types: readonly string[] = CHARGE_TYPES;

/** One value of a query parameter (a repeated one is refused, except `status`). */
function single(errors: FieldError[], name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  errors.push({ field: name, message: `${name} must be given once` });
  return undefined;
}

/**
 * Validates the query of GET /v1/charges (and the list_charges tool's arguments, which have the same names):
 * `status` repeatable or comma-separated, dates YYYY-MM-DD (America/Sao_Paulo) with from <= to, `limit` 1 to 100
 * (default 20). Every problem is a field of one 400 VALIDATION_ERROR; an unknown parameter is refused too.
 */
export function parseListQuery(query: Record<string, unknown>): ListQuery {
  const errors: FieldError[] = [];
  const filters: ChargeListFilters = {};
  for (const name of Object.keys(query))
    if (!KNOWN.has(name)) errors.push({ field: name, message: `${name} is not a filter of this listing` });

  const rawStatus = query.status;
  if (rawStatus !== undefined) {
    const parts = (Array.isArray(rawStatus) ? rawStatus : [rawStatus])
      .flatMap((v) => (typeof v === 'string' ? v.split(',') : [String(v)]))
      .map((v) => v.trim().toUpperCase());
    const bad = parts.filter((p) => !statuses.includes(p));
    if (bad.length > 0 || parts.length === 0)
      errors.push({ field: 'status', message: `status must be one or more of ${CHARGE_STATUSES.join(', ')}` });
    else filters.statuses = [...new Set(parts)] as ChargeStatus[];
  }
  const type = single(errors, 'type', query.type);
  if (type !== undefined) {
    if (types.includes(type)) filters.type = type as ChargeType;
    else errors.push({ field: 'type', message: `type must be one of ${CHARGE_TYPES.join(', ')}` });
  }
  for (const pair of DATE_PAIRS) {
    for (const name of pair) {
      const value = single(errors, name, query[name]);
      if (value === undefined) continue;
      if (isValidIsoDate(value)) filters[name] = value;
      else errors.push({ field: name, message: `${name} must be a date as YYYY-MM-DD` });
    }
    const [from, to] = [filters[pair[0]], filters[pair[1]]];
    if (from !== undefined && to !== undefined && from > to)
      errors.push({ field: pair[1], message: `${pair[1]} must not be before ${pair[0]}` });
  }
  const externalId = single(errors, 'externalId', query.externalId);
  if (externalId !== undefined) {
    if (externalId.length >= 1 && externalId.length <= 64) filters.externalId = externalId;
    else errors.push({ field: 'externalId', message: 'externalId must be 1 to 64 characters' });
  }
  const document = single(errors, 'payerDocument', query.payerDocument);
  if (document !== undefined) {
    const normalized = normalizeDocument(document);
    if (/^\d{11}$|^[0-9A-Z]{12}\d{2}$/.test(normalized)) filters.payerDocument = normalized;
    else errors.push({ field: 'payerDocument', message: 'payerDocument must be a CPF (11 digits) or a CNPJ (14)' });
  }
  let limit = DEFAULT_LIST_LIMIT;
  const rawLimit = single(errors, 'limit', typeof query.limit === 'number' ? String(query.limit) : query.limit);
  if (rawLimit !== undefined) {
    if (/^\d{1,3}$/.test(rawLimit) && Number(rawLimit) >= 1 && Number(rawLimit) <= MAX_LIST_LIMIT)
      limit = Number(rawLimit);
    else errors.push({ field: 'limit', message: `limit must be an integer from 1 to ${MAX_LIST_LIMIT}` });
  }
  const cursor = single(errors, 'cursor', query.cursor);
  if (cursor !== undefined && (cursor.length === 0 || cursor.length > 4096))
    errors.push({ field: 'cursor', message: 'cursor must be the nextCursor of a previous page' });
  if (errors.length > 0) throw AppError.validation(errors);
  return { filters, limit, ...(cursor ? { cursor } : {}) };
}
