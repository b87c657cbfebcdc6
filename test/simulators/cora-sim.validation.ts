import { isValidIsoDate, todayInSaoPaulo } from '@lib/brazil';

export interface CoraError {
  code: string;
  description: string;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const text = (v: unknown, max: number) => typeof v === 'string' && v.trim() !== '' && v.length <= max;

/**
 * Checks a `POST /v2/invoices` body the way Cora documents it: customer (name, document), at
 * least one service with an integer amount in cents, payment_terms.due_date not in the past,
 * payment_forms among BANK_SLIP / PIX. Returns Cora-style errors (empty when valid).
 */
export function validateCoraInvoice(body: unknown): CoraError[] {
  const errors: CoraError[] = [];
  const add = (code: string, description: string) => errors.push({ code, description });
  const b = obj(body);
  if (!b) return [{ code: 'invalid_body', description: 'Request body must be a JSON object' }];
  if (b.code !== undefined && !text(b.code, 60)) add('invalid_code', 'code must be a string of at most 60 characters');
  const customer = obj(b.customer);
  if (!customer) add('customer_required', 'customer is required');
  else {
    if (!text(customer.name, 60)) add('invalid_customer_name', 'customer.name is required (at most 60 characters)');
    const doc = obj(customer.document);
    const identity = typeof doc?.identity === 'string' ? doc.identity : '';
    if (
      doc?.type === 'CPF'
        ? !/^\d{11}$/.test(identity)
        : doc?.type === 'CNPJ'
          ? !/^[0-9A-Z]{12}\d{2}$/.test(identity)
          : true
    ) {
      add('invalid_customer_document', 'customer.document must have type CPF (11 digits) or CNPJ (14 characters)');
    }
    const address = obj(customer.address);
    if (
      customer.address !== undefined &&
      (!address ||
        !/^\d{8}$/.test(String(address.zip_code ?? '')) ||
        !text(address.street, 100) ||
        !/^[A-Z]{2}$/.test(String(address.state ?? '')))
    ) {
      add('invalid_customer_address', 'customer.address needs street, state (UF) and zip_code (8 digits)');
    }
  }
  const services = Array.isArray(b.services) ? b.services.map(obj) : [];
  if (services.length === 0) add('services_required', 'services must list at least one service');
  for (const s of services) {
    if (!s || !text(s.name, 100)) add('invalid_service_name', 'services[].name is required');
    if (!s || !Number.isSafeInteger(s.amount) || (s.amount as number) < 500)
      add('invalid_service_amount', 'services[].amount must be an integer number of cents, at least 500');
  }
  const terms = obj(b.payment_terms);
  const due = typeof terms?.due_date === 'string' ? terms.due_date : '';
  if (!isValidIsoDate(due)) add('invalid_due_date', 'payment_terms.due_date must be YYYY-MM-DD');
  else if (due < todayInSaoPaulo()) add('invalid_due_date', 'payment_terms.due_date cannot be in the past');
  const fine = obj(terms?.fine);
  if (terms?.fine !== undefined && !(fine && (Number.isSafeInteger(fine.amount) || typeof fine.rate === 'number')))
    add('invalid_fine', 'payment_terms.fine needs amount (cents) or rate (percent)');
  const interest = obj(terms?.interest);
  if (terms?.interest !== undefined && !(interest && typeof interest.rate === 'number'))
    add('invalid_interest', 'payment_terms.interest needs rate (percent per month)');
  // payment_forms is documented for Pix; without it Cora issues a boleto.
  const forms = b.payment_forms ?? ['BANK_SLIP'];
  if (
    !Array.isArray(forms) ||
    forms.length === 0 ||
    forms.some((f) => f !== 'BANK_SLIP' && f !== 'PIX') ||
    new Set(forms).size !== forms.length
  ) {
    add('invalid_payment_forms', 'payment_forms must be ["BANK_SLIP"], ["PIX"] or ["BANK_SLIP","PIX"]');
  }
  return errors;
}
