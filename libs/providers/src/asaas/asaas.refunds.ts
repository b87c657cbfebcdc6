import type { Charge, ChargeRefund, RefundChargeInput, RefundStatus } from '../charge.model';
import type { ProviderStateStore } from '../charge-provider';
import { ProviderError } from '../provider-error';

type Json = Record<string, unknown>;

/** Asaas refund statuses -> ours (INFERRED from the payment's `refunds[].status` values). */
const REFUND_STATUS: Readonly<Record<string, RefundStatus>> = {
  PENDING: 'PROCESSING',
  AWAITING_CRITICAL_ACTION_AUTHORIZATION: 'PROCESSING',
  AWAITING_CUSTOMER_EXTERNAL_AUTHORIZATION: 'PROCESSING',
  DONE: 'DONE',
  CANCELLED: 'FAILED',
};

/**
 * Asaas takes no caller-chosen refund id, so the gateway's refund key rides at the end of the refund's description
 * (` #<32 hex>`): a refund retried past a lost idempotency record is found by it on the payment, and it becomes the
 * refund's id. Refunds without one are named `<payment id>-r<n>`.
 */
const KEY_TAG = / ?#([0-9a-f]{32})$/;

export function taggedDescription(reason: string | undefined, refundKey: string | undefined): string | undefined {
  if (!refundKey) return reason;
  return `${reason ?? 'Estorno'} #${refundKey}`.slice(-200);
}

/** The payment's `refunds` as ours, with the cents refunded so far (refunds not FAILED); undefined when none. */
export function asaasRefunds(
  paymentId: string,
  raw: unknown,
  cents: (value: unknown) => number | undefined,
  timestamp: (value: unknown) => string | undefined,
): { refunds: ChargeRefund[]; refundedAmount: number } | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const refunds: ChargeRefund[] = [];
  raw.forEach((item, i) => {
    const r = item !== null && typeof item === 'object' ? (item as Json) : undefined;
    const amount = cents(r?.value);
    if (!r || amount === undefined) return;
    const description = typeof r.description === 'string' ? r.description : '';
    const tag = KEY_TAG.exec(description);
    const reason = (tag ? description.slice(0, tag.index) : description).trim();
    refunds.push({
      id: tag ? tag[1] : `${paymentId}-r${i + 1}`,
      amount,
      status: REFUND_STATUS[String(r.status)] ?? 'PROCESSING',
      createdAt: timestamp(r.dateCreated) ?? new Date(0).toISOString(),
      ...(reason && reason !== 'Estorno' ? { reason } : {}),
    });
  });
  if (refunds.length === 0) return undefined;
  const refundedAmount = refunds.filter((r) => r.status !== 'FAILED').reduce((sum, r) => sum + r.amount, 0);
  return { refunds, refundedAmount };
}

/**
 * A received payment the payer paid with the boleto itself: billingType BOLETO (or UNDEFINED) and no
 * `pixTransaction` (INFERRED: a BOLETO paid through its Pix QR keeps its billingType and gains the Pix transaction).
 * Asaas refunds it only through `POST /payments/{id}/bankSlip/refund` (READ: docs.asaas.com "Refund Bank Slip"),
 * in full, and only once the payer has given a bank account through the link Asaas answers.
 */
export function paidByBoleto(payment: Json): boolean {
  return (payment.billingType === 'BOLETO' || payment.billingType === 'UNDEFINED') && !payment.pixTransaction;
}

/** Payment statuses of a boleto refund under way (REFUND_REQUESTED: awaiting the payer's bank account). */
const BOLETO_REFUND_UNDER_WAY = ['REFUND_REQUESTED', 'REFUND_IN_PROGRESS'];
/** The refund key of a boleto refund asked for, kept in the tenant's provider state (Asaas keeps no description). */
export const boletoRefundKeyName = (paymentId: string) => `asaas-boleto-refund:${paymentId}`;
/** The link Asaas answered to a boleto refund, kept sealed in the tenant's provider state while the payer has to act. */
export const boletoRefundLinkName = (paymentId: string) => `asaas-boleto-refund-link:${paymentId}`;
const KEY_TTL_MS = 400 * 86_400_000;

/**
 * The charge with the payer's link on its PROCESSING refunds: `known` (just answered by Asaas) or the one kept in the
 * tenant's state. Shown while the payment waits for the payer (REFUND_REQUESTED); a state that cannot answer shows none.
 */
export async function withPayerLink(state: ProviderStateStore, charge: Charge, known?: string): Promise<Charge> {
  if (!charge.refunds?.some((r) => r.status === 'PROCESSING')) return charge;
  const link = known ?? (await state.get(boletoRefundLinkName(charge.id)).catch(() => undefined));
  if (!link) return charge;
  return {
    ...charge,
    refunds: charge.refunds.map((r) => (r.status === 'PROCESSING' ? { ...r, payerActionUrl: link } : r)),
  };
}

/**
 * Asks for a boleto refund (`bankSlip/refund`) of all that is left (Asaas has no partial boleto refund: 422
 * UNSUPPORTED_OPERATION otherwise), once per payment. The refund key is stored before the call, so a keyed retry,
 * even after a lost answer, is recognised (see `boletoRefundAsked`) instead of asking twice.
 */
export async function boletoRefund(
  state: ProviderStateStore,
  charge: Charge,
  input: RefundChargeInput,
  refundKey: string | undefined,
  request: () => Promise<string | undefined>,
): Promise<string | undefined> {
  if (BOLETO_REFUND_UNDER_WAY.includes(charge.providerStatus))
    throw new ProviderError(
      'CHARGE_NOT_REFUNDABLE',
      `A refund of this boleto is already under way at Asaas (${charge.providerStatus}): the payer fills in a bank account through the link Asaas gave.`,
    );
  const left = (charge.paidAmount ?? charge.amount) - (charge.refundedAmount ?? 0);
  if (input.amount !== undefined && input.amount < left)
    throw new ProviderError(
      'UNSUPPORTED_OPERATION',
      `Asaas refunds a payment made by boleto in full only (${left} cents), not in part.`,
    );
  if (refundKey) await state.set(boletoRefundKeyName(charge.id), refundKey, { ttlMs: KEY_TTL_MS });
  const link = await request();
  // Best effort: the answer carries the link anyway; later reads show it only if it was kept.
  if (link)
    await state.set(boletoRefundLinkName(charge.id), link, { ttlMs: KEY_TTL_MS, secret: true }).catch(() => undefined);
  return link;
}

/** Was a boleto refund of this payment already asked for under this refund key? */
export async function boletoRefundAsked(
  state: ProviderStateStore,
  paymentId: string,
  refundKey?: string,
): Promise<boolean> {
  return refundKey !== undefined && (await state.get(boletoRefundKeyName(paymentId))) === refundKey;
}
