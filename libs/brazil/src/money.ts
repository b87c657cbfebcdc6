/**
 * Money helpers. The gateway holds amounts as integer cents; decimals appear only at the edges
 * (JSON input, provider payloads, the Pix BR Code). Conversions use string and integer arithmetic
 * so that no binary floating-point rounding can change an amount.
 */

const DECIMAL = /^(\d+)(?:\.(\d{1,2}))?$/;
const MAX_CENTS = BigInt(Number.MAX_SAFE_INTEGER);

/** Formats integer cents as a decimal string with two places: `1234` -> `"12.34"`, `5` -> `"0.05"`. */
export function centsToDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) {
    throw new RangeError('amount in cents must be a non-negative safe integer');
  }
  const digits = String(cents).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * Converts a decimal amount (`"12.34"`, `"12.3"`, `"12"`, `12.34`) to integer cents, exactly.
 * Throws RangeError on anything that is not an exact non-negative amount with at most two
 * decimals: `"1.005"`, `0.1 + 0.2`, `"-1"`, `"1,50"`, `"1e3"`, `NaN`, `Infinity`, `""`, or an
 * amount above Number.MAX_SAFE_INTEGER cents.
 */
export function decimalToCents(value: string | number): number {
  const text = decimalText(value);
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError('amount must be a non-negative decimal with at most 2 decimal places');
  const cents = BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  if (cents > MAX_CENTS) throw new RangeError('amount is too large');
  return Number(cents);
}

function decimalText(value: string | number): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('amount must be a finite number');
    // String() gives the shortest representation that round-trips the double: 12.34 -> "12.34",
    // 0.1 + 0.2 -> "0.30000000000000004" (rejected below as having more than two decimals).
    return String(value);
  }
  throw new RangeError('amount must be a string or a number');
}
