import type { FieldError } from '../../common/errors/error-catalogue';
import type { CreateChargeDto } from './create-charge.dto';

const present = (v: unknown) => v !== undefined && v !== null;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Rules across fields, checked on a body whose fields were validated one by one. A field that
 * already failed its own rule gets no second message.
 */
export function crossFieldErrors(dto: CreateChargeDto, already: FieldError[]): FieldError[] {
  const failed = new Set(already.map((e) => e.field));
  const out: FieldError[] = [];
  const add = (field: string, message: string) => {
    if (!failed.has(field) && !out.some((e) => e.field === field)) out.push({ field, message });
  };
  const type = failed.has('type') ? undefined : dto.type;

  if (type === 'boleto' || type === 'bolepix') {
    if (!present(dto.dueDate)) add('dueDate', 'dueDate is required for boleto and bolepix');
    if (present(dto.expiresInSeconds))
      add('expiresInSeconds', 'expiresInSeconds is only used for pix (a boleto expires with its dueDate)');
  }
  if (type === 'pix') {
    if (present(dto.dueDate)) add('dueDate', 'dueDate is not used for pix; use expiresInSeconds');
    for (const field of ['fine', 'interest', 'discount'] as const) {
      if (present(dto[field])) add(field, `${field} is only available for boleto and bolepix`);
    }
  }
  for (const field of ['fine', 'discount'] as const) {
    const terms = dto[field];
    if (isObject(terms) && present(terms.percent) === present(terms.amount))
      add(field, `${field} needs exactly one of percent or amount`);
  }
  const discount = dto.discount;
  if (isObject(discount)) {
    if (typeof discount.amount === 'number' && typeof dto.amount === 'number' && discount.amount >= dto.amount) {
      add('discount.amount', 'discount.amount must be less than amount');
    }
    if (
      typeof discount.until === 'string' &&
      typeof dto.dueDate === 'string' &&
      !failed.has('dueDate') &&
      discount.until > dto.dueDate
    ) {
      add('discount.until', 'discount.until must not be after dueDate');
    }
  }
  return out;
}
