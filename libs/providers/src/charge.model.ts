/** The unified charge model: the same shape from every provider. Money is always integer cents (BRL). */

export const CHARGE_TYPES = ['boleto', 'pix', 'bolepix'] as const;
export type ChargeType = (typeof CHARGE_TYPES)[number];

export const CHARGE_STATUSES = [
  'PROCESSING',
  'PENDING',
  'OVERDUE',
  'PAID',
  'CANCELLED',
  'EXPIRED',
  'FAILED',
  'REFUNDED',
] as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[number];

/** Final states: never move again, except PAID -> REFUNDED. */
export const FINAL_STATUSES: ReadonlySet<ChargeStatus> = new Set([
  'PAID',
  'CANCELLED',
  'EXPIRED',
  'FAILED',
  'REFUNDED',
]);
/** States from which a cancel is allowed. */
export const CANCELLABLE_STATUSES: ReadonlySet<ChargeStatus> = new Set(['PROCESSING', 'PENDING', 'OVERDUE']);

export type DocumentType = 'CPF' | 'CNPJ';

export interface Address {
  street: string;
  number: string;
  complement?: string;
  district: string;
  city: string;
  /** Two-letter UF, uppercase. */
  state: string;
  /** 8 digits, no punctuation. */
  zipCode: string;
}

export interface Payer {
  name: string;
  /** Normalized: punctuation removed, letters uppercase (alphanumeric CNPJ). */
  document: string;
  documentType: DocumentType;
  email?: string;
  phone?: string;
  address?: Address;
}

/** Late fine: a percentage of the amount (0 < percent <= 20) or a fixed amount in cents. */
export interface Fine {
  percent?: number;
  amount?: number;
}
/** Late interest: monthly percentage (0 < monthlyPercent <= 10). */
export interface Interest {
  monthlyPercent: number;
}
/** Early-payment discount until a date: percentage (0 < percent < 100) or fixed cents (< amount). */
export interface Discount {
  percent?: number;
  amount?: number;
  until: string;
}

/** What a provider is asked to create, already validated and normalized by the gateway. */
export interface CreateChargeInput {
  type: ChargeType;
  amount: number;
  /** YYYY-MM-DD, required for boleto and bolepix. */
  dueDate?: string;
  /** Pix only: seconds until the Pix charge expires. */
  expiresInSeconds?: number;
  description?: string;
  externalId?: string;
  payer: Payer;
  fine?: Fine;
  interest?: Interest;
  discount?: Discount;
}

export interface Charge {
  /** The provider's charge id. */
  id: string;
  providerId: string;
  type: ChargeType;
  status: ChargeStatus;
  /** The provider's raw status word. */
  providerStatus: string;
  amount: number;
  currency: 'BRL';
  dueDate?: string;
  description?: string;
  externalId?: string;
  payer: Payer;
  boleto?: { digitableLine: string; barcode: string; pdfUrl?: string };
  pix?: { brCode: string; txid?: string; expiresAt?: string };
  paidAt?: string;
  paidAmount?: number;
  cancelledAt?: string;
  /** Refunds of a paid charge, oldest first (absent when there were none). */
  refunds?: ChargeRefund[];
  /** Integer cents refunded so far (refunds DONE or PROCESSING); absent when there were none. */
  refundedAmount?: number;
  createdAt: string;
  updatedAt: string;
}

/** A refund's unified status: PROCESSING (the bank is moving it), DONE, or FAILED (not done). */
export const REFUND_STATUSES = ['PROCESSING', 'DONE', 'FAILED'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** One refund (Pix devolução or the bank's equivalent) of a paid charge. */
export interface ChargeRefund {
  /** The bank's refund id (derived from tenant + Idempotency-Key where the bank lets the caller choose it). */
  id: string;
  /** Integer cents. */
  amount: number;
  status: RefundStatus;
  createdAt: string;
  reason?: string;
  /**
   * Where the payer must act before a PROCESSING refund can be paid (an https page of the bank: for an Asaas boleto
   * refund, where the payer gives the bank account to send the money to). Absent when nothing is asked of the payer.
   */
  payerActionUrl?: string;
}

/** What a refund asks for, validated by the gateway: `amount` in cents (absent: all that is left), `reason` up to 140 characters. */
export interface RefundChargeInput {
  amount?: number;
  reason?: string;
}

/**
 * Filters of a charge listing, validated by the gateway. Dates are YYYY-MM-DD in America/Sao_Paulo, both ends
 * inclusive; every filter present must hold (statuses: any of them).
 */
export interface ChargeListFilters {
  statuses?: ChargeStatus[];
  type?: ChargeType;
  createdFrom?: string;
  createdTo?: string;
  dueFrom?: string;
  dueTo?: string;
  paidFrom?: string;
  paidTo?: string;
  externalId?: string;
  /** Normalized like Payer.document. */
  payerDocument?: string;
}
