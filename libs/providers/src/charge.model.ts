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
  createdAt: string;
  updatedAt: string;
}
