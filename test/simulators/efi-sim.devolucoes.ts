import type { EfiCob } from './efi-sim.cobs';
import type { EfiSimClient } from './efi.simulator';
import { digits } from './sim-oauth';
import type { SimReply, SimRequest } from './sim-server';

type Json = Record<string, unknown>;

/**
 * PUT /v2/pix/:e2eid/devolucao/:id `{valor, descricao?}` (BCB API Pix) over the client's paid cobs: the caller names
 * the devolução, so a repeat with the same id answers the first one (201) instead of refunding again; done at once
 * (DEVOLVIDO). Above what is left: 400 `valor_invalido` [INFERRED name].
 */
export function efiDevolucao(cobs: Map<string, EfiCob>, r: SimRequest, client: EfiSimClient): SimReply {
  const { endToEndId: e2eid, id } = r.params;
  const cob = [...cobs.values()].find(
    (c) => c.clientId === client.clientId && c.pix.some((p) => p.endToEndId === e2eid),
  );
  const paid = cob?.pix.find((p) => p.endToEndId === e2eid);
  if (!cob || !paid) return { status: 404, body: { nome: 'pix_nao_encontrado', mensagem: 'Pix não encontrado' } };
  if (!/^[a-zA-Z0-9]{1,35}$/.test(id))
    return { status: 400, body: { nome: 'id_invalido', mensagem: 'id da devolução inválido' } };
  const list = (paid.devolucoes ??= []) as Json[];
  const existing = list.find((d) => d.id === id);
  if (existing) return { status: 201, body: existing };
  const valor = (r.body as Json | undefined)?.valor;
  const cents = typeof valor === 'string' && /^\d{1,10}\.\d{2}$/.test(valor) ? Math.round(Number(valor) * 100) : NaN;
  const left =
    Math.round(Number(paid.valor) * 100) -
    list.filter((d) => d.status !== 'NAO_REALIZADO').reduce((s, d) => s + Math.round(Number(d.valor) * 100), 0);
  if (!(cents > 0) || cents > left)
    return { status: 400, body: { nome: 'valor_invalido', mensagem: 'Valor da devolução acima do disponível' } };
  const descricao = (r.body as Json | undefined)?.descricao;
  const devolucao: Json = {
    id,
    rtrId: `D09089356${digits(20)}`,
    valor,
    horario: { solicitacao: new Date().toISOString(), liquidacao: new Date().toISOString() },
    status: 'DEVOLVIDO',
    ...(typeof descricao === 'string' ? { motivo: descricao } : {}),
  };
  list.push(devolucao);
  cob.revisao++;
  return { status: 201, body: devolucao };
}

/** Control: the cob's first Pix is refunded in full (its `devolucoes` replaced by one DEVOLVIDO). */
export function refundEfiCob(cobs: Map<string, EfiCob>, txid: string): SimReply {
  const c = cobs.get(txid);
  const paid = c?.pix[0];
  if (!c || !paid) return { status: 409, body: { error: 'nothing to refund' } };
  paid.devolucoes = [
    {
      id: `D${digits(10)}`,
      rtrId: `D09089356${digits(20)}`,
      valor: paid.valor,
      horario: { solicitacao: new Date().toISOString() },
      status: 'DEVOLVIDO',
    },
  ];
  return { status: 200, body: { txid, devolucoes: paid.devolucoes } };
}
