import type { RefundChargeInput } from '@lib/providers';
import { AppError } from '../../common/errors/app-error';
import type { FieldError } from '../../common/errors/error-catalogue';

const MAX_AMOUNT = 9_999_999_999;

/**
 * Validates a refund's body (POST /v1/charges/:id/refunds, the refund_charge tool): `amount` integer cents 1 to
 * 9999999999 (absent: all that is left), `reason` 1 to 140 characters; no other field. An absent body is `{}`.
 */
export function parseRefund(body: unknown): RefundChargeInput {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw AppError.validation([{ field: 'body', message: 'the body must be a JSON object' }]);
  const errors: FieldError[] = [];
  const input: RefundChargeInput = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (name === 'amount') {
      if (Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= MAX_AMOUNT)
        input.amount = value as number;
      else errors.push({ field: 'amount', message: `amount must be integer cents from 1 to ${MAX_AMOUNT}` });
    } else if (name === 'reason') {
      if (typeof value === 'string' && value.trim().length >= 1 && value.length <= 140) input.reason = value.trim();
      else errors.push({ field: 'reason', message: 'reason must be 1 to 140 characters' });
    } else if (value !== undefined) errors.push({ field: name, message: `${name} is not a field of a refund` });
  }
  if (errors.length > 0) throw AppError.validation(errors);
  return input;
}
