import { todayInSaoPaulo } from '@lib/brazil';
import type { Charge, ChargeStatus, ChargeType, CreateChargeInput, Payer } from '../charge.model';
import { ProviderError } from '../provider-error';

/** Cora invoice `status` -> unified status: the one table. Unknown words fall back to PENDING (raw kept in providerStatus). */
export const CORA_STATUS: Readonly<Record<string, ChargeStatus>> = {
  DRAFT: 'PROCESSING',
  INITIATED: 'PROCESSING',
  RECURRENCE_DRAFT: 'PROCESSING',
  OPEN: 'PENDING',
  IN_PAYMENT: 'PENDING',
  LATE: 'OVERDUE',
  PAID: 'PAID',
  CANCELLED: 'CANCELLED',
};

export function coraStatus(raw: string): ChargeStatus {
  return CORA_STATUS[raw] ?? 'PENDING';
}

const PAYMENT_FORMS: Record<ChargeType, string[]> = {
  boleto: ['BANK_SLIP'],
  pix: ['PIX'],
  bolepix: ['BANK_SLIP', 'PIX'],
};

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const int = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;

/** Cora's due date for a Pix-only charge without one: the Sao Paulo date the Pix expires. */
function dueDateOf(input: CreateChargeInput, now: number): string {
  if (input.dueDate) return input.dueDate;
  return todayInSaoPaulo(new Date(now + (input.expiresInSeconds ?? 86400) * 1000));
}

/** CreateChargeInput -> Cora `POST /v2/invoices` body (amounts stay integer cents). */
export function toCoraInvoice(input: CreateChargeInput, now = Date.now()): Json {
  if (input.discount) {
    throw new ProviderError(
      'VALIDATION_ERROR',
      "Cora: early-payment discounts are not supported by this gateway yet (Cora's discount format is unverified).",
      {
        fields: [{ field: 'discount', message: 'not supported for provider cora' }],
      },
    );
  }
  const p = input.payer;
  const customer: Json = { name: p.name, document: { identity: p.document, type: p.documentType } };
  if (p.email) customer.email = p.email;
  if (p.address) {
    const a = p.address;
    customer.address = {
      street: a.street,
      number: a.number,
      district: a.district,
      city: a.city,
      state: a.state,
      zip_code: a.zipCode,
      ...(a.complement ? { complement: a.complement } : {}),
    };
  }
  const terms: Json = { due_date: dueDateOf(input, now) };
  if (input.fine?.amount !== undefined) terms.fine = { amount: input.fine.amount };
  else if (input.fine?.percent !== undefined) terms.fine = { rate: input.fine.percent };
  if (input.interest) terms.interest = { rate: input.interest.monthlyPercent };
  const service: Json = { name: (input.description ?? 'Cobranca').slice(0, 100), amount: input.amount };
  if (input.description) service.description = input.description;
  return {
    ...(input.externalId ? { code: input.externalId } : {}),
    customer,
    services: [service],
    payment_terms: terms,
    payment_forms: PAYMENT_FORMS[input.type],
  };
}

function payerOf(customer: Json | undefined): Payer {
  const doc = obj(customer?.document);
  const type = doc?.type === 'CNPJ' ? 'CNPJ' : 'CPF';
  const payer: Payer = { name: str(customer?.name) ?? '', document: str(doc?.identity) ?? '', documentType: type };
  const email = str(customer?.email);
  if (email) payer.email = email;
  const a = obj(customer?.address);
  if (a) {
    payer.address = {
      street: str(a.street) ?? '',
      number: str(a.number) ?? '',
      district: str(a.district) ?? '',
      city: str(a.city) ?? '',
      state: str(a.state) ?? '',
      zipCode: str(a.zip_code) ?? '',
      ...(str(a.complement) ? { complement: str(a.complement) } : {}),
    };
  }
  return payer;
}

function typeOf(invoice: Json, hasSlip: boolean, hasPix: boolean): ChargeType {
  const forms = Array.isArray(invoice.payment_forms) ? invoice.payment_forms : undefined;
  const slip = forms ? forms.includes('BANK_SLIP') : hasSlip;
  const pix = forms ? forms.includes('PIX') : hasPix;
  return slip && pix ? 'bolepix' : pix ? 'pix' : 'boleto';
}

/** A Cora invoice (create/get answer) -> the unified Charge. Throws PROVIDER_ERROR on an unusable body. */
export function fromCoraInvoice(body: unknown, now = new Date()): Charge {
  const inv = obj(body);
  const id = str(inv?.id);
  const status = str(inv?.status);
  if (!inv || !id || !status)
    throw new ProviderError(
      'PROVIDER_ERROR',
      'Cora answered with an invoice the gateway cannot read (no id or status).',
    );
  const services = Array.isArray(inv.services) ? inv.services.map(obj).filter((s): s is Json => !!s) : [];
  const amount = int(inv.total_amount) ?? services.reduce((sum, s) => sum + (int(s.amount) ?? 0), 0);
  const slip = obj(obj(inv.payment_options)?.bank_slip);
  const emv = str(obj(inv.pix)?.emv) ?? str(obj(obj(inv.payment_options)?.pix)?.emv);
  const barcode = str(slip?.barcode);
  const digitable = str(slip?.digitable) ?? str(slip?.digitable_line);
  const createdAt = str(inv.created_at) ?? now.toISOString();
  const charge: Charge = {
    id,
    providerId: 'cora',
    type: typeOf(inv, !!slip, !!emv),
    status: coraStatus(status),
    providerStatus: status,
    amount,
    currency: 'BRL',
    dueDate: str(obj(inv.payment_terms)?.due_date),
    description: str(services[0]?.description) ?? str(services[0]?.name),
    externalId: str(inv.code),
    payer: payerOf(obj(inv.customer)),
    createdAt,
    updatedAt: str(inv.updated_at) ?? str(inv.occurrence_date) ?? createdAt,
  };
  if (barcode && digitable)
    charge.boleto = { barcode, digitableLine: digitable, ...(str(slip?.url) ? { pdfUrl: str(slip?.url) } : {}) };
  if (emv) charge.pix = { brCode: emv };
  if (charge.status === 'PAID') {
    charge.paidAmount = int(inv.total_paid) ?? amount;
    charge.paidAt = str(inv.paid_at) ?? charge.updatedAt;
  }
  if (charge.status === 'CANCELLED') charge.cancelledAt = str(inv.cancelled_at) ?? charge.updatedAt;
  return charge;
}
