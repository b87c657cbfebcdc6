import type { ProviderContext } from '../charge-provider';
import { ProviderError } from '../provider-error';
import type { ProviderSettings } from '../provider-settings';
import { OAuthMtlsClient, TokenEndpoint } from '../http/oauth-mtls.client';
import type { ExchangeResult } from '../http/provider-http.client';
import { BASE64_PDF_RESPONSE_BYTES } from '../http/bank-document';
import type { ProviderHttpTuning } from '../http/resilience';
import { safeText } from '../http/safe-text';
import { INTER_BASE_URLS, InterCredentials } from './inter.credentials';
import { ourField } from './inter.mapper';

type Ctx = ProviderContext<InterCredentials>;

export const INTER_SCOPES = 'boleto-cobranca.read boleto-cobranca.write';
const BASE = '/cobranca/v3/cobrancas';

interface InterErrorBody {
  title?: unknown;
  detail?: unknown;
  violacoes?: Array<{ razao?: unknown; propriedade?: unknown }>;
}

/** Inter's `{title, detail, violacoes[]}` -> short safe text and our field errors (the rejected `valor` is never echoed). */
function interProblem(body: unknown): { reason?: string; fields: { field: string; message: string }[] } {
  const b = (body ?? {}) as InterErrorBody;
  const fields = (Array.isArray(b.violacoes) ? b.violacoes : [])
    .map((v) => ({
      field: typeof v?.propriedade === 'string' ? ourField(v.propriedade) : '',
      message: safeText(v?.razao, 120) ?? '',
    }))
    .filter((f) => f.field !== '' && f.message !== '');
  return { reason: safeText(b.detail) ?? safeText(b.title), fields };
}

/** Banco Inter API Cobrança v3: OAuth token with scopes, cobrancas create/get/list/cancel, over mTLS. */
export class InterClient extends OAuthMtlsClient<InterCredentials> {
  protected readonly hosts = INTER_BASE_URLS;
  /** POST /oauth/v2/token (form client_id, client_secret, grant_type, scope) over mTLS. */
  protected readonly tokenEndpoint: TokenEndpoint<InterCredentials> = {
    path: '/oauth/v2/token',
    form: (c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      grant_type: 'client_credentials',
      scope: INTER_SCOPES,
    }),
    check: "clientId, clientSecret, certificate, the application's scopes and environment",
  };

  constructor(settings: ProviderSettings, tuning?: ProviderHttpTuning) {
    // Inter's limit is per minute and its own SDK waits 60 s after a 429.
    super(settings, tuning, { providerId: 'inter', providerName: 'Banco Inter', defaultRetryAfterSeconds: 60 });
  }

  /** x-conta-corrente when the application is linked to more than one account. */
  protected override accountHeaders(credentials: InterCredentials): Record<string, string> {
    return credentials.accountNumber ? { 'x-conta-corrente': credentials.accountNumber } : {};
  }

  /** Not idempotent at Inter: never retried here; the provider reconciles ambiguous failures by seuNumero. */
  async createCobranca(ctx: Ctx, body: unknown): Promise<string> {
    const res = await this.authorized(ctx, {
      method: 'POST',
      path: BASE,
      route: BASE,
      operation: 'create',
      json: body,
      retrySafe: false,
    });
    const codigo = (res.body as { codigoSolicitacao?: unknown } | undefined)?.codigoSolicitacao;
    if (res.status === 200 || res.status === 201) {
      if (typeof codigo === 'string' && codigo !== '') return codigo;
      throw new ProviderError('PROVIDER_ERROR', 'Banco Inter accepted the charge but sent no codigoSolicitacao.');
    }
    throw this.failure(res, 'create');
  }

  async getCobranca(ctx: Ctx, id: string): Promise<unknown> {
    const res = await this.authorized(ctx, {
      method: 'GET',
      path: `${BASE}/${encodeURIComponent(id)}`,
      route: `${BASE}/:id`,
      operation: 'get',
      retrySafe: true,
    });
    if (res.status === 200) return res.body;
    throw this.failure(res, 'get');
  }

  /** GET .../:id/pdf (scope read): Inter's `{pdf: <base64>}` answer, up to a base64 PDF of the document cap. */
  async pdfCobranca(ctx: Ctx, id: string): Promise<unknown> {
    const res = await this.authorized(ctx, {
      method: 'GET',
      path: `${BASE}/${encodeURIComponent(id)}/pdf`,
      route: `${BASE}/:id/pdf`,
      operation: 'boletoPdf',
      retrySafe: true,
      maxResponseBytes: BASE64_PDF_RESPONSE_BYTES,
    });
    if (res.status === 200) return res.body;
    throw this.failure(res, 'get');
  }

  /** Charges with this seuNumero issued between two dates (list endpoint, first page of 100). */
  async findBySeuNumero(ctx: Ctx, seuNumero: string, from: string, to: string): Promise<unknown[]> {
    const query = new URLSearchParams({
      dataInicial: from,
      dataFinal: to,
      filtrarDataPor: 'EMISSAO',
      seuNumero,
      'paginacao.paginaAtual': '0',
      'paginacao.itensPorPagina': '100',
    });
    const res = await this.authorized(ctx, {
      method: 'GET',
      path: `${BASE}?${query.toString()}`,
      route: BASE,
      operation: 'lookup',
      retrySafe: true,
    });
    if (res.status !== 200) throw this.failure(res, 'get');
    const items = (res.body as { cobrancas?: unknown } | undefined)?.cobrancas;
    return Array.isArray(items) ? items : [];
  }

  /** One page of the list endpoint (`query` holds the period, filters and paging); the items and whether it was the last. */
  async listCobrancas(ctx: Ctx, query: URLSearchParams): Promise<{ items: unknown[]; last: boolean }> {
    const res = await this.authorized(ctx, {
      method: 'GET',
      path: `${BASE}?${query.toString()}`,
      route: BASE,
      operation: 'list',
      retrySafe: true,
    });
    if (res.status !== 200) throw this.failure(res, 'get');
    const body = res.body as { cobrancas?: unknown; ultimaPagina?: unknown } | undefined;
    return { items: Array.isArray(body?.cobrancas) ? body.cobrancas : [], last: body?.ultimaPagina !== false };
  }

  /** POST .../cancelar: true when accepted (202/204), false when Inter refuses it in the charge's state (400/409/422). */
  async cancelCobranca(ctx: Ctx, id: string, reason: string): Promise<boolean> {
    const res = await this.authorized(ctx, {
      method: 'POST',
      path: `${BASE}/${encodeURIComponent(id)}/cancelar`,
      route: `${BASE}/:id/cancelar`,
      operation: 'cancel',
      json: { motivoCancelamento: reason },
      retrySafe: true,
    });
    if (res.status >= 200 && res.status < 300) return true;
    if (res.status === 400 || res.status === 409 || res.status === 422) return false;
    throw this.failure(res, 'cancel');
  }

  private failure(res: ExchangeResult, op: 'create' | 'get' | 'cancel'): ProviderError {
    const { reason, fields } = interProblem(res.body);
    const opts = { providerStatus: res.status, fields: fields.length ? fields : undefined };
    if (res.status === 404)
      return new ProviderError('CHARGE_NOT_FOUND', 'No such charge at Banco Inter for this account.', {
        providerStatus: 404,
      });
    if (op === 'create' && (res.status === 400 || res.status === 422))
      return new ProviderError(
        'VALIDATION_ERROR',
        `Banco Inter refused the charge${reason ? `: ${reason}` : ''}.`,
        opts,
      );
    if (res.status === 403)
      return new ProviderError(
        'PROVIDER_ERROR',
        "Banco Inter refused the operation (HTTP 403): check the application's scopes (boleto-cobranca.read/write) and account.",
        { providerStatus: 403 },
      );
    return new ProviderError(
      'PROVIDER_ERROR',
      `Banco Inter answered HTTP ${res.status}${reason ? `: ${reason}` : ''}.`,
      opts,
    );
  }
}
