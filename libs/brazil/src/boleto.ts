import { formatBoleto } from '@brazilian-utils/brazilian-utils/format-boleto';
import { dayToIsoDate, isoDateToDay, todayInSaoPaulo } from './calendar-date';

/**
 * Boleto "ficha de compensação" (FEBRABAN layout, BCB Carta-Circular 2.926/2000).
 * Barcode, 44 digits: bank(3) currency(1, always 9) general DV(1) due-date factor(4) amount in
 * cents(10) free field(25, bank-specific). The digitable line (47 digits) regroups the same data in
 * five fields, the first three each followed by a mod 10 check digit.
 */
export interface BoletoInput {
  /** COMPE bank code, 3 digits. */
  bankCode: string;
  /** Due date, `YYYY-MM-DD`. */
  dueDate: string;
  /** 0 ("amount to be filled in by the payer") up to 9_999_999_999 cents (10 digits). */
  amountCents: number;
  /** Bank-specific 25 digits (agreement, "nosso número", wallet, ...). */
  freeField: string;
}

export interface Boleto {
  barcode: string;
  digitableLine: string;
}

export interface ParsedBoleto {
  bankCode: string;
  /** Absent when the factor is `0000` (no due date on the slip). */
  dueDate?: string;
  dueDateFactor: string;
  amountCents: number;
  freeField: string;
  barcode: string;
  digitableLine: string;
}

export interface ParseBoletoOptions {
  /** `YYYY-MM-DD` used to pick the factor's cycle; defaults to today in America/Sao_Paulo. */
  referenceDate?: string;
}

const FACTOR_BASE_DAY = isoDateToDay('1997-10-07');
// From 2025-02-22 (day 10000 since the base) the factor restarts at 1000: every 9000 days it wraps.
const FACTOR_CYCLE_DAYS = 9000;
const MAX_AMOUNT_CENTS = 9_999_999_999;

/**
 * The 4-digit "fator de vencimento": days since 1997-10-07 (1000 = 2000-07-03, 9999 = 2025-02-21),
 * restarting at 1000 on 2025-02-22 and every 9000 days after that. Throws RangeError for a date that
 * is not a real `YYYY-MM-DD` date or is not after 1997-10-07.
 */
export function dueDateFactor(dueDate: string): string {
  const days = isoDateToDay(dueDate) - FACTOR_BASE_DAY;
  if (days < 1) throw new RangeError('boleto due date must be after 1997-10-07');
  const factor = days > 9999 ? ((days - 1000) % FACTOR_CYCLE_DAYS) + 1000 : days;
  return String(factor).padStart(4, '0');
}

/**
 * The due date a factor stands for. A factor repeats every 9000 days, so the date returned is the
 * candidate closest to `referenceDate`; undefined for `0000` (no due date).
 */
export function dueDateFromFactor(factor: string, referenceDate: string = todayInSaoPaulo()): string | undefined {
  if (!/^\d{4}$/.test(factor)) throw new RangeError('due date factor must be 4 digits');
  const value = Number(factor);
  if (value === 0) return undefined;
  if (value < 1000) return dayToIsoDate(FACTOR_BASE_DAY + value);
  const firstCycleDay = FACTOR_BASE_DAY + value;
  const cycles = Math.max(0, Math.round((isoDateToDay(referenceDate) - firstCycleDay) / FACTOR_CYCLE_DAYS));
  return dayToIsoDate(firstCycleDay + cycles * FACTOR_CYCLE_DAYS);
}

/** Builds the barcode and the digitable line; throws RangeError on any field out of the layout. */
export function buildBoleto(input: BoletoInput): Boleto {
  const { bankCode, dueDate, amountCents, freeField } = input;
  // A leading 8 identifies an "arrecadação" (utility/tax) slip, a different layout.
  if (typeof bankCode !== 'string' || !/^[0-79]\d{2}$/.test(bankCode))
    throw new RangeError('bank code must be 3 digits (COMPE), not starting with 8');
  if (!Number.isSafeInteger(amountCents) || amountCents < 0 || amountCents > MAX_AMOUNT_CENTS) {
    throw new RangeError('boleto amount must be an integer from 0 to 9999999999 cents');
  }
  if (typeof freeField !== 'string' || !/^\d{25}$/.test(freeField))
    throw new RangeError('boleto free field must be 25 digits');
  const body = `${bankCode}9${dueDateFactor(dueDate)}${String(amountCents).padStart(10, '0')}${freeField}`;
  const barcode = `${body.slice(0, 4)}${generalCheckDigit(body)}${body.slice(4)}`;
  return { barcode, digitableLine: lineFromBarcode(barcode) };
}

/** True for a 44-digit barcode of a bank slip: currency 9 and a matching mod 11 general check digit. */
export function isValidBarcode(barcode: string): boolean {
  const digits = stripFormatting(barcode);
  if (!/^[0-79]\d{2}9\d{40}$/.test(digits)) return false;
  return digits[4] === generalCheckDigit(digits.slice(0, 4) + digits.slice(5));
}

/** True for a 47-digit digitable line (dots and spaces allowed) whose four check digits all match. */
export function isValidDigitableLine(line: string): boolean {
  const digits = stripFormatting(line);
  if (!/^\d{47}$/.test(digits)) return false;
  const fieldsOk = [
    [0, 9],
    [10, 20],
    [21, 31],
  ].every(([start, dv]) => digits[dv] === mod10(digits.slice(start, dv)));
  return fieldsOk && isValidBarcode(barcodeFromLine(digits));
}

/** Converts a valid barcode to its 47-digit digitable line; throws RangeError on an invalid barcode. */
export function barcodeToDigitableLine(barcode: string): string {
  const digits = stripFormatting(barcode);
  if (!isValidBarcode(digits)) throw new RangeError('invalid boleto barcode');
  return lineFromBarcode(digits);
}

/** Converts a valid digitable line (formatted or not) to its 44-digit barcode; throws RangeError otherwise. */
export function digitableLineToBarcode(line: string): string {
  const digits = stripFormatting(line);
  if (!isValidDigitableLine(digits)) throw new RangeError('invalid boleto digitable line');
  return barcodeFromLine(digits);
}

/** Formats a valid digitable line for display: `AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D FFFFVVVVVVVVVV`. */
export function formatDigitableLine(line: string): string {
  const digits = stripFormatting(line);
  if (!isValidDigitableLine(digits)) throw new RangeError('invalid boleto digitable line');
  return formatBoleto(digits);
}

/** Reads a digitable line (47) or a barcode (44), formatted or not; throws RangeError when invalid. */
export function parseBoleto(lineOrBarcode: string, options: ParseBoletoOptions = {}): ParsedBoleto {
  const digits = stripFormatting(lineOrBarcode);
  let barcode: string;
  if (digits.length === 47 && isValidDigitableLine(digits)) barcode = barcodeFromLine(digits);
  else if (digits.length === 44 && isValidBarcode(digits)) barcode = digits;
  else throw new RangeError('not a valid boleto digitable line (47 digits) or barcode (44 digits)');
  const factor = barcode.slice(5, 9);
  const dueDate = dueDateFromFactor(factor, options.referenceDate);
  return {
    bankCode: barcode.slice(0, 3),
    ...(dueDate === undefined ? {} : { dueDate }),
    dueDateFactor: factor,
    amountCents: Number(barcode.slice(9, 19)),
    freeField: barcode.slice(19),
    barcode,
    digitableLine: lineFromBarcode(barcode),
  };
}

function stripFormatting(value: string): string {
  return typeof value === 'string' ? value.replace(/[\s.]/g, '') : '';
}

function lineFromBarcode(barcode: string): string {
  const field1 = barcode.slice(0, 4) + barcode.slice(19, 24);
  const field2 = barcode.slice(24, 34);
  const field3 = barcode.slice(34, 44);
  return `${field1}${mod10(field1)}${field2}${mod10(field2)}${field3}${mod10(field3)}${barcode[4]}${barcode.slice(5, 19)}`;
}

function barcodeFromLine(line: string): string {
  return line.slice(0, 4) + line[32] + line.slice(33, 47) + line.slice(4, 9) + line.slice(10, 20) + line.slice(21, 31);
}

/** Mod 10, right to left, weights 2,1,2,1...; products above 9 count as the sum of their digits. */
function mod10(digits: string): string {
  let sum = 0;
  for (let i = digits.length - 1, weight = 2; i >= 0; i--, weight = 3 - weight) {
    const product = Number(digits[i]) * weight;
    sum += product > 9 ? product - 9 : product;
  }
  return String((10 - (sum % 10)) % 10);
}

/** General check digit over the other 43 digits: mod 11, weights 2..9 right to left; 0, 10 and 11 become 1. */
function generalCheckDigit(body43: string): string {
  let sum = 0;
  for (let i = body43.length - 1, weight = 2; i >= 0; i--, weight = weight === 9 ? 2 : weight + 1) {
    sum += Number(body43[i]) * weight;
  }
  const dv = 11 - (sum % 11);
  return String(dv === 10 || dv === 11 ? 1 : dv);
}
