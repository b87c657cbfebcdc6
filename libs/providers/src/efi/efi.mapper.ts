import { createHash, randomBytes } from 'node:crypto';
import type { ChargeStatus } from '../charge.model';
import type { ChargeEventType } from '../notification.model';

/**
 * Efí API Cobranças `status` -> unified status: the one table for boleto and bolepix (Efí docs
 * `api-cobrancas/status.md`). Unknown words fall back to PENDING (the raw word stays in providerStatus).
 * Efí's final statuses only move to another final one, with one documented exception that matters to us:
 * a `canceled` boleto the payer printed before the cancellation can still be paid at a bank, and then
 * reads `paid`: we answer PAID, the one move out of CANCELLED this gateway reports.
 */
export const EFI_CHARGE_STATUS: Readonly<Record<string, ChargeStatus>> = {
  new: 'PROCESSING', // created, no payment method chosen yet (two-step flow): not payable
  waiting: 'PENDING', // boleto issued, waiting for payment
  identified: 'PAID', // paid, not yet credited to the account
  approved: 'PAID', // card approved (a boleto never reads it; kept so no word falls back)
  paid: 'PAID', // paid (also after canceled: the printed-boleto quirk above)
  unpaid: 'OVERDUE', // payment not confirmed by the due date; still payable until days_to_write_off, cancellable
  refunded: 'REFUNDED', // refunded
  contested: 'PAID', // paid, then contested (a dispute does not undo the payment)
  canceled: 'CANCELLED', // cancelled by the merchant (PUT /cancel) or written off
  settled: 'PAID', // marked as paid manually (PUT /settle): no paid amount is returned
  link: 'PROCESSING', // a payment-link charge whose payer has not chosen a method yet
  expired: 'EXPIRED', // the payment link expired
};

/**
 * Efí API Pix (BCB `CobrancaStatus`) -> unified status: the one table for cob and cobv. `ATIVA` is the state of
 * the record only (BCB): an expired cob or a cobv past its due date still reads ATIVA, so `efiPixStatus`
 * derives EXPIRED / OVERDUE from the calendar. `VENCIDA` is in neither Efí's list nor the BCB enum.
 */
export const EFI_PIX_STATUS: Readonly<Record<string, ChargeStatus>> = {
  ATIVA: 'PENDING', // payable (before cob expiry / cobv due date; derived otherwise)
  CONCLUIDA: 'PAID', // paid (REFUNDED when every Pix received was returned, see efiPixStatus)
  REMOVIDA_PELO_USUARIO_RECEBEDOR: 'CANCELLED', // removed by us: PATCH status REMOVIDA_PELO_USUARIO_RECEBEDOR
  REMOVIDA_PELO_PSP: 'EXPIRED', // removed by Efí (e.g. past validadeAposVencimento)
};

export function efiChargeStatus(raw: string): ChargeStatus {
  return EFI_CHARGE_STATUS[raw] ?? 'PENDING';
}

/** The ATIVA derivations: cob expired after criacao+expiracao; cobv overdue after its due date, expired after validadeAposVencimento. */
export function efiPixStatus(
  raw: string,
  at: { expiresAtMs?: number; dueDate?: string; lastPayableDate?: string; today: string; nowMs: number },
  fullyRefunded = false,
): ChargeStatus {
  const status = EFI_PIX_STATUS[raw] ?? 'PENDING';
  if (status === 'PAID' && fullyRefunded) return 'REFUNDED';
  if (raw !== 'ATIVA') return status;
  if (at.expiresAtMs !== undefined && at.nowMs >= at.expiresAtMs) return 'EXPIRED';
  if (at.lastPayableDate !== undefined && at.today > at.lastPayableDate) return 'EXPIRED';
  if (at.dueDate !== undefined && at.today > at.dueDate) return 'OVERDUE';
  return status;
}

/** The event a Cobranças status change announces (notifications): the words Efí sends, as the issue lists them. */
export function efiChargeEventType(raw: string): ChargeEventType {
  switch (raw) {
    case 'paid':
    case 'settled':
      return 'charge.paid';
    case 'canceled':
      return 'charge.cancelled';
    case 'unpaid':
      return 'charge.overdue';
    case 'refunded':
      return 'charge.refunded';
    case 'expired':
      return 'charge.expired';
    default:
      return 'charge.updated';
  }
}

/** Efí statuses in which PUT /v1/charge/:id/cancel is accepted (error 3500043 otherwise). */
export const EFI_CANCELLABLE = new Set(['new', 'waiting', 'unpaid', 'link']);

// ---- Charge ids: each says which Efí API it belongs to, so get and cancel route without a lookup. ----

/** `boleto-<charge_id>` (API Cobranças: boleto and bolepix) or `pix-<txid>` (API Pix: cob or cobv). */
export type EfiChargeRef = { api: 'charges'; chargeId: string } | { api: 'pix'; txid: string };

const BOLETO_ID = /^boleto-([1-9][0-9]{0,17})$/;
const PIX_ID = /^pix-([A-Za-z0-9]{26,35})$/;
/** Any id of our two shapes (the gateway's own rule is 1..128 of [A-Za-z0-9._-]: both fit). */
export const EFI_CHARGE_ID = /^(?:boleto-[1-9][0-9]{0,17}|pix-[A-Za-z0-9]{26,35})$/;

export const boletoId = (chargeId: number | string) => `boleto-${chargeId}`;
export const pixId = (txid: string) => `pix-${txid}`;

export function parseEfiId(id: string): EfiChargeRef | undefined {
  const b = BOLETO_ID.exec(id);
  if (b) return { api: 'charges', chargeId: b[1] };
  const p = PIX_ID.exec(id);
  return p ? { api: 'pix', txid: p[1] } : undefined;
}

/**
 * Our txids (BCB `^[a-zA-Z0-9]{26,35}$`, 35 here): the first letter says cob (`c`) or cobv (`v`), so a read
 * tries the right endpoint first (a txid Efí or another system chose still reads, with one more call);
 * the rest is derived from the gateway's idempotency key (so a retried create reuses the txid and Efí
 * refuses the duplicate), or random without one.
 */
export function efiTxid(kind: 'cob' | 'cobv', idempotencyKey?: string): string {
  const bytes = idempotencyKey
    ? createHash('sha256').update(`efi-txid:${kind}:${idempotencyKey}`).digest()
    : randomBytes(32);
  return `${kind === 'cob' ? 'c' : 'v'}${bytes.toString('hex').slice(0, 34)}`;
}

/** The endpoint to read a txid at first: cobv for our `v` txids, cob otherwise. */
export function pixKindOf(txid: string): 'cob' | 'cobv' {
  return /^v[0-9a-f]{34}$/.test(txid) ? 'cobv' : 'cob';
}
