import { randomBytes } from 'node:crypto';
import { buildBoleto, centsToDecimal, todayInSaoPaulo } from '@lib/brazil';
import type { AsaasSimAccount, AsaasSimulator } from './asaas.simulator';
import type { AsaasSimCustomers } from './asaas-sim.customers';
import { asaasPage } from './asaas-sim.customers';
import type { SimAsaasRefund } from './asaas-sim.refunds';
import { asaasError as errors, reaisToCents, validatePayment } from './asaas-sim.validation';
import { digits } from './sim-oauth';
import type { SimReply, SimRequest } from './sim-server';

type Json = Record<string, unknown>;

/** The 14 values of the OpenAPI `PaymentGetResponsePaymentStatus`, plus AUTHORIZED (third-party mocks only). */
export const ASAAS_SIM_STATUSES = [
  'PENDING',
  'RECEIVED',
  'CONFIRMED',
  'OVERDUE',
  'REFUNDED',
  'RECEIVED_IN_CASH',
  'REFUND_REQUESTED',
  'REFUND_IN_PROGRESS',
  'CHARGEBACK_REQUESTED',
  'CHARGEBACK_DISPUTE',
  'AWAITING_CHARGEBACK_REVERSAL',
  'DUNNING_REQUESTED',
  'DUNNING_RECEIVED',
  'AWAITING_RISK_ANALYSIS',
  'AUTHORIZED',
];
const PAID = new Set(['RECEIVED', 'CONFIRMED', 'RECEIVED_IN_CASH', 'DUNNING_RECEIVED']);

/** One payment of an account, as the simulator keeps it (`request`: the create body). */
export interface SimAsaasPayment {
  apiKey: string;
  id: string;
  request: Json;
  cents: number;
  status: string;
  deleted: boolean;
  dateCreated: string;
  nossoNumero: string;
  slip?: { barcode: string; digitableLine: string };
  paidOn?: string;
  /** Refunds (`POST /payments/:id/refund` done at once, `bankSlip/refund` PENDING): asaas-sim.refunds.ts. */
  refunds?: SimAsaasRefund[];
  /** How it was paid: Pix (`pixTransaction` set) or the boleto itself. */
  paidWith?: 'PIX' | 'BOLETO';
  /** The QR image (base64 PNG), drawn once. */
  qrImage?: string;
}

const idOf = (prefix: string) => `${prefix}_${randomBytes(9).toString('base64url').replace(/[-_]/g, '0').slice(0, 12)}`;

/** GET /payments's `[ge]`/`[le]` day filters: a payment without the day never matches a range on it. */
function within(value: string | undefined, ge: string | null, le: string | null): boolean {
  if (ge === null && le === null) return true;
  return value !== undefined && (ge === null || value >= ge) && (le === null || value <= le);
}

/**
 * The /v3/payments side of AsaasSimulator over its `payments` (CONTRACTS.md §1.3): POST → 200 without lines (a boleto
 * on bank `bankCode` for BOLETO/UNDEFINED), GET with its filters (list envelope), the payment view, identificationField
 * (400 for a payment without boleto [INFERRED]), DELETE only for PENDING/OVERDUE (400 `invalid_action` [INFERRED]),
 * the lazy PENDING → OVERDUE after the due date, and the status moves of the sandbox and control routes.
 */
export class AsaasSimPayments {
  /** Payments created through the API (the stats counter). */
  created = 0;

  constructor(
    private readonly sim: AsaasSimulator,
    private readonly customers: AsaasSimCustomers,
  ) {}

  create(r: SimRequest, a: AsaasSimAccount): SimReply {
    const problems = validatePayment(
      r.body,
      (id) => this.customers.live(a).some((c) => c.id === id),
      this.sim.minValueCents,
    );
    if (problems.length) return { status: 400, body: { errors: problems } };
    const request = r.body as Json;
    const cents = reaisToCents(request.value) as number;
    const p: SimAsaasPayment = {
      apiKey: a.apiKey,
      id: idOf('pay'),
      request,
      cents,
      status: 'PENDING',
      deleted: false,
      dateCreated: todayInSaoPaulo(),
      nossoNumero: String(Number(digits(8))),
    };
    if (request.billingType === 'BOLETO' || request.billingType === 'UNDEFINED') {
      const free = `${digits(4)}${'09'}${p.nossoNumero.padStart(11, '0')}${digits(7)}0`;
      p.slip = buildBoleto({
        bankCode: this.sim.bankCode,
        dueDate: String(request.dueDate),
        amountCents: cents,
        freeField: free,
      });
    }
    this.sim.payments.set(p.id, p);
    this.created++;
    return { status: 200, body: this.sim.view(p) };
  }

  list(r: SimRequest, a: AsaasSimAccount): SimReply {
    const q = (k: string) => r.query.get(k);
    const items = [...this.sim.payments.values()]
      .filter((p) => p.apiKey === a.apiKey && !p.deleted)
      .map((p) => this.tick(p))
      .filter(
        (p) =>
          (!q('externalReference') || p.request.externalReference === q('externalReference')) &&
          (!q('customer') || p.request.customer === q('customer')) &&
          (!q('billingType') || p.request.billingType === q('billingType')) &&
          (!q('status') || p.status === q('status')) &&
          within(String(p.dateCreated).slice(0, 10), q('dateCreated[ge]'), q('dateCreated[le]')) &&
          within(p.request.dueDate as string | undefined, q('dueDate[ge]'), q('dueDate[le]')) &&
          within(p.paidOn, q('paymentDate[ge]'), q('paymentDate[le]')),
      );
    return asaasPage(
      r,
      items.map((p) => this.sim.view(p)),
    );
  }

  /** A payment of this account, deleted ones included (Asaas still reads them, with `deleted: true`). */
  with(
    r: SimRequest,
    a: AsaasSimAccount,
    fn: (p: SimAsaasPayment) => SimReply | Promise<SimReply>,
  ): SimReply | Promise<SimReply> {
    const p = this.sim.payments.get(r.params.id);
    if (!p || p.apiKey !== a.apiKey) return { status: 404 };
    return fn(this.tick(p));
  }

  /** Asaas turns PENDING into OVERDUE after the due date (a daily job): here, lazily at read time. */
  tick(p: SimAsaasPayment): SimAsaasPayment {
    if (p.status === 'PENDING' && String(p.request.dueDate) < todayInSaoPaulo()) p.status = 'OVERDUE';
    return p;
  }

  /** The payment as Asaas answers it (`bankSlipUrl` on `documentOrigin` or the simulator's own origin). */
  view(p: SimAsaasPayment): Json {
    const q = p.request;
    const paid =
      PAID.has(p.status) ||
      p.status.startsWith('REFUND') ||
      p.status.startsWith('CHARGEBACK') ||
      p.status === 'AWAITING_CHARGEBACK_REVERSAL';
    const fee = q.billingType === 'PIX' ? 99 : 199;
    const short = p.id.slice(4);
    return {
      object: 'payment',
      id: p.id,
      dateCreated: p.dateCreated,
      customer: q.customer,
      value: Number(centsToDecimal(p.cents)),
      netValue: Number(centsToDecimal(Math.max(0, p.cents - fee))),
      originalValue: null,
      interestValue: null,
      description: q.description ?? null,
      billingType: q.billingType,
      canBePaidAfterDueDate: true,
      pixTransaction: p.paidWith === 'PIX' ? `${short}-pix` : null,
      status: p.status,
      dueDate: q.dueDate,
      originalDueDate: q.dueDate,
      paymentDate: paid ? (p.paidOn ?? null) : null,
      clientPaymentDate: paid ? (p.paidOn ?? null) : null,
      confirmedDate: paid ? (p.paidOn ?? null) : null,
      installmentNumber: null,
      invoiceUrl: `https://sandbox.asaas.com/i/${short}`,
      invoiceNumber: p.nossoNumero.padStart(8, '0'),
      externalReference: q.externalReference ?? null,
      deleted: p.deleted,
      refunds:
        p.refunds?.map((r) => ({
          dateCreated: r.dateCreated,
          status: r.status,
          value: Number(centsToDecimal(r.cents)),
          description: r.description,
        })) ?? null,
      anticipated: false,
      anticipable: false,
      creditDate: paid ? (p.paidOn ?? null) : null,
      estimatedCreditDate: null,
      transactionReceiptUrl: paid ? `https://sandbox.asaas.com/comprovantes/${short}` : null,
      nossoNumero: p.slip ? p.nossoNumero : null,
      bankSlipUrl: p.slip ? `${this.sim.documentOrigin ?? this.sim.url}/b/pdf/${short}` : null,
      discount: q.discount ?? { value: 0, dueDateLimitDays: 0, type: 'FIXED' },
      fine: q.fine ?? { value: 0 },
      interest: q.interest ?? { value: 0 },
      postalService: false,
    };
  }

  line(p: SimAsaasPayment): SimReply {
    if (!p.slip) return errors(400, 'invalid_action', 'Esta cobrança não possui boleto.');
    return {
      status: 200,
      body: { identificationField: p.slip.digitableLine, nossoNumero: p.nossoNumero, barCode: p.slip.barcode },
    };
  }

  remove(p: SimAsaasPayment): SimReply {
    if (p.deleted || !['PENDING', 'OVERDUE'].includes(p.status))
      return errors(400, 'invalid_action', 'Somente cobranças aguardando pagamento ou vencidas podem ser removidas.');
    p.deleted = true;
    return { status: 200, body: { deleted: true, id: p.id } };
  }

  /** The payment moves to `to` (paid on today, the first time it is paid). */
  move(p: SimAsaasPayment, to: string): void {
    p.status = to;
    if (PAID.has(to)) p.paidOn ??= todayInSaoPaulo();
  }

  /** A sandbox API move (`/sandbox/payment/:id/...`): only from `from`, else 400 `invalid_action`. */
  apiMove(p: SimAsaasPayment, from: string[], to: string): SimReply {
    if (p.deleted || !from.includes(p.status))
      return errors(400, 'invalid_action', `A cobrança se encontra na situação ${p.status}.`);
    this.move(p, to);
    return { status: 200, body: this.sim.view(p) };
  }
}
