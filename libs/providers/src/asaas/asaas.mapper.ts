import { centsToDecimal, decimalToCents, todayInSaoPaulo } from '@lib/brazil';
import { asaasRefunds } from './asaas.refunds';
import type { Charge, ChargeStatus, ChargeType, CreateChargeInput, Payer } from '../charge.model';
import { ProviderError } from '../provider-error';

/**
 * Asaas payment `status` -> unified status: the one table (the 14 values of the OpenAPI enum, plus two words of
 * ours). Unknown words fall back to PENDING (the raw word is kept in providerStatus).
 */
export const ASAAS_STATUS: Readonly<Record<string, ChargeStatus>> = {
  // Awaiting payment, before or on the due date.
  PENDING: 'PENDING',
  // Held for Asaas's risk analysis before it becomes payable.
  AWAITING_RISK_ANALYSIS: 'PROCESSING',
  // Card pre-authorization: an event in the OpenAPI, a status only in third-party mocks; never for boleto/Pix.
  AUTHORIZED: 'PROCESSING',
  // Past its due date, still payable.
  OVERDUE: 'OVERDUE',
  // Overdue and sent to collection agencies (negativação requested): still unpaid.
  DUNNING_REQUESTED: 'OVERDUE',
  // Paid and settled in the account.
  RECEIVED: 'PAID',
  // Paid, balance not yet available (for Pix on PF accounts: a precautionary block of up to 72 h).
  CONFIRMED: 'PAID',
  // Marked as received outside Asaas (cash) by the merchant.
  RECEIVED_IN_CASH: 'PAID',
  // Paid through the dunning process.
  DUNNING_RECEIVED: 'PAID',
  // Paid; the merchant asked for a refund that has not happened yet.
  REFUND_REQUESTED: 'PAID',
  // Paid; the refund is being processed.
  REFUND_IN_PROGRESS: 'PAID',
  // Paid (card); the payer disputes it.
  CHARGEBACK_REQUESTED: 'PAID',
  // Paid (card); the merchant contests the chargeback.
  CHARGEBACK_DISPUTE: 'PAID',
  // Paid (card); the chargeback was decided, awaiting its reversal.
  AWAITING_CHARGEBACK_REVERSAL: 'PAID',
  // The money went back to the payer.
  REFUNDED: 'REFUNDED',
  // Ours: Asaas keeps the last status with `deleted: true` (PAYMENT_DELETED); there is no CANCELLED word.
  DELETED: 'CANCELLED',
};

/** The providerStatus we report for a payment Asaas answers with `deleted: true`. */
export const ASAAS_DELETED = 'DELETED';

export function asaasStatus(raw: string): ChargeStatus {
  return ASAAS_STATUS[raw] ?? 'PENDING';
}

type Json = Record<string, unknown>;
export const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Asaas amounts (JSON numbers in reais, e.g. 129.9) -> integer cents, exactly; undefined when not an exact amount. */
export function asaasCents(value: unknown): number | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  try {
    return decimalToCents(value);
  } catch {
    return undefined;
  }
}

/** Integer cents -> the JSON number Asaas wants (`15990` -> 159.9: the decimal text parsed once, no arithmetic). */
export function asaasValue(cents: number): number {
  return Number(centsToDecimal(cents));
}

function fieldError(field: string, message: string): ProviderError {
  return new ProviderError('VALIDATION_ERROR', `Asaas: ${field} ${message}.`, { fields: [{ field, message }] });
}

/** Our charge type -> Asaas billingType: an Asaas BOLETO always carries a Pix QR too, so it is our bolepix. */
export const BILLING_TYPE: Partial<Record<ChargeType, string>> = { pix: 'PIX', bolepix: 'BOLETO' };

/** The due date Asaas requires: the caller's, or for a Pix without one the Sao Paulo date its expiry falls on. */
export function asaasDueDate(input: CreateChargeInput, now = Date.now()): string {
  if (input.dueDate) return input.dueDate;
  return todayInSaoPaulo(new Date(now + (input.expiresInSeconds ?? 86_400) * 1000));
}

/** Whole days from `from` to `to` (YYYY-MM-DD). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** CreateChargeInput -> Asaas `POST /v3/payments` body (value in reais, exact). */
export function toAsaasPayment(
  input: CreateChargeInput,
  customer: string,
  externalReference: string,
  now = Date.now(),
): Json {
  const billingType = BILLING_TYPE[input.type];
  if (!billingType) throw fieldError('type', `${input.type} is not offered by Asaas`);
  const dueDate = asaasDueDate(input, now);
  const body: Json = { customer, billingType, value: asaasValue(input.amount), dueDate, externalReference };
  if (input.description) body.description = input.description.slice(0, 500);
  if (input.fine?.percent !== undefined) body.fine = { value: input.fine.percent, type: 'PERCENTAGE' };
  else if (input.fine?.amount !== undefined) body.fine = { value: asaasValue(input.fine.amount), type: 'FIXED' };
  if (input.interest) body.interest = { value: input.interest.monthlyPercent };
  if (input.discount) {
    // dueDateLimitDays: 0 = until the due date, 1 = until one day before, ...
    const days = daysBetween(input.discount.until, dueDate);
    if (!(days >= 0)) throw fieldError('discount.until', 'must be on or before the due date');
    body.discount =
      input.discount.percent !== undefined
        ? { value: input.discount.percent, dueDateLimitDays: days, type: 'PERCENTAGE' }
        : { value: asaasValue(input.discount.amount ?? 0), dueDateLimitDays: days, type: 'FIXED' };
  }
  return body;
}

/** Our payer -> Asaas `POST /v3/customers` body. */
export function toAsaasCustomer(p: Payer): Json {
  const body: Json = { name: p.name, cpfCnpj: p.document };
  if (p.email) body.email = p.email;
  if (p.phone) body.mobilePhone = p.phone.replace(/\D/g, '').replace(/^55(?=\d{10,11}$)/, '');
  const a = p.address;
  if (a) {
    body.address = a.street;
    body.addressNumber = a.number;
    body.province = a.district;
    body.postalCode = a.zipCode;
    if (a.complement) body.complement = a.complement;
  }
  return body;
}

/** An Asaas customer -> our payer (what charges show). */
export function payerFromCustomer(c: Json): Payer {
  const document = str(c.cpfCnpj) ?? '';
  const payer: Payer = {
    name: str(c.name) ?? '',
    document,
    documentType: c.personType === 'JURIDICA' || document.length === 14 ? 'CNPJ' : 'CPF',
  };
  if (str(c.email)) payer.email = str(c.email);
  if (str(c.address) && str(c.postalCode)) {
    payer.address = {
      street: str(c.address) ?? '',
      number: str(c.addressNumber) ?? '',
      district: str(c.province) ?? '',
      city: str(c.cityName) ?? '',
      state: str(c.state) ?? '',
      zipCode: (str(c.postalCode) ?? '').replace(/\D/g, ''),
      ...(str(c.complement) ? { complement: str(c.complement) } : {}),
    };
  }
  return payer;
}

/** Asaas error `code` (`invalid_<field>`) -> our field name; undefined for codes about no field of ours. */
export function ourField(code: string): string | undefined {
  const map: Record<string, string> = {
    invalid_value: 'amount',
    invalid_dueDate: 'dueDate',
    invalid_description: 'description',
    invalid_externalReference: 'externalId',
    invalid_billingType: 'type',
    invalid_fine: 'fine',
    invalid_interest: 'interest',
    invalid_discount: 'discount',
    invalid_name: 'payer.name',
    invalid_cpfCnpj: 'payer.document',
    invalid_email: 'payer.email',
    invalid_mobilePhone: 'payer.phone',
    invalid_phone: 'payer.phone',
    invalid_postalCode: 'payer.address.zipCode',
    invalid_address: 'payer.address.street',
    invalid_addressNumber: 'payer.address.number',
    invalid_province: 'payer.address.district',
  };
  return map[code];
}

/** What the two side endpoints answered: the boleto lines and the Pix BR Code, as far as Asaas issued them. */
export interface AsaasPaymentData {
  identificationField?: Json;
  pixQrCode?: Json;
}

/** Asaas `YYYY-MM-DD` (Brasília calendar day) or `YYYY-MM-DD HH:mm:ss` (Brasília, no zone) -> ISO with offset. */
export function asaasTimestamp(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return `${s}T00:00:00.000-03:00`;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(s);
  return m ? `${m[1]}T${m[2]}.000-03:00` : s;
}

function typeOf(billingType: string | undefined): ChargeType {
  // BOLETO and UNDEFINED payments carry a Pix QR as well (Asaas enables Pix for both).
  return billingType === 'PIX' ? 'pix' : 'bolepix';
}

/** An Asaas payment (GET/create answer or webhook `payment`) with its payer -> the unified Charge. */
export function fromAsaasPayment(body: unknown, payer: Payer, data: AsaasPaymentData = {}, now = new Date()): Charge {
  const p = obj(body);
  const id = str(p?.id);
  const raw = str(p?.status);
  // Paid late, `value` holds what was paid (interest and fine included) and `originalValue` the charge's own amount.
  const amount = asaasCents(p?.originalValue) ?? asaasCents(p?.value);
  if (!p || !id || !raw || amount === undefined)
    throw new ProviderError('PROVIDER_ERROR', 'Asaas answered with a payment the gateway cannot read.');
  const providerStatus = p.deleted === true ? ASAAS_DELETED : raw;
  const createdAt = asaasTimestamp(p.dateCreated) ?? now.toISOString();
  const status = asaasStatus(providerStatus);
  const paidAt =
    asaasTimestamp(p.clientPaymentDate) ?? asaasTimestamp(p.paymentDate) ?? asaasTimestamp(p.confirmedDate);
  const charge: Charge = {
    id,
    providerId: 'asaas',
    type: typeOf(str(p.billingType)),
    status,
    providerStatus,
    amount,
    currency: 'BRL',
    dueDate: str(p.dueDate),
    description: str(p.description),
    externalId: str(p.externalReference),
    payer,
    createdAt,
    updatedAt: (status === 'PAID' ? paidAt : undefined) ?? createdAt,
  };
  const line = str(data.identificationField?.identificationField);
  const barcode = str(data.identificationField?.barCode);
  if (line && barcode)
    charge.boleto = { digitableLine: line, barcode, ...(str(p.bankSlipUrl) ? { pdfUrl: str(p.bankSlipUrl) } : {}) };
  const brCode = str(data.pixQrCode?.payload);
  if (brCode) {
    const expiresAt = asaasTimestamp(data.pixQrCode?.expirationDate);
    charge.pix = { brCode, ...(expiresAt ? { expiresAt } : {}) };
  }
  if (status === 'PAID' || status === 'REFUNDED') {
    charge.paidAmount = asaasCents(p.value) ?? amount;
    if (paidAt) charge.paidAt = paidAt;
  }
  if (status === 'CANCELLED') charge.cancelledAt = now.toISOString();
  const refunded = asaasRefunds(id, p.refunds, asaasCents, asaasTimestamp);
  if (refunded) Object.assign(charge, refunded);
  return charge;
}
