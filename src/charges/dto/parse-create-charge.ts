import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { documentType, normalizeCep, normalizeDocument } from '@lib/brazil';
import type { Address, CreateChargeInput, Payer } from '@lib/providers';
import { AppError } from '../../common/errors/app-error';
import type { FieldError } from '../../common/errors/error-catalogue';
import { assertBodyShape } from '../../common/http/body-depth';
import { flattenValidationErrors } from '../../common/http/validation.pipe';

export { assertBodyShape };
import { crossFieldErrors } from './charge-rules';
import { CreateChargeDto } from './create-charge.dto';
import type { AddressDto, PayerDto } from './payer.dto';

export type ParsedCreateCharge = { ok: true; input: CreateChargeInput } | { ok: false; error: AppError };

/** Copies only the keys whose value is present (drops undefined and null). */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

function address(a: AddressDto): Address {
  return compact({
    street: a.street.trim(),
    number: a.number.trim(),
    complement: a.complement?.trim() || undefined,
    district: a.district.trim(),
    city: a.city.trim(),
    state: a.state.trim().toUpperCase(),
    zipCode: normalizeCep(a.zipCode) as string,
  });
}

function payer(p: PayerDto): Payer {
  return compact({
    name: p.name.trim(),
    document: normalizeDocument(p.document),
    documentType: documentType(p.document) as Payer['documentType'],
    email: p.email ?? undefined,
    phone: p.phone ?? undefined,
    address: p.address ? address(p.address) : undefined,
  });
}

/**
 * Validates a create-charge body exactly as POST /v1/charges documents it (the MCP tools call the
 * same function through ChargesService), and normalizes it: document without punctuation and with
 * its type, UF uppercase, CEP as 8 digits. Failures come back as one VALIDATION_ERROR naming every field.
 */
export async function parseCreateCharge(body: unknown): Promise<ParsedCreateCharge> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: AppError.validation([{ field: 'body', message: 'the body must be a JSON object' }]) };
  }
  let dto: CreateChargeDto;
  let errors: FieldError[];
  try {
    dto = plainToInstance(CreateChargeDto, body);
    errors = flattenValidationErrors(
      await validate(dto, {
        whitelist: true,
        forbidNonWhitelisted: true,
        forbidUnknownValues: true,
        validationError: { target: false, value: false },
      }),
    );
    errors.push(...crossFieldErrors(dto, errors));
  } catch {
    // A validator that throws (validator.js's encodeURI on a lone surrogate did) is the input's fault: never a 500.
    return { ok: false, error: AppError.validation([{ field: 'body', message: 'the body could not be validated' }]) };
  }
  // One message per field: the first rule that failed (the type check, where a field has one), and
  // class-validator's "nested property x must be either object or array" only when nothing else names x.
  const generic = (e: FieldError) => /^nested property /.test(e.message);
  const named = new Set<string>();
  const reported = [...errors.filter((e) => !generic(e)), ...errors.filter(generic)].filter(
    (e) => !named.has(e.field) && named.add(e.field),
  );
  if (reported.length > 0) return { ok: false, error: AppError.validation(reported) };
  const input: CreateChargeInput = compact({
    type: dto.type,
    amount: dto.amount,
    dueDate: dto.dueDate,
    expiresInSeconds: dto.expiresInSeconds,
    description: dto.description,
    externalId: dto.externalId,
    payer: payer(dto.payer),
    fine: dto.fine ? compact({ percent: dto.fine.percent, amount: dto.fine.amount }) : undefined,
    interest: dto.interest ? { monthlyPercent: dto.interest.monthlyPercent } : undefined,
    discount: dto.discount
      ? compact({ percent: dto.discount.percent, amount: dto.discount.amount, until: dto.discount.until })
      : undefined,
  });
  return { ok: true, input };
}
