import { isValidCep } from '@brazilian-utils/brazilian-utils/is-valid-cep';
import { parseCep } from '@brazilian-utils/brazilian-utils/parse-cep';

/** The 27 federative units (26 states and the Federal District), as used in addresses. */
export const UFS: readonly string[] = Object.freeze([
  'AC',
  'AL',
  'AM',
  'AP',
  'BA',
  'CE',
  'DF',
  'ES',
  'GO',
  'MA',
  'MG',
  'MS',
  'MT',
  'PA',
  'PB',
  'PE',
  'PI',
  'PR',
  'RJ',
  'RN',
  'RO',
  'RR',
  'RS',
  'SC',
  'SE',
  'SP',
  'TO',
]);

const UF_SET: ReadonlySet<string> = new Set(UFS);

/** True only for one of the 27 UF codes, written in uppercase (`SP`, not `sp` or `São Paulo`). */
export function isValidUf(uf: string): boolean {
  return UF_SET.has(uf);
}

/** Trims and uppercases a UF code: `' sp '` -> `'SP'`; undefined when it is not one of the 27. */
export function normalizeUf(input: string): string | undefined {
  const uf = input.trim().toUpperCase();
  return isValidUf(uf) ? uf : undefined;
}

/**
 * The 8 digits of a CEP once `-`, `.` and spaces are removed (`01310-100` -> `01310100`), or
 * undefined when anything else is left (letters, 7 or 9 digits).
 */
export function normalizeCep(input: string): string | undefined {
  if (typeof input !== 'string' || !isValidCep(input)) return undefined;
  const cep = parseCep(input);
  return /^\d{8}$/.test(cep) ? cep : undefined;
}
