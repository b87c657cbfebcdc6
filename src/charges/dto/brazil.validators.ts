import { ValidateBy, ValidationOptions } from 'class-validator';
import { documentType, isValidIsoDate, isValidUf, normalizeCep, todayInSaoPaulo } from '@lib/brazil';

/** How far ahead a due date may be (keeps the boleto due-date factor unambiguous). */
export const MAX_DUE_DATE_YEARS = 10;

/** Letters, digits, punctuation and spaces; no control characters (they break bank layouts and logs). */
const NO_CONTROL = /^[^\p{Cc}\p{Cs}]*$/u;

function rule(
  name: string,
  test: (value: unknown) => boolean,
  message: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy({ name, validator: { validate: test, defaultMessage: () => message } }, options);
}

/** A string of `min..max` characters, not blank, without control characters. */
export function IsText(field: string, min: number, max: number): PropertyDecorator {
  return rule(
    'isText',
    (v) =>
      typeof v === 'string' &&
      v.length >= min &&
      v.length <= max &&
      NO_CONTROL.test(v) &&
      (min === 0 || v.trim().length > 0),
    `${field} must be ${min > 0 ? 'non-blank ' : ''}text of at most ${max} characters, without control characters`,
  );
}

export function IsCpfOrCnpj(field: string): PropertyDecorator {
  return rule(
    'isCpfOrCnpj',
    (v) => typeof v === 'string' && v.length <= 32 && documentType(v) !== undefined,
    `${field} must be a CPF or CNPJ with valid check digits`,
  );
}

/** Two-letter UF, any case (answered uppercase). */
export function IsUf(field: string): PropertyDecorator {
  return rule(
    'isUf',
    (v) => typeof v === 'string' && isValidUf(v.trim().toUpperCase()),
    `${field} must be a Brazilian state code (UF) such as SP or RJ`,
  );
}

export function IsCep(field: string): PropertyDecorator {
  return rule(
    'isCep',
    (v) => typeof v === 'string' && v.length <= 16 && normalizeCep(v) !== undefined,
    `${field} must be an 8-digit CEP (e.g. 01310-100)`,
  );
}

/** `YYYY-MM-DD`, a real date, not before today in America/Sao_Paulo and at most MAX_DUE_DATE_YEARS ahead. */
export function IsFutureIsoDate(field: string): PropertyDecorator {
  return rule(
    'isFutureIsoDate',
    (v) => typeof v === 'string' && isValidIsoDate(v) && v >= todayInSaoPaulo() && v <= maxDueDate(),
    `${field} must be a date YYYY-MM-DD from today (America/Sao_Paulo) up to ${MAX_DUE_DATE_YEARS} years ahead`,
  );
}

export function maxDueDate(now: Date = new Date()): string {
  const today = todayInSaoPaulo(now);
  return `${Number(today.slice(0, 4)) + MAX_DUE_DATE_YEARS}${today.slice(4)}`;
}
