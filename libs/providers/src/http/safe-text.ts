/**
 * Provider error text reduced to something safe to show a caller: strings only, control
 * characters removed, whitespace collapsed, at most 200 characters. Never pass a whole body here.
 */
export function safeText(value: unknown, max = 200): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return undefined;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
