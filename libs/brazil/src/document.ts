import { isValidCnpj as isValidCnpjFormat } from '@brazilian-utils/brazilian-utils/is-valid-cnpj';
import { isValidCpf as isValidCpfFormat } from '@brazilian-utils/brazilian-utils/is-valid-cpf';

/** The two kinds of Brazilian taxpayer document a payer can carry. */
export type DocumentType = 'CPF' | 'CNPJ';

const CPF = /^\d{11}$/;
// IN RFB 2.229/2024: 12 characters [0-9A-Z] (root and order) followed by 2 numeric check digits.
const CNPJ = /^[0-9A-Z]{12}\d{2}$/;

/** Removes the mask (`.`, `-`, `/`, whitespace) and uppercases letters: `12.abc.345/01de-35` -> `12ABC34501DE35`. */
export function normalizeDocument(input: string): string {
  return input.replace(/[.\-/\s]/g, '').toUpperCase();
}

/**
 * True for an 11-digit CPF with valid check digits (mod 11, weights 10..2 then 11..2); repeated-digit
 * CPFs (`00000000000`) are invalid. Accepts the normalized form and, as a convenience, the masked one.
 */
export function isValidCpf(normalized: string): boolean {
  const value = normalizeDocument(normalized);
  return CPF.test(value) && !isRepeated(value) && isValidCpfFormat(value);
}

/**
 * True for a CNPJ with valid check digits, numeric or alphanumeric (from July 2026). Each
 * character is worth its ASCII code minus 48 ('0'..'9' -> 0..9, 'A' -> 17 ... 'Z' -> 42), and both
 * check digits are mod 11 with weights 5,4,3,2,9,8,7,6,5,4,3,2 and 6,5,4,3,2,9,8,7,6,5,4,3,2
 * (Nota Técnica Conjunta COCAD/SUARA/RFB nº 49/2024). Repeated sequences (`00000000000000`) are invalid.
 * Accepts the normalized form and, as a convenience, the masked one.
 */
export function isValidCnpj(normalized: string): boolean {
  const value = normalizeDocument(normalized);
  return CNPJ.test(value) && !isRepeated(value) && isValidCnpjFormat(value, { version: 2 });
}

/** Normalizes, then tells a valid CPF (11 characters) from a valid CNPJ (14); anything else is undefined. */
export function documentType(input: string): DocumentType | undefined {
  const value = normalizeDocument(input);
  if (value.length === 11) return isValidCpf(value) ? 'CPF' : undefined;
  if (value.length === 14) return isValidCnpj(value) ? 'CNPJ' : undefined;
  return undefined;
}

function isRepeated(value: string): boolean {
  return value === value.charAt(0).repeat(value.length);
}
