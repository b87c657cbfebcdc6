import { randomBytes } from 'node:crypto';
import { centsToDecimal } from '@lib/brazil';
import type { SimReply, SimRequest, SimServer } from './sim-server';

type Json = Record<string, unknown>;
type Authed = (r: SimRequest, scope: string, fn: (client: { clientId: string }) => SimReply) => SimReply;

interface Devolucao {
  id: string;
  rtrId: string;
  cents: number;
  natureza: string;
  descricao?: string;
  status: string;
  solicitacao: string;
}

/** One Pix received by the account (the payment of a bolepix's Pix), as the API Pix keeps it. */
export interface SimPix {
  clientId: string;
  e2eId: string;
  txid: string;
  cents: number;
  horario: string;
  devolucoes: Devolucao[];
}

const BASE = '/pix/v2/pix';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const VALOR = /^\d{1,10}\.\d{2}$/;
const ID = /^[a-zA-Z0-9]{1,35}$/;
/** Banco Inter's ISPB, the first part of the e2eIds it issues. */
const INTER_ISPB = '00416968';

/** BCB API Pix problem (RFC 7807 with `violacoes`), the shape of Inter's Pix API errors (INFERRED from the BCB spec). */
const problem = (status: number, title: string, detail: string, violacoes: Json[] = []): SimReply => ({
  status,
  body: { type: `https://pix.bcb.gov.br/api/v2/error/${title.replace(/\W/g, '')}`, title, status, detail, violacoes },
});
const notFound = () => problem(404, 'NaoEncontrado', 'Entidade não encontrada.');

/** `<E|D><ISPB><yyyyMMddHHmm><11 alphanumerics>`: the BCB end-to-end / return id layout (32 characters). */
function pixId(prefix: 'E' | 'D'): string {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 12);
  const tail = randomBytes(16)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .padEnd(11, '0')
    .slice(0, 11);
  return `${prefix}${INTER_ISPB}${stamp}${tail}`;
}

/**
 * Banco Inter's API Pix, the part a refund of a bolepix paid by Pix uses (paths and scopes READ in the official SDK
 * `inter-co/pj-sdk-python` `pix/pix/PixClient.py`; fields from its `Pix`/`DetailedDevolution` models and the BCB API
 * Pix): `GET /pix/v2/pix?inicio&fim&txId&paginacao.*` (pix.read; RFC 3339 instants, both required), `GET
 * /pix/v2/pix/:e2eId` (pix.read), `PUT /pix/v2/pix/:e2eId/devolucao/:id` `{valor, natureza?, descricao?}` (pix.write;
 * id `[a-zA-Z0-9]{1,35}`, valor `\d{1,10}\.\d{2}` above zero, the devoluções not NAO_REALIZADO at most the Pix's
 * valor, descricao ≤ 140; a PUT with an existing id answers that devolução unchanged [INFERRED]) and `GET
 * .../devolucao/:id`. New devoluções are DEVOLVIDO at once, or EM_PROCESSAMENTO after `/__sim/pix/config
 * {devolucaoStatus}`; `{failDevolucoes: n}` makes the next n PUTs answer 503. Error bodies, the 201 status and the listing's `parametros` envelope follow the BCB spec
 * [INFERRED for Inter].
 */
export class InterSimPix {
  readonly received = new Map<string, SimPix>();
  devolucoesCreated = 0;
  devolucaoStatus: 'DEVOLVIDO' | 'EM_PROCESSAMENTO' = 'DEVOLVIDO';
  /** The next N devolução PUTs answer 503 without recording anything (a bank outage on that route only). */
  failDevolucoes = 0;

  /** Records the Pix that paid a bolepix (what `/__sim/charges/:id/pay` does for a Pix payment). */
  receive(clientId: string, txid: string, cents: number): SimPix {
    const pix: SimPix = { clientId, e2eId: pixId('E'), txid, cents, horario: new Date().toISOString(), devolucoes: [] };
    this.received.set(pix.e2eId, pix);
    return pix;
  }

  routes(sim: SimServer, authed: Authed): void {
    sim.route({ method: 'GET', path: BASE, handler: (r) => authed(r, 'pix.read', (c) => this.list(r, c.clientId)) });
    sim.route({
      method: 'GET',
      path: `${BASE}/:endToEndId`,
      handler: (r) => authed(r, 'pix.read', (c) => this.with(r, c.clientId, (p) => ({ status: 200, body: view(p) }))),
    });
    sim.route({
      method: 'PUT',
      path: `${BASE}/:endToEndId/devolucao/:id`,
      commits: true,
      handler: (r) => authed(r, 'pix.write', (c) => this.with(r, c.clientId, (p) => this.devolver(r, p))),
    });
    sim.route({
      method: 'GET',
      path: `${BASE}/:endToEndId/devolucao/:id`,
      handler: (r) =>
        authed(r, 'pix.read', (c) =>
          this.with(r, c.clientId, (p) => {
            const d = p.devolucoes.find((x) => x.id === r.params.id);
            return d ? { status: 200, body: devolucaoView(d) } : notFound();
          }),
        ),
    });
    sim.control('POST', '/__sim/pix/config', (r) => {
      const b = (r.body ?? {}) as Json;
      const status = b.devolucaoStatus ?? this.devolucaoStatus;
      const fail = b.failDevolucoes ?? this.failDevolucoes;
      if (status !== 'DEVOLVIDO' && status !== 'EM_PROCESSAMENTO')
        return { status: 400, body: { error: 'devolucaoStatus must be DEVOLVIDO or EM_PROCESSAMENTO' } };
      if (!Number.isInteger(fail) || (fail as number) < 0)
        return { status: 400, body: { error: 'failDevolucoes must be a non-negative integer' } };
      this.devolucaoStatus = status;
      this.failDevolucoes = fail as number;
      return { status: 200, body: { devolucaoStatus: status, failDevolucoes: fail } };
    });
  }

  private with(r: SimRequest, clientId: string, fn: (p: SimPix) => SimReply): SimReply {
    const p = this.received.get(r.params.endToEndId);
    return p && p.clientId === clientId ? fn(p) : notFound();
  }

  private list(r: SimRequest, clientId: string): SimReply {
    const inicio = r.query.get('inicio') ?? '';
    const fim = r.query.get('fim') ?? '';
    const violacoes: Json[] = [];
    for (const [name, v] of [
      ['inicio', inicio],
      ['fim', fim],
    ])
      if (!RFC3339.test(v) || Number.isNaN(Date.parse(v)))
        violacoes.push({ razao: 'deve ser uma data e hora RFC 3339', propriedade: name });
    if (!violacoes.length && Date.parse(inicio) > Date.parse(fim))
      violacoes.push({ razao: 'inicio deve ser anterior a fim', propriedade: 'inicio' });
    const page = Number(r.query.get('paginacao.paginaAtual') ?? '0');
    const size = Number(r.query.get('paginacao.itensPorPagina') ?? '100');
    if (!Number.isInteger(page) || page < 0 || !Number.isInteger(size) || size < 1 || size > 1000)
      violacoes.push({ razao: 'paginação inválida', propriedade: 'paginacao' });
    if (violacoes.length) return problem(400, 'ConsultaInvalida', 'Parâmetros de consulta inválidos.', violacoes);
    const txid = r.query.get('txId');
    const all = [...this.received.values()].filter(
      (p) =>
        p.clientId === clientId &&
        (!txid || p.txid === txid) &&
        Date.parse(p.horario) >= Date.parse(inicio) &&
        Date.parse(p.horario) <= Date.parse(fim),
    );
    const items = all.slice(page * size, page * size + size);
    return {
      status: 200,
      body: {
        parametros: {
          inicio,
          fim,
          paginacao: {
            paginaAtual: page,
            itensPorPagina: size,
            quantidadeDePaginas: Math.max(1, Math.ceil(all.length / size)),
            quantidadeTotalDeItens: all.length,
          },
        },
        pix: items.map(view),
      },
    };
  }

  private devolver(r: SimRequest, p: SimPix): SimReply {
    if (this.failDevolucoes > 0) {
      this.failDevolucoes--;
      return problem(503, 'ServicoIndisponivel', 'Serviço não está disponível no momento.');
    }
    const b = r.body !== null && typeof r.body === 'object' && !Array.isArray(r.body) ? (r.body as Json) : undefined;
    if (!b) return problem(400, 'DevolucaoInvalida', 'O corpo da requisição deve ser um objeto JSON.');
    const id = r.params.id;
    const violacoes: Json[] = [];
    if (!ID.test(id)) violacoes.push({ razao: 'id deve seguir o padrão [a-zA-Z0-9]{1,35}', propriedade: 'id' });
    const valor = typeof b.valor === 'string' && VALOR.test(b.valor) ? b.valor : undefined;
    const cents = valor ? Number(valor.replace('.', '')) : 0;
    if (!valor || cents <= 0)
      violacoes.push({
        razao: 'valor deve ser um decimal positivo com duas casas (\\d{1,10}\\.\\d{2})',
        propriedade: 'valor',
      });
    if (b.natureza !== undefined && b.natureza !== 'ORIGINAL' && b.natureza !== 'RETIRADA')
      violacoes.push({ razao: 'natureza deve ser ORIGINAL ou RETIRADA', propriedade: 'natureza' });
    if (b.natureza === 'RETIRADA')
      violacoes.push({ razao: 'este Pix não é um Pix Saque ou Pix Troco', propriedade: 'natureza' });
    if (b.descricao !== undefined && (typeof b.descricao !== 'string' || b.descricao.length > 140))
      violacoes.push({ razao: 'descricao deve ter até 140 caracteres', propriedade: 'descricao' });
    if (violacoes.length) return problem(400, 'DevolucaoInvalida', 'A devolução não respeita o schema.', violacoes);
    const existing = p.devolucoes.find((d) => d.id === id);
    if (existing) return { status: 201, body: devolucaoView(existing) };
    const taken = p.devolucoes.filter((d) => d.status !== 'NAO_REALIZADO').reduce((s, d) => s + d.cents, 0);
    if (taken + cents > p.cents)
      return problem(400, 'DevolucaoInvalida', 'O valor da devolução excede o valor disponível do Pix.', [
        { razao: `disponível: ${centsToDecimal(p.cents - taken)}`, propriedade: 'valor' },
      ]);
    const d: Devolucao = {
      id,
      rtrId: pixId('D'),
      cents,
      natureza: typeof b.natureza === 'string' ? b.natureza : 'ORIGINAL',
      ...(typeof b.descricao === 'string' ? { descricao: b.descricao } : {}),
      status: this.devolucaoStatus,
      solicitacao: new Date().toISOString(),
    };
    p.devolucoes.push(d);
    this.devolucoesCreated++;
    return { status: 201, body: devolucaoView(d) };
  }
}

function devolucaoView(d: Devolucao): Json {
  return {
    id: d.id,
    rtrId: d.rtrId,
    valor: centsToDecimal(d.cents),
    natureza: d.natureza,
    ...(d.descricao !== undefined ? { descricao: d.descricao } : {}),
    horario: { solicitacao: d.solicitacao, ...(d.status === 'DEVOLVIDO' ? { liquidacao: d.solicitacao } : {}) },
    status: d.status,
  };
}

function view(p: SimPix): Json {
  return {
    endToEndId: p.e2eId,
    txid: p.txid,
    valor: centsToDecimal(p.cents),
    chave: '5f84a4c5-c5cb-4599-9f13-7eb4d419dacc',
    horario: p.horario,
    devolucoes: p.devolucoes.map(devolucaoView),
  };
}
