import { dayToIsoDate, isoDateToDay, todayInSaoPaulo } from '@lib/brazil';

/**
 * Dates in OpenAPI examples, relative to the day the document is served. A date example written as a
 * fixed day expires (a past dueDate is refused), so decorators write `daysFromToday(7)`, a marker that
 * {@link resolveExampleDates} turns into the `YYYY-MM-DD` date 7 days after today in America/Sao_Paulo
 * (where due dates are counted) each time the document is built or the day changes.
 */
const MARKER = /\{\{today\+(\d{1,4})d\}\}/g;

/** An example date `days` days after the day the document is served (a marker until then). */
export function daysFromToday(days: number): string {
  return `{{today+${days}d}}`;
}

/** A copy of `value` with every date marker replaced by the date it names, counted from `today` (YYYY-MM-DD). */
export function resolveExampleDates<T>(value: T, today: string = todayInSaoPaulo()): T {
  const base = isoDateToDay(today);
  const json = JSON.stringify(value).replace(MARKER, (_m, days: string) => dayToIsoDate(base + Number(days)));
  return JSON.parse(json) as T;
}

/**
 * Resolves the markers of a document once per day: the first call of a day builds the dated copy, the
 * next ones of that day answer it as is.
 */
export function datedDocumentCache<T>(): (template: T) => T {
  let cached: { template: T; day: string; document: T } | undefined;
  return (template) => {
    const day = todayInSaoPaulo();
    if (cached?.template !== template || cached.day !== day)
      cached = { template, day, document: resolveExampleDates(template, day) };
    return cached.document;
  };
}
