import { EfiCob, payCob, registerEfiCobRoutes } from './efi-sim.cobs';
import { efiDevolucao, refundEfiCob } from './efi-sim.devolucoes';
import { postEfiPixWebhook } from './efi-sim.notifications';
import { efiPixAuthed, efiPixToken } from './efi-sim.oauth';
import type { EfiSimClient } from './efi.simulator';
import { SimTokens } from './sim-oauth';
import type { SimPki } from '../pki/sim-pki';
import { SimReply, SimServer } from './sim-server';

type Json = Record<string, unknown>;

/**
 * Efí API Pix simulator (mTLS): /oauth/token, PUT/GET/PATCH /v2/cob/:txid and /v2/cobv/:txid, GET /v2/cob and /v2/cobv, the homologation
 * auto-payment of R$ 0,01..10,00 (with the webhook fired when `webhookUrl` is configured). Controls: POST
 * /__sim/pix/:txid/pay, /__sim/pix/:txid/status {status}, /__sim/pix/:txid/refund, /__sim/notify {url, txid},
 * /__sim/tokens/expire, /__sim/config {tokenTtlSeconds, homologation, webhookUrl}.
 */
export class EfiPixSimulator extends SimServer {
  readonly tokens = new SimTokens();
  readonly cobs = new Map<string, EfiCob>();
  homologation = true;
  webhookUrl?: string;

  constructor(
    pki: Pick<SimPki, 'caPem' | 'serverCertPem' | 'serverKeyPem'>,
    readonly clients: EfiSimClient[],
  ) {
    super('efi-pix', pki);
    this.route({ method: 'POST', path: '/oauth/token', handler: (r) => efiPixToken(r, this.tokens, this.clients) });
    registerEfiCobRoutes(this, (r, kind, mode, fn) => efiPixAuthed(r, this.tokens, this.clients, kind, mode, fn));
    this.route({
      method: 'PUT',
      path: '/v2/pix/:endToEndId/devolucao/:id',
      commits: true,
      handler: (r) => efiPixAuthed(r, this.tokens, this.clients, 'pix', 'write', (c) => efiDevolucao(this.cobs, r, c)),
    });
    this.control('POST', '/__sim/pix/:txid/pay', (r) => this.payControl(r.params.txid));
    this.control('POST', '/__sim/pix/:txid/status', (r) => this.force(r.params.txid, String((r.body as Json)?.status)));
    this.control('POST', '/__sim/pix/:txid/refund', (r) => refundEfiCob(this.cobs, r.params.txid));
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

  private async payControl(txid: string): Promise<SimReply> {
    const c = this.cobs.get(txid);
    if (!c) return { status: 404, body: { error: 'no such cob' } };
    if (c.status !== 'ATIVA') return { status: 409, body: { error: `cob is ${c.status}` } };
    await payCob(this, txid, c, true);
    return { status: 200, body: { txid, status: c.status } };
  }

  private force(txid: string, status: string): SimReply {
    const c = this.cobs.get(txid);
    if (!c) return { status: 404, body: { error: 'no such cob' } };
    if (!/^[A-Z_]{4,40}$/.test(status)) return { status: 400, body: { error: 'status must be a BCB status word' } };
    c.status = status;
    return { status: 200, body: { txid, status } };
  }

  private async notify(b: Json | undefined): Promise<SimReply> {
    const c = typeof b?.txid === 'string' ? this.cobs.get(b.txid) : undefined;
    if (typeof b?.url !== 'string' || !c || c.pix.length === 0)
      return { status: 400, body: { error: 'url and a paid txid are required' } };
    return { status: 200, body: { delivered: await postEfiPixWebhook(b.url, c.pix) } };
  }
}
