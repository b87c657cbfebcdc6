import { todayInSaoPaulo } from '@lib/brazil';
import { EfiSimCobrancas, EfiCharge } from './efi-sim.cobrancas';
import { registerEfiDocuments } from './efi-sim.documents';
import { postEfiNotification } from './efi-sim.notifications';
import { efiChargesAuthed, efiChargesToken } from './efi-sim.oauth';
import { EfiPixSimulator } from './efi-sim.pix';
import { SimDocuments } from './sim-documents';
import { SimTokens } from './sim-oauth';
import type { SimPki } from '../pki/sim-pki';
import { SimReply, SimRequest, SimServer } from './sim-server';

export { EfiPixSimulator } from './efi-sim.pix';

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

/**
 * Efí API Cobranças simulator (plain TLS, Basic -> bearer): /v1/authorize, /v1/charge/one-step, GET
 * /v1/charge/:id, PUT /v1/charge/:id/cancel, GET /v1/charges, GET /v1/notification/:token (efi-sim.cobrancas.ts). It
 * also starts the API Pix simulator (`pix`, mTLS, efi-sim.pix.ts) on the next port. Controls: POST
 * /__sim/charges/:id/status {status}, /__sim/charges/:id/pay, /__sim/notify {url, chargeId}, /__sim/tokens/expire,
 * /__sim/config {tokenTtlSeconds}.
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
  private readonly cobrancas = new EfiSimCobrancas(this);

  constructor(
    pki: Pick<SimPki, 'caPem' | 'serverCertPem' | 'serverKeyPem'>,
    readonly clients: EfiSimClient[] = DEFAULT_CLIENTS,
  ) {
    super('efi', pki);
    this.tokens.ttlSeconds = 600;
    this.pix = new EfiPixSimulator(pki, clients);
    this.route({
      method: 'POST',
      path: '/v1/authorize',
      handler: (r) => efiChargesToken(r, this.tokens, this.clients),
    });
    const authed = (r: SimRequest, fn: (c: EfiSimClient) => SimReply) =>
      efiChargesAuthed(r, this.tokens, this.clients, fn);
    registerEfiDocuments(this, authed);
    this.cobrancas.routes(authed);
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

  /** Forces any status word (the e2e maps every one). */
  private force(raw: string, status: string): SimReply {
    const found = this.cobrancas.find(raw);
    if (!found) return { status: 404, body: { error: 'no such charge' } };
    if (!/^[a-z]{3,12}$/.test(status)) return { status: 400, body: { error: 'status must be an Efí status word' } };
    this.cobrancas.set(found[1], found[0], status, `Status alterado para ${status}`);
    return { status: 200, body: { charge_id: found[0], status } };
  }

  /** The payer pays at a bank: from waiting or unpaid, and from canceled when the boleto was printed before (quirk). */
  private payControl(raw: string): SimReply {
    const found = this.cobrancas.find(raw);
    if (!found) return { status: 404, body: { error: 'no such charge' } };
    const [id, c] = found;
    if (!['waiting', 'unpaid', 'canceled'].includes(c.status))
      return { status: 409, body: { error: `charge is ${c.status}` } };
    this.cobrancas.set(c, id, 'paid', 'Pagamento efetuado', {
      received_by_bank_at: todayInSaoPaulo(),
      value: c.request.total,
    });
    return { status: 200, body: { charge_id: id, status: 'paid' } };
  }

  /** POSTs `notification=<token>` (form) to `url`, as Efí does on every status change. */
  private async notify(b: Json | undefined): Promise<SimReply> {
    const found = this.cobrancas.find(String(b?.chargeId));
    if (typeof b?.url !== 'string' || !found)
      return { status: 400, body: { error: 'url and a known chargeId are required' } };
    const status = await postEfiNotification(b.url, found[1].token);
    return { status: 200, body: { delivered: status, token: found[1].token } };
  }
}
