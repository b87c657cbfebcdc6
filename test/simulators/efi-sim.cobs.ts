import { randomBytes } from 'node:crypto';
import { buildPixBrCode, centsToDecimal } from '@lib/brazil';
import { listEfiCobs } from './efi-sim.listing';
import { postEfiPixWebhook } from './efi-sim.notifications';
import type { EfiPixSimulator } from './efi-sim.pix';
import { pixError, validateCob } from './efi-sim.validation';
import type { EfiSimClient } from './efi.simulator';
import { SimReply, SimRequest, SimServer } from './sim-server';

type Json = Record<string, unknown>;
type Kind = 'cob' | 'cobv';

/** One cob or cobv of the API Pix, as the simulator keeps it (`pix`: the Pix that paid it). */
export interface EfiCob {
  clientId: string;
  kind: Kind;
  body: Json;
  cents: number;
  status: string;
  criacao: string;
  revisao: number;
  pix: Json[];
}

/** The API Pix bearer and scope check the routes run behind (the simulator's own). */
export type EfiPixAuthed = (
  r: SimRequest,
  kind: Kind | 'pix',
  mode: 'read' | 'write',
  fn: (c: EfiSimClient) => SimReply | Promise<SimReply>,
) => SimReply | Promise<SimReply>;

/**
 * The cob and cobv routes of EfiPixSimulator (CONTRACTS.md §1.4), over its `cobs`: PUT /v2/<kind>/:txid (201;
 * txid_duplicado 409; R$ 0,01..10,00 paid at once in homologation), GET /v2/<kind> (efi-sim.listing.ts), GET
 * /v2/<kind>/:txid and PATCH /v2/<kind>/:txid (only REMOVIDA_PELO_USUARIO_RECEBEDOR, only while ATIVA). Errors are
 * {nome, mensagem} on cob and RFC 7807 on cobv.
 */
export function registerEfiCobRoutes(sim: EfiPixSimulator, authed: EfiPixAuthed): void {
  for (const kind of ['cob', 'cobv'] as const) {
    sim.route({
      method: 'PUT',
      path: `/v2/${kind}/:txid`,
      commits: true,
      handler: (r) => authed(r, kind, 'write', (c) => createCob(sim, r, kind, c)),
    });
    sim.route({
      method: 'GET',
      path: `/v2/${kind}`,
      handler: (r) =>
        authed(r, kind, 'read', (c) => listEfiCobs(r, kind, c.clientId, sim.cobs, (t, x) => cobView(t, x as EfiCob))),
    });
    sim.route({
      method: 'GET',
      path: `/v2/${kind}/:txid`,
      handler: (r) => authed(r, kind, 'read', (c) => readCob(sim, r.params.txid, kind, c)),
    });
    sim.route({
      method: 'PATCH',
      path: `/v2/${kind}/:txid`,
      handler: (r) => authed(r, kind, 'write', (c) => patchCob(sim, r, kind, c)),
    });
  }
}

async function createCob(sim: EfiPixSimulator, r: SimRequest, kind: Kind, client: EfiSimClient): Promise<SimReply> {
  const txid = r.params.txid;
  if (!/^[a-zA-Z0-9]{26,35}$/.test(txid))
    return pixError(kind, 400, 'txid_invalido', 'Campo txid deve ter entre 26 e 35 caracteres alfanuméricos', 'txid');
  if (sim.cobs.has(txid))
    return pixError(kind, 409, 'txid_duplicado', 'Campo txid informado já foi utilizado em outra cobrança', 'txid');
  const valid = validateCob(kind, r.body === SimServer.MALFORMED ? undefined : r.body, client.pixKeys);
  if ('error' in valid) return valid.error;
  const cob: EfiCob = {
    clientId: client.clientId,
    kind,
    body: r.body as Json,
    cents: valid.cents,
    status: 'ATIVA',
    criacao: new Date().toISOString(),
    revisao: 0,
    pix: [],
  };
  sim.cobs.set(txid, cob);
  // Homologation: R$ 0,01 to R$ 10,00 is confirmed at once, and the webhook fires.
  if (sim.homologation && cob.cents <= 1000) await payCob(sim, txid, cob, true);
  return { status: 201, body: cobView(txid, cob) };
}

/** The cob as the API Pix answers it (with its BR Code and, once paid, its `pix`). */
export function cobView(txid: string, c: EfiCob): Json {
  const location = `qrcodespix.sim-efi.invalid/v2/${c.kind === 'cobv' ? 'cobv/' : ''}${txid.slice(0, 32)}`;
  const cal = (c.body.calendario as Json | undefined) ?? {};
  return {
    calendario: { criacao: c.criacao, ...(c.kind === 'cob' ? { expiracao: cal.expiracao ?? 86400 } : cal) },
    txid,
    revisao: c.revisao,
    loc: { id: 789, location, tipoCob: c.kind },
    location,
    status: c.status,
    ...(c.body.devedor ? { devedor: c.body.devedor } : {}),
    valor: c.body.valor,
    chave: c.body.chave,
    ...(c.body.solicitacaoPagador ? { solicitacaoPagador: c.body.solicitacaoPagador } : {}),
    ...(c.body.infoAdicionais ? { infoAdicionais: c.body.infoAdicionais } : {}),
    pixCopiaECola: buildPixBrCode({
      key: c.body.chave as string,
      merchantName: 'EFI SA',
      merchantCity: 'SAO PAULO',
      amountCents: c.cents,
      txid: '***',
      pointOfInitiation: 'dynamic',
    }),
    ...(c.pix.length ? { pix: c.pix } : {}),
  };
}

function notFound(kind: Kind): SimReply {
  return kind === 'cob'
    ? {
        status: 404,
        body: { nome: 'cobranca_nao_encontrada', mensagem: 'Nenhuma cobrança encontrada para o txid informado' },
      }
    : {
        status: 404,
        body: {
          type: 'https://pix.bcb.gov.br/api/v2/error/NaoEncontrado',
          title: 'Não Encontrado',
          status: 404,
          detail: 'Entidade não encontrada.',
        },
      };
}

function readCob(sim: EfiPixSimulator, txid: string, kind: Kind, client: EfiSimClient): SimReply {
  const c = sim.cobs.get(txid);
  return c && c.kind === kind && c.clientId === client.clientId
    ? { status: 200, body: cobView(txid, c) }
    : notFound(kind);
}

function patchCob(sim: EfiPixSimulator, r: SimRequest, kind: Kind, client: EfiSimClient): SimReply {
  const c = sim.cobs.get(r.params.txid);
  if (!c || c.kind !== kind || c.clientId !== client.clientId) return notFound(kind);
  const status = (r.body as Json | undefined)?.status;
  if (status !== undefined && status !== 'REMOVIDA_PELO_USUARIO_RECEBEDOR')
    return pixError(kind, 400, 'status_invalido', 'Campo status só aceita REMOVIDA_PELO_USUARIO_RECEBEDOR', 'status');
  if (c.status !== 'ATIVA')
    return pixError(kind, 400, 'status_cobranca_invalido', 'A cobrança não está mais com o status ATIVA', 'status');
  if (status) c.status = status;
  c.revisao++;
  return { status: 200, body: cobView(r.params.txid, c) };
}

/** The payer pays the cob (CONCLUIDA, one Pix received); with `webhook`, posted to the simulator's `webhookUrl`. */
export async function payCob(sim: EfiPixSimulator, txid: string, c: EfiCob, webhook: boolean): Promise<void> {
  c.status = 'CONCLUIDA';
  c.pix.push({
    endToEndId: `E09089356${Date.now().toString().slice(-12)}${randomBytes(6).toString('hex')}`.slice(0, 32),
    txid,
    chave: c.body.chave,
    valor: centsToDecimal(c.cents),
    horario: new Date().toISOString(),
    infoPagador: 'pagamento simulado',
  });
  if (webhook && sim.webhookUrl) await postEfiPixWebhook(sim.webhookUrl, c.pix).catch(() => undefined);
}
