import { randomUUID } from 'node:crypto';
import { buildBoleto, buildPixBrCode, centsToDecimal, todayInSaoPaulo } from '@lib/brazil';
import { InterSimPix } from './inter-sim.pix';
import { registerInterDocuments } from './inter-sim.documents';
import { reaisToCents, validateCobranca } from './inter-sim.validation';
import { SimDocuments } from './sim-documents';
import { digits, SimTokens } from './sim-oauth';
import type { SimPki } from '../pki/sim-pki';
import { SimReply, SimRequest, SimServer } from './sim-server';

type Json = Record<string, unknown>;

export interface InterSimClient {
  clientId: string;
  clientSecret: string;
  scopes: string[];
  /** When set, an x-conta-corrente header must name this account. */
  account?: string;
}

interface Cobranca {
  clientId: string;
  request: Json;
  cents: number;
  situacao: string;
  dataEmissao: string;
  dataSituacao: string;
  /** When the situacao last changed (ISO): the webhook's dataHoraSituacao. */
  situacaoAt: string;
  createdAtMs: number;
  boleto?: Json;
  pix?: Json;
  recebido?: { valor: number; origem: string };
}

const BASE = '/cobranca/v3/cobrancas';
/** The x-conta-corrente /__sim/notify sends when the client names no account. */
export const INTER_SIM_ACCOUNT = '12345678';

function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}
const problem = (status: number, title: string, detail: string, violacoes: unknown[] = []): SimReply => ({
  status,
  body: { title, detail, timestamp: new Date().toISOString(), violacoes },
});
const notFound = () => ({
  status: 404,
  body: { title: 'Nao Encontrado', status: 404, detail: 'Entidade nao encontrada.', violacoes: [] },
});

/**
 * Banco Inter API Cobrança v3 simulator: POST /oauth/v2/token (form client_id, client_secret,
 * grant_type, scope; scopes enforced per endpoint: read for GETs, write for POSTs), asynchronous
 * registration (create answers only codigoSolicitacao; EM_PROCESSAMENTO becomes A_RECEBER after
 * registrationDelayMs, with barcode, digitable line and Pix), get, list by seuNumero, cancelar
 * (202), the sandbox /pagar, and controls /__sim/charges/:id/{pay,overdue,expire,fail,register},
 * /__sim/tokens/expire, /__sim/config {tokenTtlSeconds, registrationDelayMs} and /__sim/notify {url, chargeId}
 * (delivers Inter's webhook, a JSON array with the cobrança's current state). A charge paid by Pix (`pay`, `/pagar`
 * with PIX) is also a received Pix of the API Pix, with its e2eId, refundable by devolução (InterSimPix).
 */
export class InterSimulator extends SimServer {
  readonly tokens = new SimTokens();
  readonly cobrancas = new Map<string, Cobranca>();
  /** The boleto PDFs GET /cobrancas/:id/pdf serves (inter-sim.documents.ts). */
  readonly documents = new SimDocuments('Banco Inter');
  /** The API Pix part: the Pix that paid bolepix charges and their devoluções (inter-sim.pix.ts). */
  readonly pix = new InterSimPix();
  registrationDelayMs = 300;
  private created = 0;

  constructor(
    pki: Pick<SimPki, 'caPem' | 'serverCertPem' | 'serverKeyPem'>,
    readonly clients: InterSimClient[] = [
      {
        clientId: 'sim-inter-client',
        clientSecret: 'sim-inter-secret',
        scopes: ['boleto-cobranca.read', 'boleto-cobranca.write', 'pix.read', 'pix.write'],
      },
    ],
  ) {
    super('inter', pki);
    this.route({ method: 'POST', path: '/oauth/v2/token', handler: (r) => this.token(r) });
    this.route({
      method: 'POST',
      path: BASE,
      commits: true,
      handler: (r) => this.authed(r, 'boleto-cobranca.write', (c) => this.create(r, c)),
    });
    this.route({
      method: 'GET',
      path: BASE,
      handler: (r) => this.authed(r, 'boleto-cobranca.read', (c) => this.list(r, c)),
    });
    this.route({
      method: 'GET',
      path: `${BASE}/:id`,
      handler: (r) => this.authed(r, 'boleto-cobranca.read', (c) => this.read(r.params.id, c)),
    });
    this.route({
      method: 'POST',
      path: `${BASE}/:id/cancelar`,
      handler: (r) => this.authed(r, 'boleto-cobranca.write', (c) => this.cancel(r, c)),
    });
    this.route({
      method: 'POST',
      path: `${BASE}/:id/pagar`,
      handler: (r) => this.authed(r, 'boleto-cobranca.write', (c) => this.payApi(r, c)),
    });
    // `pay` takes `{pagarCom: "BOLETO"}` for a boleto payment; by default the bolepix is paid by Pix (with an e2eId).
    registerInterDocuments(this, (r, fn) => this.authed(r, 'boleto-cobranca.read', fn));
    const ctl = (path: string, from: string[], to: string) =>
      this.control('POST', `/__sim/charges/:id/${path}`, (r) =>
        this.transition(r.params.id, from, to, (r.body as Json | undefined)?.pagarCom === 'BOLETO' ? 'BOLETO' : 'PIX'),
      );
    ctl('pay', ['A_RECEBER', 'ATRASADO'], 'RECEBIDO');
    ctl('overdue', ['A_RECEBER'], 'ATRASADO');
    ctl('expire', ['A_RECEBER', 'ATRASADO'], 'EXPIRADO');
    ctl('fail', ['EM_PROCESSAMENTO'], 'FALHA_EMISSAO');
    ctl('register', ['EM_PROCESSAMENTO'], 'A_RECEBER');
    this.control('POST', '/__sim/tokens/expire', () => ({ status: 200, body: { expired: this.tokens.expireAll() } }));
    this.control('POST', '/__sim/config', (r) => this.configure(r.body as Json | undefined));
    this.control('POST', '/__sim/notify', (r) => this.notify(r.body as Json | undefined));
    this.pix.routes(this, (r, scope, fn) => this.authed(r, scope, fn));
  }

  protected override statsBody(): Json {
    return {
      ...super.statsBody(),
      charges: this.created,
      tokenRequests: this.tokens.requests,
      tokensIssued: this.tokens.issued,
      devolucoes: this.pix.devolucoesCreated,
    };
  }

  private configure(b: Json | undefined): SimReply {
    const ok = (v: unknown) => v === undefined || (Number.isInteger(v) && (v as number) >= 0);
    if (!ok(b?.tokenTtlSeconds) || !ok(b?.registrationDelayMs))
      return { status: 400, body: { error: 'tokenTtlSeconds and registrationDelayMs must be non-negative integers' } };
    if (b?.tokenTtlSeconds !== undefined) this.tokens.ttlSeconds = b.tokenTtlSeconds as number;
    if (b?.registrationDelayMs !== undefined) this.registrationDelayMs = b.registrationDelayMs as number;
    return {
      status: 200,
      body: { tokenTtlSeconds: this.tokens.ttlSeconds, registrationDelayMs: this.registrationDelayMs },
    };
  }

  private token(r: SimRequest): SimReply {
    this.tokens.requests++;
    const f = (r.body ?? {}) as Json;
    if (f.grant_type !== 'client_credentials')
      return problem(400, 'Requisição inválida', 'grant_type deve ser client_credentials');
    if (typeof f.scope !== 'string' || f.scope.trim() === '')
      return problem(400, 'Requisição inválida', 'scope é obrigatório');
    const client = this.clients.find((c) => c.clientId === f.client_id && c.clientSecret === f.client_secret);
    if (!client) return problem(401, 'Não autorizado', 'client_id ou client_secret inválidos');
    const scopes = f.scope.trim().split(/\s+/);
    if (scopes.some((s) => !client.scopes.includes(s)))
      return problem(403, 'Acesso negado', 'escopo não autorizado para a aplicação');
    const { token, expiresIn } = this.tokens.issue(client.clientId, scopes, 'uuid');
    return {
      status: 200,
      body: { access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: scopes.join(' ') },
    };
  }

  private authed(r: SimRequest, scope: string, fn: (client: InterSimClient) => SimReply): SimReply {
    const check = this.tokens.check(r.headers.authorization);
    if (!check.ok) return { status: 401, body: { title: check.reason === 'expired' ? 'expired' : 'Unauthorized' } };
    if (!check.scopes.has(scope)) return problem(403, 'Acesso negado', `escopo ${scope} necessário`);
    const client = this.clients.find((c) => c.clientId === check.clientId) as InterSimClient;
    const account = r.headers['x-conta-corrente'];
    if (account !== undefined && account !== client.account)
      return problem(403, 'Acesso negado', 'conta corrente não vinculada à aplicação');
    return fn(client);
  }

  private create(r: SimRequest, client: InterSimClient): SimReply {
    if (r.body === SimServer.MALFORMED) return problem(400, 'Requisição inválida', 'JSON mal formado');
    const violacoes = validateCobranca(r.body);
    if (violacoes.length) return problem(400, 'Requisição inválida', 'Existem violações de regras', violacoes);
    const codigo = randomUUID();
    const today = todayInSaoPaulo();
    const request = r.body as Json;
    this.cobrancas.set(codigo, {
      clientId: client.clientId,
      request,
      cents: reaisToCents(request.valorNominal) as number,
      situacao: 'EM_PROCESSAMENTO',
      dataEmissao: today,
      dataSituacao: today,
      situacaoAt: new Date().toISOString(),
      createdAtMs: Date.now(),
    });
    this.created++;
    return { status: 200, body: { codigoSolicitacao: codigo } };
  }

  /** Registration happens in the background at Inter: here, lazily once the delay has passed. */
  private tick(codigo: string, c: Cobranca): void {
    if (c.situacao === 'EM_PROCESSAMENTO' && Date.now() >= c.createdAtMs + this.registrationDelayMs)
      this.register(codigo, c);
  }

  private register(codigo: string, c: Cobranca): void {
    const nossoNumero = digits(10);
    const slip = buildBoleto({
      bankCode: '077',
      dueDate: c.request.dataVencimento as string,
      amountCents: c.cents,
      freeField: `0001112${nossoNumero}${digits(8)}`,
    });
    const txid = `${nossoNumero}${codigo.replace(/-/g, '')}`.slice(0, 35);
    c.boleto = { nossoNumero, codigoBarras: slip.barcode, linhaDigitavel: slip.digitableLine };
    c.pix = {
      txid,
      pixCopiaECola: buildPixBrCode({
        key: randomUUID(),
        merchantName: 'INTER SIMULATOR',
        merchantCity: 'BELO HORIZONTE',
        amountCents: c.cents,
        txid: txid.slice(0, 25),
        pointOfInitiation: 'dynamic',
      }),
    };
    this.set(c, 'A_RECEBER');
  }

  private view(codigo: string, c: Cobranca): Json {
    this.tick(codigo, c);
    const q = c.request;
    const cobranca: Json = {
      codigoSolicitacao: codigo,
      seuNumero: q.seuNumero,
      dataEmissao: c.dataEmissao,
      dataVencimento: q.dataVencimento,
      valorNominal: Number(centsToDecimal(c.cents)),
      tipoCobranca: 'SIMPLES',
      situacao: c.situacao,
      dataSituacao: c.dataSituacao,
      arquivada: false,
      descontos: q.desconto ? [q.desconto] : [],
      multa: q.multa,
      mora: q.mora,
      pagador: q.pagador,
      ...(c.recebido
        ? { valorTotalRecebido: centsToDecimal(c.recebido.valor), origemRecebimento: c.recebido.origem }
        : {}),
    };
    return { cobranca, ...(c.boleto ? { boleto: c.boleto } : {}), ...(c.pix ? { pix: c.pix } : {}) };
  }

  private read(codigo: string, client: InterSimClient): SimReply {
    const c = this.cobrancas.get(codigo);
    return c && c.clientId === client.clientId ? { status: 200, body: this.view(codigo, c) } : notFound();
  }

  private list(r: SimRequest, client: InterSimClient): SimReply {
    const from = r.query.get('dataInicial');
    const to = r.query.get('dataFinal');
    if (!from || !to) return problem(400, 'Requisição inválida', 'dataInicial e dataFinal são obrigatórios');
    const by = r.query.get('filtrarDataPor') ?? 'VENCIMENTO';
    const page = Number(r.query.get('paginacao.paginaAtual') ?? '0');
    const size = Math.min(1000, Number(r.query.get('paginacao.itensPorPagina') ?? '100'));
    const all = [...this.cobrancas.entries()]
      .filter(([, c]) => c.clientId === client.clientId)
      .filter(([, c]) => {
        const date = by === 'EMISSAO' ? c.dataEmissao : (c.request.dataVencimento as string);
        return (
          date >= from &&
          date <= to &&
          (!r.query.get('seuNumero') || c.request.seuNumero === r.query.get('seuNumero')) &&
          (!r.query.get('situacao') || c.situacao === r.query.get('situacao'))
        );
      })
      .map(([codigo, c]) => this.view(codigo, c));
    const items = all.slice(page * size, page * size + size);
    const pages = Math.max(1, Math.ceil(all.length / size));
    return {
      status: 200,
      body: {
        totalPaginas: pages,
        totalElementos: all.length,
        ultimaPagina: page >= pages - 1,
        primeiraPagina: page === 0,
        tamanhoPagina: size,
        numeroDeElementos: items.length,
        cobrancas: items,
      },
    };
  }

  private cancel(r: SimRequest, client: InterSimClient): SimReply {
    const c = this.cobrancas.get(r.params.id);
    if (!c || c.clientId !== client.clientId) return notFound();
    const motivo = (r.body as Json | undefined)?.motivoCancelamento;
    if (typeof motivo !== 'string' || motivo.length < 1 || motivo.length > 50)
      return problem(400, 'Requisição inválida', 'Existem violações de regras', [
        { razao: 'tamanho deve ser entre 1 e 50', propriedade: 'motivoCancelamento', valor: '' },
      ]);
    this.tick(r.params.id, c);
    if (!['EM_PROCESSAMENTO', 'A_RECEBER', 'ATRASADO'].includes(c.situacao))
      return problem(
        400,
        'Requisição inválida',
        `A cobrança não pode ser cancelada, pois se encontra na situação ${c.situacao}`,
        [{}],
      );
    this.set(c, 'CANCELADO');
    return { status: 202 };
  }

  private payApi(r: SimRequest, client: InterSimClient): SimReply {
    const c = this.cobrancas.get(r.params.id);
    if (!c || c.clientId !== client.clientId) return notFound();
    const via = (r.body as Json | undefined)?.pagarCom;
    if (via !== 'BOLETO' && via !== 'PIX')
      return problem(400, 'Requisição inválida', 'pagarCom deve ser BOLETO ou PIX');
    return this.transition(r.params.id, ['A_RECEBER', 'ATRASADO'], 'RECEBIDO', via).status === 200
      ? { status: 204 }
      : problem(400, 'Requisição inválida', `A cobrança se encontra na situação ${c.situacao}`);
  }

  private transition(codigo: string, from: string[], to: string, via = 'PIX'): SimReply {
    const c = this.cobrancas.get(codigo);
    if (!c) return { status: 404, body: { error: 'no such charge' } };
    this.tick(codigo, c);
    if (!from.includes(c.situacao)) return { status: 409, body: { error: `charge is ${c.situacao}` } };
    if (to === 'A_RECEBER') this.register(codigo, c);
    else this.set(c, to);
    if (to === 'RECEBIDO') c.recebido = { valor: c.cents, origem: via };
    if (to === 'RECEBIDO' && via === 'PIX' && typeof c.pix?.txid === 'string')
      this.pix.receive(c.clientId, c.pix.txid, c.cents);
    return { status: 200, body: { codigoSolicitacao: codigo, situacao: c.situacao } };
  }

  /** One webhook item (Cobrança v3 callback payload): money fields only once received, as on CANCELADO. */
  private webhookItem(codigo: string, c: Cobranca): Json {
    this.tick(codigo, c);
    return {
      codigoSolicitacao: codigo,
      seuNumero: c.request.seuNumero,
      situacao: c.situacao,
      dataHoraSituacao: c.situacaoAt,
      ...(c.recebido
        ? { valorTotalRecebido: centsToDecimal(c.recebido.valor), origemRecebimento: c.recebido.origem }
        : {}),
      ...(c.boleto ?? {}),
      ...(c.pix ?? {}),
    };
  }

  /**
   * Delivers Inter's webhook for the charge's current state: `POST url` with a JSON array of one cobrança item and
   * the `x-conta-corrente` header (the client's account, or INTER_SIM_ACCOUNT). Inter's mTLS client certificate is
   * not reproduced (the gateway in tests listens on plain http). Answers the receiver's HTTP status and body text
   * (status 0 when it could not be reached).
   */
  private async notify(b: Json | undefined): Promise<SimReply> {
    const codigo = b?.chargeId;
    const c = typeof codigo === 'string' ? this.cobrancas.get(codigo) : undefined;
    if (!isHttpUrl(b?.url) || !c)
      return { status: 400, body: { error: 'an http(s) url and the chargeId of an existing cobrança are required' } };
    const account = this.clients.find((x) => x.clientId === c.clientId)?.account ?? INTER_SIM_ACCOUNT;
    const payload = [this.webhookItem(codigo as string, c)];
    try {
      const res = await fetch(b?.url as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-conta-corrente': account },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(10_000),
      });
      return { status: 200, body: { status: res.status, body: (await res.text()).slice(0, 4000), payload } };
    } catch (err) {
      return { status: 200, body: { status: 0, body: (err as Error).message, payload } };
    }
  }

  private set(c: Cobranca, situacao: string): void {
    c.situacao = situacao;
    c.dataSituacao = todayInSaoPaulo();
    c.situacaoAt = new Date().toISOString();
  }
}
