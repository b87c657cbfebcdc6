import { centsToDecimal, isValidCnpj, isValidCpf, isValidIsoDate, todayInSaoPaulo } from '@lib/brazil';
import type { SimReply } from './sim-server';

/** One entry of Asaas's `{errors: [{code, description}]}`. */
export interface AsaasSimError {
  code: string;
  description: string;
}

/** An Asaas error answer: `status` with `{errors: [{code, description}]}` (and `headers`, e.g. RateLimit-*). */
export const asaasError = (
  status: number,
  code: string,
  description: string,
  headers?: Record<string, string>,
): SimReply => ({
  status,
  body: { errors: [{ code, description }] },
  ...(headers ? { headers } : {}),
});

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;

export const BILLING_TYPES = ['UNDEFINED', 'BOLETO', 'CREDIT_CARD', 'PIX'];

/** A JSON number (or numeric string) of reais with at most two decimals -> cents; undefined otherwise. */
export function reaisToCents(v: unknown): number | undefined {
  const text = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v : '';
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : undefined;
}

/** CPF (11 digits) or CNPJ (14, alphanumeric from 2026) with valid check digits. */
export function validCpfCnpj(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const doc = v.replace(/[.\-/\s]/g, '').toUpperCase();
  return doc.length === 11 ? isValidCpf(doc) : doc.length === 14 ? isValidCnpj(doc) : false;
}

/** `POST /v3/customers` (CustomerSaveRequestDTO): name and cpfCnpj required; email, postalCode, complement checked. */
export function validateCustomer(body: unknown): AsaasSimError[] {
  const b = obj(body);
  if (!b) return [{ code: 'invalid_object', description: 'O corpo da requisição deve ser um objeto JSON.' }];
  const out: AsaasSimError[] = [];
  if (typeof b.name !== 'string' || b.name.trim() === '')
    out.push({ code: 'invalid_name', description: 'O nome do cliente deve ser informado.' });
  if (b.cpfCnpj === undefined || b.cpfCnpj === '')
    out.push({ code: 'invalid_cpfCnpj', description: 'O CPF/CNPJ do cliente deve ser informado.' });
  else if (!validCpfCnpj(b.cpfCnpj))
    out.push({ code: 'invalid_cpfCnpj', description: 'O CPF/CNPJ informado é inválido.' });
  if (b.email !== undefined && (typeof b.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(b.email)))
    out.push({ code: 'invalid_email', description: 'O email informado é inválido.' });
  if (b.postalCode !== undefined && (typeof b.postalCode !== 'string' || !/^\d{5}-?\d{3}$/.test(b.postalCode)))
    out.push({ code: 'invalid_postalCode', description: 'O CEP informado é inválido.' });
  if (b.complement !== undefined && (typeof b.complement !== 'string' || b.complement.length > 255))
    out.push({ code: 'invalid_complement', description: 'O complemento deve ter no máximo 255 caracteres.' });
  return out;
}

function fineLike(field: 'fine' | 'interest' | 'discount', v: unknown, out: AsaasSimError[]): void {
  if (v === undefined) return;
  const o = obj(v);
  const value = o?.value;
  const bad = (): void => {
    out.push({ code: `invalid_${field}`, description: `O campo ${field} é inválido.` });
  };
  if (!o || typeof value !== 'number' || !(value >= 0)) return bad();
  if (field !== 'interest' && o.type !== undefined && o.type !== 'FIXED' && o.type !== 'PERCENTAGE') return bad();
  if (field === 'discount' && o.type === 'PERCENTAGE' && value >= 100) return bad();
  if (
    field === 'discount' &&
    o.dueDateLimitDays !== undefined &&
    !(Number.isInteger(o.dueDateLimitDays) && (o.dueDateLimitDays as number) >= 0)
  )
    return bad();
}

/**
 * `POST /v3/payments` (PaymentSaveRequestDTO): customer, billingType (enum), value (> 0, two decimals at most),
 * dueDate (YYYY-MM-DD, not before today in Sao Paulo) required; description at most 500; fine / interest / discount.
 * `minValueCents` is configurable (Asaas's minimum is not documented). `customerExists` says whether the customer id is one of the account's live customers.
 */
export function validatePayment(
  body: unknown,
  customerExists: (id: string) => boolean,
  minValueCents = 1,
): AsaasSimError[] {
  const b = obj(body);
  if (!b) return [{ code: 'invalid_object', description: 'O corpo da requisição deve ser um objeto JSON.' }];
  const out: AsaasSimError[] = [];
  if (typeof b.customer !== 'string' || !customerExists(b.customer))
    out.push({ code: 'invalid_customer', description: 'Customer inválido ou não informado.' });
  if (typeof b.billingType !== 'string' || !BILLING_TYPES.includes(b.billingType))
    out.push({ code: 'invalid_billingType', description: 'Forma de pagamento inválida.' });
  if (b.value === undefined || b.value === null)
    out.push({ code: 'invalid_value', description: 'O campo value deve ser informado.' });
  else {
    const cents = reaisToCents(b.value);
    if (cents === undefined) out.push({ code: 'invalid_value', description: 'O valor informado é inválido.' });
    else if (cents <= 0) out.push({ code: 'invalid_value', description: 'O valor da cobrança deve ser maior que 0.' });
    else if (cents < minValueCents)
      out.push({
        code: 'invalid_value',
        description: `O valor mínimo da cobrança é R$ ${centsToDecimal(minValueCents).replace('.', ',')}.`,
      });
  }
  const due = typeof b.dueDate === 'string' ? b.dueDate : '';
  if (!due) out.push({ code: 'invalid_dueDate', description: 'O campo dueDate deve ser informado.' });
  else if (!isValidIsoDate(due))
    out.push({ code: 'invalid_dueDate', description: 'A data de vencimento informada é inválida.' });
  else if (due < todayInSaoPaulo())
    out.push({ code: 'invalid_dueDate', description: 'Não é permitido data de vencimento inferior a hoje.' });
  if (b.description !== undefined && (typeof b.description !== 'string' || b.description.length > 500))
    out.push({ code: 'invalid_description', description: 'A descrição deve ter no máximo 500 caracteres.' });
  if (b.externalReference !== undefined && typeof b.externalReference !== 'string')
    out.push({ code: 'invalid_externalReference', description: 'O campo externalReference é inválido.' });
  fineLike('fine', b.fine, out);
  fineLike('interest', b.interest, out);
  fineLike('discount', b.discount, out);
  return out;
}
