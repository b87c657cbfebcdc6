import { randomBytes } from 'node:crypto';
import type { ChargeStatus, RefundChargeInput } from '../charge.model';
import { ProviderError } from '../provider-error';
import type { SandboxRecord } from './sandbox.record';

/**
 * The sandbox bank's refund (its "devolução"): gives back `input.amount` (default: all that is left) of a paid
 * charge at once (status DONE); the charge reads DEVOLVIDO (REFUNDED) when nothing is left. A refund id the
 * charge already holds (a retried keyed refund) leaves it unchanged, so the same key never refunds twice.
 */
export function applySandboxRefund(
  record: SandboxRecord,
  status: ChargeStatus,
  input: RefundChargeInput,
  refundKey: string | undefined,
  at: string,
): SandboxRecord {
  const id = refundKey ?? randomBytes(16).toString('hex');
  if (record.refunds?.some((r) => r.id === id)) return record;
  const paid = record.paidAmount ?? record.amount;
  const left = paid - (record.refundedAmount ?? 0);
  if (status !== 'PAID' || left <= 0)
    throw new ProviderError(
      'CHARGE_NOT_REFUNDABLE',
      `The charge is ${status}; only a PAID charge with something left to give back can be refunded.`,
    );
  const amount = input.amount ?? left;
  if (amount > left)
    throw new ProviderError(
      'REFUND_EXCEEDS_PAID',
      `The refund of ${amount} cents is above what is left to refund: ${left} cents.`,
    );
  const refundedAmount = paid - left + amount;
  return {
    ...record,
    state: refundedAmount >= paid ? 'DEVOLVIDO' : record.state,
    refunds: [
      ...(record.refunds ?? []),
      { id, amount, status: 'DONE', createdAt: at, ...(input.reason ? { reason: input.reason } : {}) },
    ],
    refundedAmount,
    updatedAt: at,
  };
}
