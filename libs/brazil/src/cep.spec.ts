import { getStates } from '@brazilian-utils/brazilian-utils/get-states';
import { UFS, isValidUf, normalizeCep, normalizeUf } from './cep';

describe('UFS', () => {
  it('lists the 27 federative units, the same set IBGE publishes', () => {
    expect(UFS).toHaveLength(27);
    expect([...UFS].sort()).toEqual(
      getStates()
        .map((s) => s.code)
        .sort(),
    );
  });

  it('cannot be changed at run time', () => {
    expect(() => (UFS as string[]).push('XX')).toThrow(TypeError);
  });
});

describe('isValidUf / normalizeUf', () => {
  it('accepts uppercase UF codes only', () => {
    expect(isValidUf('SP')).toBe(true);
    expect(isValidUf('DF')).toBe(true);
    expect(isValidUf('sp')).toBe(false);
    expect(isValidUf('XX')).toBe(false);
    expect(isValidUf('São Paulo')).toBe(false);
  });

  it('normalizes case and spaces, and refuses unknown codes', () => {
    expect(normalizeUf(' rj ')).toBe('RJ');
    expect(normalizeUf('BR')).toBeUndefined();
  });
});

describe('normalizeCep', () => {
  it.each([
    ['01310-100', '01310100'],
    ['01310100', '01310100'],
    ['92.500-000', '92500000'],
    [' 01310 100 ', '01310100'],
  ])('reads %s as %s', (input, cep) => {
    expect(normalizeCep(input)).toBe(cep);
  });

  it.each([
    ['7 digits', '1310100'],
    ['9 digits', '013101000'],
    ['a letter', '01310-10A'],
    ['a slash', '01310/100'],
    ['an empty string', ''],
  ])('returns undefined for %s', (_case, input) => {
    expect(normalizeCep(input)).toBeUndefined();
  });
});
