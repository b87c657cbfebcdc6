import type { ProviderContext } from '../charge-provider';
import { ProviderError } from '../provider-error';
import type { ProviderSettings } from '../provider-settings';
import { BankCall, OAuthMtlsClient, TokenEndpoint } from '../http/oauth-mtls.client';
import type { ExchangeResult } from '../http/provider-http.client';
import type { ProviderHttpTuning } from '../http/resilience';
import { safeText } from '../http/safe-text';
import { INTER_BASE_URLS, InterCredentials } from './inter.credentials';

type Ctx = ProviderContext<InterCredentials>;
type Json = Record<string, unknown>;

/** The Pix API's scopes (official SDK `Constants.PIX_READ_SCOPE`/`PIX_WRITE_SCOPE`): received Pix and devoluções. */
export const INTER_PIX_SCOPES = 'pix.read pix.write';
const BASE = '/pix/v2/pix';
const CHECK = "the Inter application's Pix API scopes (pix.read, pix.write)";

const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;

/** Inter's Pix API error bodies: BCB RFC 7807 `{title, detail, violacoes}` (or the Cobrança `{title, detail}`). */
function reasonOf(body: unknown): string | undefined {
  const b = obj(body);
  return safeText(b?.detail) ?? safeText(b?.title);
}

/**
 * Banco Inter's API Pix (BCB API Pix standard, on the same host as the API Cobrança): the received Pix of a bolepix
 * and its devoluções. It asks a token of its own with the Pix scopes, kept apart from the Cobrança token (sessions
 * keyed `<fingerprint>.pix`), so an application without them still issues and reads charges. Paths and scopes READ
 * in Inter's official SDK (`inter-co/pj-sdk-python` `pix/pix/PixClient.py`, `commons/structures/Constants.py`).
 */
export class InterPixClient extends OAuthMtlsClient<InterCredentials> {
  protected readonly hosts = INTER_BASE_URLS;
  protected readonly tokenEndpoint: TokenEndpoint<InterCredentials> = {
    path: '/oauth/v2/token',
    form: (c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      grant_type: 'client_credentials',
      scope: INTER_PIX_SCOPES,
    }),
    check: `clientId, clientSecret, certificate, environment and ${CHECK}`,
  };

  constructor(settings: ProviderSettings, tuning?: ProviderHttpTuning) {
    super(settings, tuning, { providerId: 'inter', providerName: 'Banco Inter', defaultRetryAfterSeconds: 60 });
  }

  protected override accountHeaders(credentials: InterCredentials): Record<string, string> {
    return credentials.accountNumber ? { 'x-conta-corrente': credentials.accountNumber } : {};
  }

  /** `GET /pix/v2/pix?inicio&fim&txId`: the Pix received for a txid within the period (RFC 3339 instants), first page. */
  async findByTxid(ctx: Ctx, txid: string, inicio: string, fim: string): Promise<Json[]> {
    const query = new URLSearchParams({ inicio, fim, txId: txid, 'paginacao.paginaAtual': '0' });
    const res = await this.call(ctx, {
      method: 'GET',
      path: `${BASE}?${query.toString()}`,
      route: BASE,
      operation: 'lookup',
      retrySafe: true,
    });
    if (res.status !== 200) throw this.failure(res);
    const list = obj(res.body)?.pix;
    return (Array.isArray(list) ? list : []).map(obj).filter((p): p is Json => p !== undefined);
  }

  /** `GET /pix/v2/pix/{e2eId}`: the received Pix with its `devolucoes`. */
  async getPix(ctx: Ctx, e2eId: string): Promise<Json> {
    const res = await this.call(ctx, {
      method: 'GET',
      path: `${BASE}/${encodeURIComponent(e2eId)}`,
      route: `${BASE}/:e2eId`,
      operation: 'get',
      retrySafe: true,
    });
    const body = obj(res.body);
    if (res.status === 200 && body) return body;
    throw this.failure(res);
  }

  /**
   * `PUT /pix/v2/pix/{e2eId}/devolucao/{id}` `{valor, natureza, descricao?}`: the caller names the devolução (our
   * refund key), so a repeat answers the same devolução and the call is safe to retry.
   */
  async putDevolucao(ctx: Ctx, e2eId: string, id: string, body: Json): Promise<void> {
    const res = await this.call(ctx, {
      method: 'PUT',
      path: `${BASE}/${encodeURIComponent(e2eId)}/devolucao/${encodeURIComponent(id)}`,
      route: `${BASE}/:e2eId/devolucao/:id`,
      operation: 'refund',
      json: body,
      retrySafe: true,
    });
    if (res.status === 200 || res.status === 201) return;
    if (res.status === 400 || res.status === 409 || res.status === 422) {
      const reason = reasonOf(res.body);
      throw new ProviderError(
        'CHARGE_NOT_REFUNDABLE',
        `Banco Inter refused the devolução${reason ? `: ${reason}` : ''}.`,
        { providerStatus: res.status },
      );
    }
    throw this.failure(res);
  }

  private call(ctx: Ctx, call: BankCall): Promise<ExchangeResult> {
    return this.authorized(scoped(ctx), call);
  }

  private failure(res: ExchangeResult): ProviderError {
    const reason = reasonOf(res.body);
    if (res.status === 403)
      return new ProviderError('PROVIDER_ERROR', `Banco Inter refused the Pix API call (HTTP 403): check ${CHECK}.`, {
        providerStatus: 403,
      });
    if (res.status === 404)
      return new ProviderError('PROVIDER_ERROR', "Banco Inter's Pix API has no record of this charge's Pix payment.", {
        providerStatus: 404,
      });
    return new ProviderError(
      'PROVIDER_ERROR',
      `Banco Inter's Pix API answered HTTP ${res.status}${reason ? `: ${reason}` : ''}.`,
      { providerStatus: res.status },
    );
  }
}

/** The tenant's context as the Pix API's sessions see it: its own token, never the Cobrança one. */
function scoped(ctx: Ctx): Ctx {
  return { ...ctx, credentialFingerprint: `${ctx.credentialFingerprint}.pix` };
}
