import { randomInt, seededRandom } from '../test/seeded-random';
import { centsToDecimal, decimalToCents } from './money';

describe('centsToDecimal', () => {
  it.each([
    [1234, '12.34'],
    [5, '0.05'],
    [50, '0.50'],
    [0, '0.00'],
    [100, '1.00'],
    [9_999_999_999, '99999999.99'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('formats %d cents as %s', (cents, decimal) => {
    expect(centsToDecimal(cents)).toBe(decimal);
  });

  it.each([
    ['a fraction of a cent', 12.5],
    ['a negative amount', -1],
    ['NaN', Number.NaN],
    ['an unsafe integer', Number.MAX_SAFE_INTEGER + 1],
  ])('throws RangeError for %s', (_case, cents) => {
    expect(() => centsToDecimal(cents)).toThrow(RangeError);
  });
});

describe('decimalToCents', () => {
  it.each([
    ['12.34', 1234],
    ['12.3', 1230],
    ['12', 1200],
    ['0.01', 1],
    ['007.50', 750],
    [' 1.00 ', 100],
    [12.34, 1234],
    [0.07, 7],
    [1.1, 110],
    [0, 0],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
  ])('reads %p as %d cents', (value, cents) => {
    expect(decimalToCents(value)).toBe(cents);
  });

  it('is exact where float arithmetic is not: 0.29 and 1.15 do not become 28 or 114 cents', () => {
    expect(Math.floor(0.29 * 100)).toBe(28);
    expect(decimalToCents(0.29)).toBe(29);
    expect(decimalToCents('1.15')).toBe(115);
  });

  it.each([
    ['more than 2 decimals', '1.005'],
    ['a float sum with a long tail', 0.1 + 0.2],
    ['a negative string', '-1.00'],
    ['a negative number', -0.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a comma as decimal separator', '1,50'],
    ['exponent notation', '1e3'],
    ['a leading plus', '+1'],
    ['a trailing dot', '1.'],
    ['a leading dot', '.5'],
    ['an empty string', ''],
    ['letters', 'abc'],
    ['more cents than MAX_SAFE_INTEGER', '90071992547409.92'],
    ['a huge number', 1e21],
  ])('throws RangeError for %s', (_case, value) => {
    expect(() => decimalToCents(value)).toThrow(RangeError);
  });

  it('throws RangeError for values of other types arriving from untyped JSON', () => {
    expect(() => decimalToCents(null as unknown as string)).toThrow(RangeError);
    expect(() => decimalToCents({} as unknown as string)).toThrow(RangeError);
  });

  it('round-trips every amount from 0 to 100000 cents and random large ones', () => {
    const random = seededRandom(1234);
    const samples = [
      ...Array(100_001).keys(),
      ...Array.from({ length: 5000 }, () => randomInt(random, 0, Number.MAX_SAFE_INTEGER)),
    ];
    expect(samples.filter((cents) => decimalToCents(centsToDecimal(cents)) !== cents)).toEqual([]);
  });
});
