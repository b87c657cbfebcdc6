import { randomBytes, randomUUID } from 'node:crypto';
import { buildBoleto, buildPixBrCode, centsToDecimal, formatDigitableLine, todayInSaoPaulo } from '@lib/brazil';
import { listEfiCharges, listEfiCobs } from './efi-sim.listing';
import { efiPdfPath, registerEfiDocuments } from './efi-sim.documents';
import { chargesError, pixError, validateCob, validateOneStep } from './efi-sim.validation';
import { SimDocuments } from './sim-documents';
import { digits, SimTokens } from './sim-oauth';
import type { SimPki } from '../pki/sim-pki';
import { SimReply, SimRequest, SimServer } from './sim-server';

/*
 * Efí simulators, faithful to ../shared/providers/CONTRACTS.md §1.4. Follows the [READ] facts: hosts' route
 * layout; POST /v1/authorize and /oauth/token with HTTP Basic + JSON {grant_type}; Cobranças token of 600 s
 * with refresh_token and expire_at (string ms); no mTLS on Cobranças, mTLS on every Pix call; one-step body
 * (cents, fine 0.01 %, interest 0.001 %, days_to_write_off 0..120, message 4x100); the R$ 5,00 minimum
 * (4600036) and past due date (4600007); the create answer (formatted line in `barcode`, Bolix `pix` only when
 * the account has it); GET /v1/charge/:id; cancel only in new/waiting/unpaid/link (3500043); the canceled ->
 * paid quirk; status words; notification `notification=<token>` and GET /v1/notification/:token history;
 * cob/cobv PUT 201, PATCH REMOVIDA_PELO_USUARIO_RECEBEDOR, {nome,mensagem} on cob vs RFC 7807 on cobv,
 * txid_duplicado 409, status_cobranca_invalido; ATIVA/CONCLUIDA/REMOVIDA_*; the homologation rule (R$ 0,01 to
 * R$ 10,00 paid automatically, webhook fired); the Pix webhook `{pix:[...]}` posted to `<url>/pix`.
 * Follows these [INFERRED] guesses (configurable or easy to change here): the 401 token-error body
 * `{code:401, error:'unauthorized', error_description}`; HTTP 400 for 3500043 and for every Cobranças refusal;
 * 404 `{code:3500010,...}` for an unknown charge; 404 `cobranca_nao_encontrada` / NaoEncontrado for an unknown
 * txid; the form content type of the Cobranças callback; the listings' 366-day range and page
 * bounds (efi-sim.listing.ts); a duplicate cobv txid as 409 (RFC 7807); bank 364 on
 * the slip; the paid charge's GET carrying no paid amount or date beyond its history.
 */

type Json = Record<string, unknown>;

export const EFI_SIM_PIX_KEY = 'a1f4102e-a446-4a57-bcce-6fa48899c1d1';

export interface EfiSimClient {
  clientId: string;
  clientSecret: string;
  /** Pix keys of the account (`chave` must be one). */
  pixKeys: string[];
  /** Bolix on the account: boletos carry a Pix QR (bolepix). */
  bolix: boolean;
}

const DEFAULT_CLIENTS: EfiSimClient[] = [
  { clientId: 'sim-efi-client', clientSecret: 'sim-efi-secret', pixKeys: [EFI_SIM_PIX_KEY], bolix: true },
];

/** `YYYY-MM-DD HH:mm:ss` in Brasília time, as Efí writes timestamps. */
function efiNow(): string {
  const d = new Date(Date.now() - 3 * 3600_000);
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

function basicClient(r: SimRequest, clients: EfiSimClient[]): EfiSimClient | undefined {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(String(r.headers.authorization ?? ''));
  if (!m) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  return clients.find((c) => c.clientId === text.slice(0, i) && c.clientSecret === text.slice(i + 1));
}

async function postTo(url: string, body: string, contentType: string): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  await res.arrayBuffer();
  return res.status;
}

interface EfiCharge {
  clientId: string;
  request: Json;
  status: string;
  createdAt: string;
  history: { message: string; created_at: string }[];
  token: string;
  changes: Json[];
  billet: Json;
  pix?: Json;
}

const unauthorized = (description: string): SimReply => ({
  status: 401,
  body: { code: 401, error: 'unauthorized', error_description: description },
});

/**
 * Efí API Cobranças simulator (plain TLS, Basic -> bearer): /v1/authorize, /v1/charge/one-step, GET
 * /v1/charge/:id, PUT /v1/charge/:id/cancel, GET /v1/charges, GET /v1/notification/:token. It also starts the
 * API Pix simulator (`pix`, mTLS) on the next port. Controls: POST /__sim/charges/:id/status {status},
 * /__sim/charges/:id/pay, /__sim/notify {url, chargeId}, /__sim/tokens/expire, /__sim/config {tokenTtlSeconds}.
 */
export class EfiSimulator extends SimServer {
  protected override readonly requireClientCertificate = false;
  readonly tokens = new SimTokens();
  readonly charges = new Map<number, EfiCharge>();
  /** The boleto PDFs the charges' pdf.charge links serve (efi-sim.documents.ts). */
  readonly documents = new SimDocuments('Efí');
  /** Origin of the pdf.charge links of new charges (default: this simulator's own, where they are served). */
  documentOrigin?: string;
  readonly pix: EfiPixSimulator;
  private nextId = 24342333;

  constructor(
    pki: Pick<SimPki, 'caPem' | 'serverCertPem' | 'serverKeyPem'>,
    readonly clients: EfiSimClient[] = DEFAULT_CLIENTS,
  ) {
    super('efi', pki);
    this.tokens.ttlSeconds = 600;
    this.pix = new EfiPixSimulator(pki, clients);
    this.route({ method: 'POST', path: '/v1/authorize', handler: (r) => this.token(r) });
    registerEfiDocuments(this, (r, fn) => this.authed(r, fn));
    this.route({
      method: 'POST',
      path: '/v1/charge/one-step',
      commits: true,
      handler: (r) => this.authed(r, (c) => this.create(r, c)),
    });
    this.route({
      method: 'GET',
      path: '/v1/charge/:id',
      handler: (r) => this.authed(r, (c) => this.read(r.params.id, c)),
    });
    this.route({
      method: 'PUT',
      path: '/v1/charge/:id/cancel',
      handler: (r) => this.authed(r, (c) => this.cancel(r.params.id, c)),
    });
    this.route({
      method: 'GET',
      path: '/v1/charges',
      handler: (r) => this.authed(r, (c) => listEfiCharges(r, c.clientId, this.charges)),
    });
    this.route({
      method: 'GET',
      path: '/v1/notification/:token',
      handler: (r) => this.authed(r, (c) => this.notification(r.params.token, c)),
    });
    this.control('POST', '/__sim/charges/:id/status', (r) => this.force(r.params.id, String((r.body as Json)?.status)));
    this.control('POST', '/__sim/charges/:id/pay', (r) => this.payControl(r.params.id));
    this.control('POST', '/__sim/notify', (r) => this.notify(r.body as Json | undefined));
    this.control('POST', '/__sim/tokens/expire', () => ({ status: 200, body: { expired: this.tokens.expireAll() } }));
    this.control('POST', '/__sim/config', (r) => {
      const ttl = (r.body as Json | undefined)?.tokenTtlSeconds;
      if (!Number.isInteger(ttl) || (ttl as number) < 1)
        return { status: 400, body: { error: 'tokenTtlSeconds must be a positive integer' } };
      this.tokens.ttlSeconds = ttl as number;
      return { status: 200, body: { tokenTtlSeconds: ttl } };
    });
  }

  get pixUrl(): string {
    return this.pix.url;
  }

  /** Cobranças on `port`, Pix on `port + 1` (both ephemeral with port 0). */
  override async start(port = 0, host = '127.0.0.1'): Promise<string> {
    const url = await super.start(port, host);
    await this.pix.start(port === 0 ? 0 : port + 1, host);
    return url;
  }

  override async stop(): Promise<void> {
    await Promise.all([super.stop(), this.pix.stop()]);
  }

  protected override statsBody(): Json {
    return {
      ...super.statsBody(),
      charges: this.charges.size,
      tokenRequests: this.tokens.requests,
      tokensIssued: this.tokens.issued,
    };
  }

  private token(r: SimRequest): SimReply {
    this.tokens.requests++;
    const client = basicClient(r, this.clients);
    if (!client) return unauthorized('Credenciais inválidas ou inativas');
    if ((r.body as Json | undefined)?.grant_type !== 'client_credentials')
      return {
        status: 400,
        body: { code: 400, error: 'invalid_grant', error_description: 'grant_type deve ser client_credentials' },
      };
    const { token, expiresIn } = this.tokens.issue(client.clientId, [], 'jwt-like');
    return {
      status: 200,
      body: {
        access_token: token,
        refresh_token: `eyJhbGciOiJIUzI1NiJ9.${randomBytes(24).toString('base64url')}`,
        expires_in: expiresIn,
        expire_at: String(Date.now() + expiresIn * 1000),
        token_type: 'Bearer',
      },
    };
  }

  private authed(r: SimRequest, fn: (c: EfiSimClient) => SimReply): SimReply {
    const check = this.tokens.check(r.headers.authorization);
    if (!check.ok) return unauthorized(check.reason === 'expired' ? 'Token expirado' : 'Token inválido');
    return fn(this.clients.find((c) => c.clientId === check.clientId) as EfiSimClient);
  }

  private create(r: SimRequest, client: EfiSimClient): SimReply {
    if (r.body === SimServer.MALFORMED) return chargesError(3500034, 'validation_error', 'JSON mal formado');
    const invalid = validateOneStep(r.body);
    if (invalid) return invalid;
    const request = r.body as Json;
    const billet = (request.payment as Json).banking_billet as Json;
    const total = (request.items as Json[]).reduce((s, i) => s + (i.value as number) * ((i.amount as number) ?? 1), 0);
    const id = this.nextId++;
    const slip = buildBoleto({
      bankCode: '364',
      dueDate: billet.expire_at as string,
      amountCents: total,
      freeField: digits(25),
    });
    const now = efiNow();
    const stored: EfiCharge = {
      clientId: client.clientId,
      request: { ...request, total },
      status: 'new',
      createdAt: now,
      history: [{ message: 'Cobrança criada', created_at: now }],
      token: randomUUID(),
      changes: [],
      billet: {
        barcode: formatDigitableLine(slip.digitableLine),
        link: `https://sim.efipay.invalid/emissao/${id}`,
        pdf: { charge: `${this.documentOrigin ?? this.url}${efiPdfPath(id)}` },
        expire_at: billet.expire_at,
        configurations: billet.configurations ?? {},
        ...(billet.message ? { message: billet.message } : {}),
      },
    };
    if (client.bolix) {
      stored.pix = {
        qrcode: buildPixBrCode({
          key: client.pixKeys[0],
          merchantName: 'EFI SA',
          merchantCity: 'OURO PRETO',
          amountCents: total,
          txid: '***',
          pointOfInitiation: 'dynamic',
        }),
        qrcode_image: 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=',
      };
      stored.billet.pix = stored.pix;
    }
    this.charges.set(id, stored);
    this.set(stored, id, 'new');
    this.set(stored, id, 'waiting', 'Pagamento via boleto aguardando confirmação');
    return {
      status: 200,
      body: {
        code: 200,
        data: {
          barcode: stored.billet.barcode,
          ...(stored.pix ? { pix: stored.pix } : {}),
          link: stored.billet.link,
          billet_link: stored.billet.link,
          pdf: stored.billet.pdf,
          expire_at: billet.expire_at,
          charge_id: id,
          status: stored.status,
          total,
          payment: 'banking_billet',
        },
      },
    };
  }

  private find(raw: string, client?: EfiSimClient): [number, EfiCharge] | undefined {
    const id = Number(raw);
    const c = this.charges.get(id);
    return c && (!client || c.clientId === client.clientId) ? [id, c] : undefined;
  }

  private view(id: number, c: EfiCharge): Json {
    const meta = (c.request.metadata as Json | undefined) ?? {};
    const billet = (c.request.payment as Json).banking_billet as Json;
    return {
      charge_id: id,
      total: c.request.total,
      status: c.status,
      custom_id: meta.custom_id ?? null,
      created_at: c.createdAt,
      notification_url: meta.notification_url ?? null,
      items: c.request.items,
      history: c.history,
      customer: billet.customer,
      payment: { method: 'banking_billet', created_at: c.createdAt, banking_billet: c.billet },
    };
  }

  private read(raw: string, client: EfiSimClient): SimReply {
    const found = this.find(raw, client);
    if (!found)
      return {
        status: 404,
        body: {
          code: 3500010,
          error: 'property_does_not_exists',
          error_description: { property: 'id', message: 'A propriedade [id] informada não existe.' },
        },
      };
    return { status: 200, body: { code: 200, data: this.view(...found) } };
  }

  private cancel(raw: string, client: EfiSimClient): SimReply {
    const found = this.find(raw, client);
    if (!found) return this.read(raw, client);
    const [id, c] = found;
    if (!['new', 'waiting', 'unpaid', 'link'].includes(c.status))
      return chargesError(
        3500043,
        'charge_status_not_allowed',
        'Apenas transações com status [new],[link],[waiting] ou [unpaid] podem ser canceladas.',
      );
    this.set(c, id, 'canceled', 'Cobrança cancelada');
    return { status: 200, body: { code: 200 } };
  }

  private notification(token: string, client: EfiSimClient): SimReply {
    const c = [...this.charges.values()].find((x) => x.token === token && x.clientId === client.clientId);
    if (!c)
      return {
        status: 404,
        body: { code: 3500010, error: 'property_does_not_exists', error_description: 'Notificação não encontrada.' },
      };
    return { status: 200, body: { code: 200, data: c.changes } };
  }

  /** Forces any status word (the e2e maps every one). */
  private force(raw: string, status: string): SimReply {
    const found = this.find(raw);
    if (!found) return { status: 404, body: { error: 'no such charge' } };
    if (!/^[a-z]{3,12}$/.test(status)) return { status: 400, body: { error: 'status must be an Efí status word' } };
    this.set(found[1], found[0], status, `Status alterado para ${status}`);
    return { status: 200, body: { charge_id: found[0], status } };
  }

  /** The payer pays at a bank: from waiting or unpaid, and from canceled when the boleto was printed before (quirk). */
  private payControl(raw: string): SimReply {
    const found = this.find(raw);
    if (!found) return { status: 404, body: { error: 'no such charge' } };
    const [id, c] = found;
    if (!['waiting', 'unpaid', 'canceled'].includes(c.status))
      return { status: 409, body: { error: `charge is ${c.status}` } };
    this.set(c, id, 'paid', 'Pagamento efetuado', { received_by_bank_at: todayInSaoPaulo(), value: c.request.total });
    return { status: 200, body: { charge_id: id, status: 'paid' } };
  }

  /** POSTs `notification=<token>` (form) to `url`, as Efí does on every status change. */
  private async notify(b: Json | undefined): Promise<SimReply> {
    const found = this.find(String(b?.chargeId));
    if (typeof b?.url !== 'string' || !found)
      return { status: 400, body: { error: 'url and a known chargeId are required' } };
    const status = await postTo(
      b.url,
      new URLSearchParams({ notification: found[1].token }).toString(),
      'application/x-www-form-urlencoded',
    );
    return { status: 200, body: { delivered: status, token: found[1].token } };
  }

  private set(c: EfiCharge, id: number, status: string, message?: string, extra: Json = {}): void {
    const previous = c.changes.length ? c.status : null;
    c.status = status;
    const at = efiNow();
    if (message) c.history.push({ message, created_at: at });
    const custom = (c.request.metadata as Json | undefined)?.custom_id ?? null;
    c.changes.push({
      id: c.changes.length + 1,
      type: 'charge',
      custom_id: custom,
      status: { current: status, previous },
      identifiers: { charge_id: id },
      created_at: at,
      ...extra,
    });
  }
}

interface Cob {
  clientId: string;
  kind: 'cob' | 'cobv';
  body: Json;
  cents: number;
  status: string;
  criacao: string;
  revisao: number;
  pix: Json[];
}

const SCOPES = [
  'cob.read',
  'cob.write',
  'cobv.read',
  'cobv.write',
  'pix.read',
  'pix.write',
  'webhook.read',
  'webhook.write',
];

/**
 * Efí API Pix simulator (mTLS): /oauth/token, PUT/GET/PATCH /v2/cob/:txid and /v2/cobv/:txid, GET /v2/cob and /v2/cobv, the homologation
 * auto-payment of R$ 0,01..10,00 (with the webhook fired when `webhookUrl` is configured). Controls: POST
 * /__sim/pix/:txid/pay, /__sim/pix/:txid/status {status}, /__sim/pix/:txid/refund, /__sim/notify {url, txid},
 * /__sim/tokens/expire, /__sim/config {tokenTtlSeconds, homologation, webhookUrl}.
 */
export class EfiPixSimulator extends SimServer {
  readonly tokens = new SimTokens();
  readonly cobs = new Map<string, Cob>();
  homologation = true;
  webhookUrl?: string;

  constructor(
    pki: Pick<SimPki, 'caPem' | 'serverCertPem' | 'serverKeyPem'>,
    readonly clients: EfiSimClient[],
  ) {
    super('efi-pix', pki);
    this.route({ method: 'POST', path: '/oauth/token', handler: (r) => this.token(r) });
    for (const kind of ['cob', 'cobv'] as const) {
      this.route({
        method: 'PUT',
        path: `/v2/${kind}/:txid`,
        commits: true,
        handler: (r) => this.authed(r, kind, 'write', (c) => this.create(r, kind, c)),
      });
      this.route({
        method: 'GET',
        path: `/v2/${kind}`,
        handler: (r) =>
          this.authed(r, kind, 'read', (c) =>
            listEfiCobs(r, kind, c.clientId, this.cobs, (t, x) => this.view(t, x as Cob)),
          ),
      });
      this.route({
        method: 'GET',
        path: `/v2/${kind}/:txid`,
        handler: (r) => this.authed(r, kind, 'read', (c) => this.read(r.params.txid, kind, c)),
      });
      this.route({
        method: 'PATCH',
        path: `/v2/${kind}/:txid`,
        handler: (r) => this.authed(r, kind, 'write', (c) => this.patch(r, kind, c)),
      });
    }
    this.route({
      method: 'PUT',
      path: '/v2/pix/:endToEndId/devolucao/:id',
      commits: true,
      handler: (r) => this.authed(r, 'pix', 'write', (c) => this.devolucao(r, c)),
    });
    this.control('POST', '/__sim/pix/:txid/pay', (r) => this.payControl(r.params.txid));
    this.control('POST', '/__sim/pix/:txid/status', (r) => this.force(r.params.txid, String((r.body as Json)?.status)));
    this.control('POST', '/__sim/pix/:txid/refund', (r) => this.refund(r.params.txid));
    this.control('POST', '/__sim/notify', (r) => this.notify(r.body as Json | undefined));
    this.control('POST', '/__sim/tokens/expire', () => ({ status: 200, body: { expired: this.tokens.expireAll() } }));
    this.control('POST', '/__sim/config', (r) => this.configure(r.body as Json | undefined));
  }

  protected override statsBody(): Json {
    return {
      ...super.statsBody(),
      charges: this.cobs.size,
      tokenRequests: this.tokens.requests,
      tokensIssued: this.tokens.issued,
    };
  }

  private configure(b: Json | undefined): SimReply {
    if (b?.tokenTtlSeconds !== undefined) this.tokens.ttlSeconds = Number(b.tokenTtlSeconds);
    if (typeof b?.homologation === 'boolean') this.homologation = b.homologation;
    if (b?.webhookUrl !== undefined) this.webhookUrl = typeof b.webhookUrl === 'string' ? b.webhookUrl : undefined;
    return {
      status: 200,
      body: {
        tokenTtlSeconds: this.tokens.ttlSeconds,
        homologation: this.homologation,
        webhookUrl: this.webhookUrl ?? null,
      },
    };
  }

  private token(r: SimRequest): SimReply {
    this.tokens.requests++;
    const client = basicClient(r, this.clients);
    if (!client)
      return { status: 401, body: { nome: 'invalid_client', mensagem: 'Credenciais inválidas ou inativas' } };
    if ((r.body as Json | undefined)?.grant_type !== 'client_credentials')
      return { status: 400, body: { nome: 'invalid_grant', mensagem: 'grant_type deve ser client_credentials' } };
    const { token, expiresIn } = this.tokens.issue(client.clientId, SCOPES, 'jwt-like');
    return {
      status: 200,
      body: { access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: SCOPES.join(' ') },
    };
  }

  private authed(
    r: SimRequest,
    kind: 'cob' | 'cobv' | 'pix',
    mode: 'read' | 'write',
    fn: (c: EfiSimClient) => SimReply | Promise<SimReply>,
  ) {
    const check = this.tokens.check(r.headers.authorization);
    if (!check.ok) return { status: 401, body: { nome: 'nao_autorizado', mensagem: 'Token inválido ou expirado' } };
    if (!check.scopes.has(`${kind}.${mode}`))
      return pixError(
        kind === 'pix' ? 'cob' : kind,
        403,
        'acesso_negado',
        `Requer autorização para o escopo: ${kind}.${mode}`,
      );
    return fn(this.clients.find((c) => c.clientId === check.clientId) as EfiSimClient);
  }

  private async create(r: SimRequest, kind: 'cob' | 'cobv', client: EfiSimClient): Promise<SimReply> {
    const txid = r.params.txid;
    if (!/^[a-zA-Z0-9]{26,35}$/.test(txid))
      return pixError(kind, 400, 'txid_invalido', 'Campo txid deve ter entre 26 e 35 caracteres alfanuméricos', 'txid');
    if (this.cobs.has(txid))
      return pixError(kind, 409, 'txid_duplicado', 'Campo txid informado já foi utilizado em outra cobrança', 'txid');
    const valid = validateCob(kind, r.body === SimServer.MALFORMED ? undefined : r.body, client.pixKeys);
    if ('error' in valid) return valid.error;
    const cob: Cob = {
      clientId: client.clientId,
      kind,
      body: r.body as Json,
      cents: valid.cents,
      status: 'ATIVA',
      criacao: new Date().toISOString(),
      revisao: 0,
      pix: [],
    };
    this.cobs.set(txid, cob);
    // Homologation: R$ 0,01 to R$ 10,00 is confirmed at once, and the webhook fires.
    if (this.homologation && cob.cents <= 1000) await this.pay(txid, cob, true);
    return { status: 201, body: this.view(txid, cob) };
  }

  private view(txid: string, c: Cob): Json {
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

  private notFound(kind: 'cob' | 'cobv'): SimReply {
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

  private read(txid: string, kind: 'cob' | 'cobv', client: EfiSimClient): SimReply {
    const c = this.cobs.get(txid);
    return c && c.kind === kind && c.clientId === client.clientId
      ? { status: 200, body: this.view(txid, c) }
      : this.notFound(kind);
  }

  private patch(r: SimRequest, kind: 'cob' | 'cobv', client: EfiSimClient): SimReply {
    const c = this.cobs.get(r.params.txid);
    if (!c || c.kind !== kind || c.clientId !== client.clientId) return this.notFound(kind);
    const status = (r.body as Json | undefined)?.status;
    if (status !== undefined && status !== 'REMOVIDA_PELO_USUARIO_RECEBEDOR')
      return pixError(kind, 400, 'status_invalido', 'Campo status só aceita REMOVIDA_PELO_USUARIO_RECEBEDOR', 'status');
    if (c.status !== 'ATIVA')
      return pixError(kind, 400, 'status_cobranca_invalido', 'A cobrança não está mais com o status ATIVA', 'status');
    if (status) c.status = status;
    c.revisao++;
    return { status: 200, body: this.view(r.params.txid, c) };
  }

  private async pay(txid: string, c: Cob, webhook: boolean): Promise<void> {
    c.status = 'CONCLUIDA';
    c.pix.push({
      endToEndId: `E09089356${Date.now().toString().slice(-12)}${randomBytes(6).toString('hex')}`.slice(0, 32),
      txid,
      chave: c.body.chave,
      valor: centsToDecimal(c.cents),
      horario: new Date().toISOString(),
      infoPagador: 'pagamento simulado',
    });
    if (webhook && this.webhookUrl) await this.deliver(this.webhookUrl, c).catch(() => undefined);
  }

  private deliver(url: string, c: Cob): Promise<number> {
    // Efí appends /pix to the registered URL (a URL ending in `?ignorar=` swallows it).
    const payload = c.pix.map((p) => ({
      endToEndId: p.endToEndId,
      txid: p.txid,
      chave: p.chave,
      valor: p.valor,
      horario: p.horario,
      infoPagador: p.infoPagador,
      ...(p.devolucoes ? { devolucoes: p.devolucoes } : {}),
    }));
    return postTo(`${url}/pix`, JSON.stringify({ pix: payload }), 'application/json');
  }

  private async payControl(txid: string): Promise<SimReply> {
    const c = this.cobs.get(txid);
    if (!c) return { status: 404, body: { error: 'no such cob' } };
    if (c.status !== 'ATIVA') return { status: 409, body: { error: `cob is ${c.status}` } };
    await this.pay(txid, c, true);
    return { status: 200, body: { txid, status: c.status } };
  }

  private force(txid: string, status: string): SimReply {
    const c = this.cobs.get(txid);
    if (!c) return { status: 404, body: { error: 'no such cob' } };
    if (!/^[A-Z_]{4,40}$/.test(status)) return { status: 400, body: { error: 'status must be a BCB status word' } };
    c.status = status;
    return { status: 200, body: { txid, status } };
  }

  /**
   * PUT /v2/pix/:e2eid/devolucao/:id `{valor, descricao?}` (BCB API Pix): the caller names the devolução, so a repeat
   * with the same id answers the first one (201) instead of refunding again; done at once (DEVOLVIDO). Above what is
   * left: 400 `valor_invalido` [INFERRED name].
   */
  private devolucao(r: SimRequest, client: EfiSimClient): SimReply {
    const { endToEndId: e2eid, id } = r.params;
    const cob = [...this.cobs.values()].find(
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

  private refund(txid: string): SimReply {
    const c = this.cobs.get(txid);
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

  private async notify(b: Json | undefined): Promise<SimReply> {
    const c = typeof b?.txid === 'string' ? this.cobs.get(b.txid) : undefined;
    if (typeof b?.url !== 'string' || !c || c.pix.length === 0)
      return { status: 400, body: { error: 'url and a paid txid are required' } };
    return { status: 200, body: { delivered: await this.deliver(b.url, c) } };
  }
}
