import type { ChargeRefund, CreateChargeInput } from '../charge.model';

/** What the sandbox bank keeps per charge (its "database row"). Only open/paid/cancelled/refunded are stored; the rest is derived. */
export interface SandboxRecord extends Omit<CreateChargeInput, 'expiresInSeconds'> {
  id: string;
  boleto?: { digitableLine: string; barcode: string };
  pix?: { brCode: string; txid: string; expiresAt?: string };
  state: 'EM_ABERTO' | 'PAGO' | 'CANCELADO' | 'DEVOLVIDO';
  paidAt?: string;
  paidAmount?: number;
  refunds?: ChargeRefund[];
  refundedAmount?: number;
  cancelledAt?: string;
  createdAt: string;
  updatedAt: string;
}
