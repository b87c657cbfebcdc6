import { todayInSaoPaulo } from '@lib/brazil';
import type { ChargeStatus } from '../charge.model';
import type { SandboxRecord } from './sandbox.record';

/**
 * The sandbox bank's own status words, stored or derived at read time, and the one table mapping
 * them to the unified status (every provider keeps such a table at its edge).
 */
export type SandboxStatusWord = 'EM_ABERTO' | 'VENCIDO' | 'PAGO' | 'CANCELADO' | 'EXPIRADO' | 'DEVOLVIDO';

export const SANDBOX_STATUS: Readonly<Record<SandboxStatusWord, ChargeStatus>> = {
  EM_ABERTO: 'PENDING',
  VENCIDO: 'OVERDUE',
  PAGO: 'PAID',
  CANCELADO: 'CANCELLED',
  EXPIRADO: 'EXPIRED',
  DEVOLVIDO: 'REFUNDED',
};

/**
 * The word the bank shows now. Open charges age at read time: a boleto (or bolepix) whose due date
 * is before today in America/Sao_Paulo reads VENCIDO; a Pix past its expiry reads EXPIRADO.
 */
export function sandboxStatusWord(record: SandboxRecord, now: Date): SandboxStatusWord {
  if (record.state !== 'EM_ABERTO') return record.state;
  if (record.type === 'pix' && record.pix?.expiresAt && Date.parse(record.pix.expiresAt) <= now.getTime())
    return 'EXPIRADO';
  if (record.type !== 'pix' && record.dueDate && record.dueDate < todayInSaoPaulo(now)) return 'VENCIDO';
  return 'EM_ABERTO';
}
