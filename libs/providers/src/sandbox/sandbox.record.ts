import type { CreateChargeInput } from '../charge.model';

/** What the sandbox bank keeps per charge (its "database row"). Only open/paid/cancelled are stored; the rest is derived. */
export interface SandboxRecord extends Omit<CreateChargeInput, 'expiresInSeconds'> {
  id: string;
  boleto?: { digitableLine: string; barcode: string };
  pix?: { brCode: string; txid: string; expiresAt?: string };
  state: 'EM_ABERTO' | 'PAGO' | 'CANCELADO';
  paidAt?: string;
  paidAmount?: number;
  cancelledAt?: string;
  createdAt: string;
  updatedAt: string;
}
