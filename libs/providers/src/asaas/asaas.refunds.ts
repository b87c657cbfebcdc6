import type { ChargeRefund, RefundStatus } from '../charge.model';

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
