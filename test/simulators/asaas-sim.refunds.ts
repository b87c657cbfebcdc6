import { randomBytes } from 'node:crypto';
import { todayInSaoPaulo } from '@lib/brazil';
import type { SimReply } from './sim-server';

type Json = Record<string, unknown>;

/** One refund of a payment: PENDING until Asaas moves the money (a boleto's waits for the payer's bank account). */
export interface SimAsaasRefund {
  cents: number;
  description: string | null;
  dateCreated: string;
  status: 'PENDING' | 'DONE' | 'CANCELLED';
}

/** What the refund routes need of the simulator's payment. */
export interface RefundablePayment {
  id: string;
  cents: number;
  status: string;
  deleted: boolean;
  request: Json;
  refunds?: SimAsaasRefund[];
  /** How the payer paid: `PIX` (a Pix payment, also of a BOLETO's QR: `pixTransaction` set) or `BOLETO`. */
  paidWith?: 'PIX' | 'BOLETO';
}

const RECEIVED = ['RECEIVED', 'CONFIRMED', 'RECEIVED_IN_CASH'];
const errors = (code: string, description: string): SimReply => ({
  status: 400,
  body: { errors: [{ code, description }] },
});
const left = (p: RefundablePayment) =>
  p.cents - (p.refunds ?? []).filter((r) => r.status !== 'CANCELLED').reduce((s, r) => s + r.cents, 0);

/** A BOLETO (or UNDEFINED) payment the payer paid with the boleto itself, not with its Pix QR. */
export const paidByBoleto = (p: RefundablePayment) => p.request.billingType !== 'PIX' && p.paidWith !== 'PIX';

/**
 * `POST /payments/:id/refund {value?, description?}`: all that is left or `value` reais of a received payment paid by
 * Pix (READ: docs.asaas.com "Refund payment" covers cards and Pix; "Pix allow for a full refund or multiple partial
 * refunds"); done at once, REFUNDED once nothing is left. A payment paid by boleto is refused (INFERRED code): its
 * refund is `bankSlip/refund`.
 */
export function refundPayment(p: RefundablePayment, body: Json | undefined, move: (to: string) => void): SimReply {
  if (p.deleted || !RECEIVED.includes(p.status))
    return errors('invalid_action', `A cobrança se encontra na situação ${p.status}.`);
  if (paidByBoleto(p))
    return errors('invalid_action', 'Cobranças pagas por boleto devem ser estornadas pelo estorno de boleto.');
  const rest = left(p);
  const cents = body?.value === undefined ? rest : Math.round(Number(body.value) * 100);
  if (!Number.isInteger(cents) || cents <= 0 || cents > rest)
    return errors('invalid_value', 'O valor informado excede o valor disponível para estorno.');
  const description = typeof body?.description === 'string' ? body.description : null;
  (p.refunds ??= []).push({ cents, description, dateCreated: todayInSaoPaulo(), status: 'DONE' });
  if (cents === rest) move('REFUNDED');
  return { status: 200, body: undefined };
}

/**
 * `POST /payments/:id/bankSlip/refund` (no body; READ: docs.asaas.com "Refund Bank Slip": a link is returned where the
 * payer fills in a bank account and sends documents). Full only, of a received payment paid by boleto; the payment
 * becomes REFUND_REQUESTED with a PENDING refund until the transfer is done (`/__sim/charges/:id/refund-confirm`, as
 * Asaas's sandbox "Confirm charge refund"). Answer `{requestUrl}` and the status words are INFERRED.
 */
export function refundBankSlip(p: RefundablePayment, body: unknown, move: (to: string) => void): SimReply {
  if (body !== undefined && (typeof body !== 'object' || body === null || Object.keys(body).length > 0))
    return errors('invalid_object', 'O estorno de boleto não recebe parâmetros.');
  if (p.deleted || !RECEIVED.includes(p.status))
    return errors('invalid_action', `A cobrança se encontra na situação ${p.status}.`);
  if (!paidByBoleto(p)) return errors('invalid_action', 'Somente cobranças pagas por boleto podem usar este estorno.');
  (p.refunds ??= []).push({ cents: left(p), description: null, dateCreated: todayInSaoPaulo(), status: 'PENDING' });
  move('REFUND_REQUESTED');
  const token = randomBytes(12).toString('hex');
  return { status: 200, body: { requestUrl: `https://sandbox.asaas.com/refundRequest/${p.id}/${token}` } };
}

/** Sandbox control: the boleto refund's transfer is done (PENDING refunds DONE, the payment REFUNDED). */
export function confirmRefund(p: RefundablePayment, move: (to: string) => void): SimReply {
  const pending = (p.refunds ?? []).filter((r) => r.status === 'PENDING');
  if (pending.length === 0) return { status: 409, body: { error: 'no pending refund' } };
  for (const r of pending) r.status = 'DONE';
  move('REFUNDED');
  return { status: 200, body: { id: p.id, status: p.status } };
}
