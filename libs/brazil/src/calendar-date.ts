/**
 * Calendar dates as `YYYY-MM-DD` strings (no time, no zone), the way due dates travel through the
 * gateway. Arithmetic is done on whole days in UTC so that no local zone or DST can shift a date.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real calendar date written `YYYY-MM-DD` (`2025-02-30` and `2025-2-3` are false). */
export function isValidIsoDate(value: string): boolean {
  return typeof value === 'string' && toDay(value) !== undefined;
}

/** Days since 1970-01-01 for a `YYYY-MM-DD` date; throws RangeError when it is not a real date. */
export function isoDateToDay(value: string): number {
  const day = typeof value === 'string' ? toDay(value) : undefined;
  if (day === undefined) throw new RangeError('date must be a real calendar date written YYYY-MM-DD');
  return day;
}

/** The `YYYY-MM-DD` date that is `day` days after 1970-01-01. */
export function dayToIsoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Built once: constructing an Intl.DateTimeFormat costs far more than formatting with it (it was 6 % of a create). */
let saoPauloDate: Intl.DateTimeFormat | undefined;

/** Today's date in Brazil's official time (America/Sao_Paulo), where due dates are counted. */
export function todayInSaoPaulo(now: Date = new Date()): string {
  saoPauloDate ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Sao_Paulo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const parts = saoPauloDate.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function toDay(value: string): number | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  const roundTrips = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return roundTrips ? date.getTime() / DAY_MS : undefined;
}
