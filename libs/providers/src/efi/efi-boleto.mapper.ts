import { digitableLineToBarcode, isValidDigitableLine } from '@lib/brazil';
import type { Charge, CreateChargeInput, Payer } from '../charge.model';
import { ProviderError } from '../provider-error';
import { boletoId, efiChargeStatus } from './efi.mapper';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const cents = (v: unknown): number | undefined =>
  Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : undefined;

/** Days after the due date before Efí writes the boleto off (0..120 at Efí). */
export const EFI_DAYS_TO_WRITE_OFF = 30;

function fieldError(field: string, message: string): ProviderError {
  return new ProviderError('VALIDATION_ERROR', `Efí: ${field} ${message}.`, { fields: [{ field, message }] });
}

/** A percentage in Efí's integer units (fine: 0.01 %, interest: 0.001 %), refused when it does not fit exactly. */
function units(percent: number, perPercent: number, field: string): number {
  const value = Math.round(percent * perPercent);
  if (Math.abs(value - percent * perPercent) > 1e-6)
    throw fieldError(field, `must have at most ${Math.log10(perPercent)} decimal places at Efí`);
  return value;
}

/** CreateChargeInput -> `POST /v1/charge/one-step` (money in cents; bolepix is the account's Bolix setting). */
export function toEfiOneStep(input: CreateChargeInput, customId: string | undefined): Json {
  if (!input.dueDate) throw fieldError('dueDate', 'is required');
  const p = input.payer;
  const customer: Json =
    p.documentType === 'CNPJ'
      ? { juridical_person: { corporate_name: p.name, cnpj: p.document } }
      : { name: p.name, cpf: p.document };
  if (p.email) customer.email = p.email;
  if (p.phone) customer.phone_number = p.phone.replace(/^\+?55/, '');
  if (p.address) {
    const a = p.address;
    customer.address = {
      street: a.street,
      number: a.number,
      neighborhood: a.district,
      zipcode: a.zipCode,
      city: a.city,
      state: a.state,
      ...(a.complement ? { complement: a.complement } : {}),
    };
  }
  const configurations: Json = { days_to_write_off: EFI_DAYS_TO_WRITE_OFF };
  if (input.fine?.amount !== undefined) throw fieldError('fine.amount', 'is not offered by Efí (use fine.percent)');
  if (input.fine?.percent !== undefined) configurations.fine = units(input.fine.percent, 100, 'fine.percent');
  if (input.interest)
    configurations.interest = {
      value: units(input.interest.monthlyPercent, 1000, 'interest.monthlyPercent'),
      type: 'monthly',
    };
  const billet: Json = { customer, expire_at: input.dueDate, configurations };
  if (input.discount) {
    billet.conditional_discount =
      input.discount.percent !== undefined
        ? {
            type: 'percentage',
            value: units(input.discount.percent, 100, 'discount.percent'),
            until_date: input.discount.until,
          }
        : { type: 'currency', value: input.discount.amount, until_date: input.discount.until };
  }
  if (input.description) billet.message = input.description.slice(0, 100);
  const body: Json = {
    items: [{ name: (input.description ?? 'Cobrança').slice(0, 255), value: input.amount, amount: 1 }],
    payment: { banking_billet: billet },
  };
  if (customId !== undefined) body.metadata = { custom_id: customId };
  return body;
}

/** The formatted digitable line Efí sends in `barcode` -> our boleto block (44-digit barcode derived from it). */
function boletoOf(line: string | undefined, pdfUrl: string | undefined): Charge['boleto'] {
  const digits = line?.replace(/\D/g, '');
  if (!digits || !isValidDigitableLine(digits)) return undefined;
  return { digitableLine: digits, barcode: digitableLineToBarcode(digits), ...(pdfUrl ? { pdfUrl } : {}) };
}

/** `YYYY-MM-DD HH:mm:ss` in Brasília time (no zone at Efí) -> ISO with -03:00; ISO kept as is. */
export function efiTimestamp(v: unknown): string | undefined {
  const s = str(v);
  const m = s && /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(s);
  return m ? `${m[1]}T${m[2]}.000-03:00` : s;
}

function payerOf(c: Json | undefined, fallback?: Payer): Payer {
  if (!c) return fallback ?? { name: '', document: '', documentType: 'CPF' };
  const pj = obj(c.juridical_person);
  const payer: Payer = pj
    ? { name: str(pj.corporate_name) ?? '', document: str(pj.cnpj) ?? '', documentType: 'CNPJ' }
    : { name: str(c.name) ?? '', document: str(c.cpf) ?? '', documentType: 'CPF' };
  if (str(c.email)) payer.email = str(c.email);
  if (str(c.phone_number)) payer.phone = str(c.phone_number);
  const a = obj(c.address);
  if (a && str(a.street))
    payer.address = {
      street: str(a.street) ?? '',
      number: str(a.number) ?? '',
      district: str(a.neighborhood) ?? '',
      city: str(a.city) ?? '',
      state: str(a.state) ?? '',
      zipCode: str(a.zipcode) ?? '',
      ...(str(a.complement) ? { complement: str(a.complement) } : {}),
    };
  return payer;
}

function unreadable(): ProviderError {
  return new ProviderError('PROVIDER_ERROR', 'Efí answered with a charge the gateway cannot read.');
}

/** Type from what Efí issued: a boleto with a Pix QR (Bolix, an account setting) is a bolepix. */
const typeOf = (pix: Json | undefined): Charge['type'] => (str(pix?.qrcode) ? 'bolepix' : 'boleto');

/** The one-step create's `data` (no customer, custom_id or dates in it) + what we sent -> the unified Charge. */
export function fromEfiCreated(
  body: unknown,
  input: CreateChargeInput,
  customId: string | undefined,
  now = new Date(),
): Charge {
  const d = obj(obj(body)?.data);
  const id = d?.charge_id;
  const status = str(d?.status);
  if (!d || !Number.isSafeInteger(id) || !status) throw unreadable();
  const pix = obj(d.pix);
  const at = now.toISOString();
  return {
    id: boletoId(id as number),
    providerId: 'efi',
    type: typeOf(pix),
    status: efiChargeStatus(status),
    providerStatus: status,
    amount: cents(d.total) ?? input.amount,
    currency: 'BRL',
    dueDate: str(d.expire_at) ?? input.dueDate,
    description: input.description,
    externalId: customId,
    payer: input.payer,
    ...withPayment(str(d.barcode), str(obj(d.pdf)?.charge) ?? str(d.billet_link), pix),
    createdAt: at,
    updatedAt: at,
  };
}

function withPayment(line: string | undefined, pdfUrl: string | undefined, pix: Json | undefined): Partial<Charge> {
  const boleto = boletoOf(line, pdfUrl);
  const brCode = str(pix?.qrcode);
  return { ...(boleto ? { boleto } : {}), ...(brCode ? { pix: { brCode } } : {}) };
}

/** `GET /v1/charge/:id` -> the unified Charge (paid amount and date are not documented: total and the last history entry). */
export function fromEfiCharge(body: unknown): Charge {
  const d = obj(obj(body)?.data);
  const id = d?.charge_id;
  const status = str(d?.status);
  const amount = cents(d?.total);
  if (!d || !Number.isSafeInteger(id) || !status || amount === undefined) throw unreadable();
  const payment = obj(d.payment);
  const billet = obj(payment?.banking_billet);
  const pix = obj(billet?.pix);
  const history = Array.isArray(d.history) ? (d.history as unknown[]).map(obj) : [];
  const createdAt = efiTimestamp(d.created_at) ?? new Date().toISOString();
  const updatedAt = efiTimestamp(history.at(-1)?.created_at) ?? efiTimestamp(payment?.created_at) ?? createdAt;
  const charge: Charge = {
    id: boletoId(id as number),
    providerId: 'efi',
    type: typeOf(pix),
    status: efiChargeStatus(status),
    providerStatus: status,
    amount,
    currency: 'BRL',
    dueDate: str(billet?.expire_at),
    description: str(billet?.message) ?? str(payment?.message),
    externalId: str(d.custom_id),
    payer: payerOf(obj(d.customer)),
    ...withPayment(str(billet?.barcode), str(obj(billet?.pdf)?.charge) ?? str(billet?.link), pix),
    createdAt,
    updatedAt,
  };
  if (charge.status === 'PAID') {
    charge.paidAmount = amount;
    charge.paidAt = updatedAt;
  }
  if (charge.status === 'CANCELLED') charge.cancelledAt = updatedAt;
  return charge;
}
