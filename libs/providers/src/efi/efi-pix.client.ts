import { ProviderError } from '../provider-error';
import type { ProviderSettings } from '../provider-settings';
import type { TokenEndpoint } from '../http/oauth-mtls.client';
import type { ExchangeResult } from '../http/provider-http.client';
import type { ProviderHttpTuning } from '../http/resilience';
import { EFI_PIX_BASE_URLS, EfiCredentials } from './efi.credentials';
import { EFI_PIX_BASE_URL_KEY } from './efi.settings';
import { EfiCtx, EfiOAuthClient, efiProblem } from './efi.client';

export type CobKind = 'cob' | 'cobv';

const CHECK =
  "the certificate belongs to this application and environment and the application's Pix scopes (cob.*, cobv.*)";

/** The outcome of a PUT with our txid: created, or the txid already exists (a retry of ours, or a clash). */
export type PutCobResult = { created: true; body: unknown } | { created: false };

/**
 * Efí API Pix (BCB API Pix): token at /oauth/token and cob/cobv by txid, every call over mTLS with the
 * application's certificate. `x-skip-mtls-checking` (sent by the official SDK on every call) only matters for
 * webhook registration, which the gateway does not do, so it is not sent.
 */
export class EfiPixClient extends EfiOAuthClient {
  protected readonly api = 'pix';
  protected readonly hosts = EFI_PIX_BASE_URLS;
  protected readonly tokenEndpoint: TokenEndpoint<EfiCredentials> = {
    path: '/oauth/token',
    form: () => ({ grant_type: 'client_credentials' }),
    check: 'clientId, clientSecret, certificate (the .p12 of this application, as PEM) and environment',
  };

  constructor(settings: ProviderSettings, tuning?: ProviderHttpTuning) {
    super(settings, tuning);
  }

  override baseUrl(credentials: EfiCredentials): string {
    return this.settings.baseUrls[EFI_PIX_BASE_URL_KEY] ?? this.hosts[credentials.environment];
  }

  /**
   * PUT /v2/{cob|cobv}/:txid. Safe to repeat: Efí refuses a txid already used (409 txid_duplicado), so our own
   * retry after a lost answer cannot open a second charge; the caller reads the txid back then.
   */
  async putCob(ctx: EfiCtx, kind: CobKind, txid: string, body: unknown): Promise<PutCobResult> {
    const res = await this.call(ctx, {
      method: 'PUT',
      path: `/v2/${kind}/${encodeURIComponent(txid)}`,
      route: `/v2/${kind}/:txid`,
      operation: 'create',
      json: body,
      retrySafe: true,
    });
    if (res.status === 200 || res.status === 201) return { created: true, body: res.body };
    if (res.status === 409 || efiProblem(res.body).name === 'txid_duplicado') return { created: false };
    throw this.failure(res, 'create');
  }

  async getCob(ctx: EfiCtx, kind: CobKind, txid: string): Promise<unknown> {
    const res = await this.call(ctx, {
      method: 'GET',
      path: `/v2/${kind}/${encodeURIComponent(txid)}`,
      route: `/v2/${kind}/:txid`,
      operation: 'get',
      retrySafe: true,
    });
    if (res.status === 200) return res.body;
    throw this.failure(res, 'get');
  }

  /** PATCH status REMOVIDA_PELO_USUARIO_RECEBEDOR: true when accepted, false when the cob is no longer ATIVA. */
  async removeCob(ctx: EfiCtx, kind: CobKind, txid: string): Promise<boolean> {
    const res = await this.call(ctx, {
      method: 'PATCH',
      path: `/v2/${kind}/${encodeURIComponent(txid)}`,
      route: `/v2/${kind}/:txid`,
      operation: 'cancel',
      json: { status: 'REMOVIDA_PELO_USUARIO_RECEBEDOR' },
      retrySafe: true,
    });
    if (res.status === 200) return true;
    if (isNotFound(res)) throw this.failure(res, 'cancel');
    if (res.status === 400 || res.status === 409 || res.status === 422) return false;
    throw this.failure(res, 'cancel');
  }

  /**
   * PUT /v2/pix/:e2eid/devolucao/:id `{valor, descricao?}`: the caller names the devolução (our refund key), so a
   * repeat cannot refund twice and is safe to retry.
   */
  async putDevolucao(ctx: EfiCtx, e2eid: string, id: string, body: unknown): Promise<void> {
    const res = await this.call(ctx, {
      method: 'PUT',
      path: `/v2/pix/${encodeURIComponent(e2eid)}/devolucao/${encodeURIComponent(id)}`,
      route: '/v2/pix/:e2eid/devolucao/:id',
      operation: 'refund',
      json: body,
      retrySafe: true,
    });
    if (res.status === 200 || res.status === 201) return;
    if (res.status === 400 || res.status === 409 || res.status === 422) {
      const { reason } = efiProblem(res.body);
      throw new ProviderError('CHARGE_NOT_REFUNDABLE', `Efí refused the devolução${reason ? `: ${reason}` : ''}.`, {
        providerStatus: res.status,
      });
    }
    throw this.failure(res, 'get');
  }

  /** `GET /v2/cob` or `/v2/cobv` (see efiCobQuery): one page of `cobs` and the page count; 400 -> VALIDATION_ERROR. */
  async listCobs(ctx: EfiCtx, kind: CobKind, query: URLSearchParams): Promise<{ cobs: unknown[]; pages: number }> {
    const res = await this.call(ctx, {
      method: 'GET',
      path: `/v2/${kind}?${query.toString()}`,
      route: `/v2/${kind}`,
      operation: 'list',
      retrySafe: true,
    });
    if (res.status === 400 || res.status === 422) {
      const { reason } = efiProblem(res.body);
      throw new ProviderError('VALIDATION_ERROR', `Efí refused the Pix listing${reason ? `: ${reason}` : ''}.`, {
        providerStatus: res.status,
      });
    }
    if (res.status !== 200) throw this.failure(res, 'get');
    const body = res.body as { cobs?: unknown; parametros?: { paginacao?: { quantidadeDePaginas?: unknown } } };
    if (!Array.isArray(body?.cobs))
      throw new ProviderError('PROVIDER_ERROR', 'Efí answered the Pix listing without a cobs list.');
    const pages = Number(body.parametros?.paginacao?.quantidadeDePaginas);
    return { cobs: body.cobs, pages: Number.isSafeInteger(pages) ? pages : 0 };
  }

  private failure(res: ExchangeResult, op: 'create' | 'get' | 'cancel'): ProviderError {
    const { name, reason, fields } = efiProblem(res.body);
    if (isNotFound(res))
      return new ProviderError('CHARGE_NOT_FOUND', 'No such charge at Efí for this account.', {
        providerStatus: res.status,
      });
    if (res.status === 401 || res.status === 403) return this.refusal(res, CHECK);
    if (op === 'create' && name === 'chave_invalida')
      return new ProviderError(
        'PROVIDER_ERROR',
        'Efí refused credentials.pixKey: it is not a Pix key of the authenticated Efí account.',
        { providerStatus: res.status },
      );
    if (op === 'create' && (res.status === 400 || res.status === 422))
      return new ProviderError('VALIDATION_ERROR', `Efí refused the Pix charge${reason ? `: ${reason}` : ''}.`, {
        providerStatus: res.status,
        fields: fields.length ? fields : undefined,
      });
    return new ProviderError('PROVIDER_ERROR', `Efí answered HTTP ${res.status}${reason ? `: ${reason}` : ''}.`, {
      providerStatus: res.status,
    });
  }
}

/** Unknown txid: 404 NaoEncontrado (BCB) or `cobranca_nao_encontrada`, which the Efí docs show under a 400 tab. */
function isNotFound(res: ExchangeResult): boolean {
  const name = efiProblem(res.body).name;
  return res.status === 404 || name === 'cobranca_nao_encontrada' || name === 'NaoEncontrado';
}
