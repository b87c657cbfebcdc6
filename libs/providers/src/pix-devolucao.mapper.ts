import type { ChargeRefund, RefundStatus } from './charge.model';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** BCB API Pix devolução statuses (`DevolucaoStatus`) -> ours; the same words at every bank on the BCB standard. */
export const PIX_REFUND_STATUS: Readonly<Record<string, RefundStatus>> = {
  EM_PROCESSAMENTO: 'PROCESSING',
  DEVOLVIDO: 'DONE',
  NAO_REALIZADO: 'FAILED',
};

/**
 * A devolução of a BCB-standard Pix API (`{ id, valor, status, horario: { solicitacao }, descricao?, motivo? }`) ->
 * our refund; undefined when it lacks an id or an exact amount. `cents` is the bank's own amount reader. The reason
 * is the text sent with the devolução (`descricao`), else the bank's `motivo`.
 */
export function fromPixDevolucao(
  d: Json | undefined,
  cents: (valor: unknown) => number | undefined,
): ChargeRefund | undefined {
  const id = str(d?.id);
  const amount = cents(d?.valor);
  if (!d || !id || amount === undefined) return undefined;
  const reason = str(d.descricao) ?? str(d.motivo);
  return {
    id,
    amount,
    status: PIX_REFUND_STATUS[String(d.status)] ?? 'PROCESSING',
    createdAt: str(obj(d.horario)?.solicitacao) ?? new Date(0).toISOString(),
    ...(reason ? { reason } : {}),
  };
}
