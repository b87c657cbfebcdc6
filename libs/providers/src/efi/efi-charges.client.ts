import { ProviderError } from '../provider-error';
import type { ProviderSettings } from '../provider-settings';
import type { BankCall, TokenEndpoint } from '../http/oauth-mtls.client';
import type { ExchangeResult } from '../http/provider-http.client';
import type { ProviderHttpTuning } from '../http/resilience';
import { EFI_CHARGES_BASE_URLS, EfiCredentials } from './efi.credentials';
import { EfiCtx, EfiOAuthClient, efiProblem } from './efi.client';

const CHECK = 'the application (clientId, clientSecret) is active for the API Cobranças in this environment';

/** Efí "charge not found" codes (3500010 unknown id, 4600001 payment not found): status 404 is [INFERRED]. */
const NOT_FOUND_CODES = new Set([3500010, 4600001]);

/**
 * Efí API Cobranças (`/v1`): token at /v1/authorize, one-step boleto/Bolix create, read, cancel, the
 * charge list (reconciliation) and the notification history. No client certificate: the official SDK
 * authenticates this API with Basic only, so the tenant's PEMs (for the Pix API) are never sent here.
 */
export class EfiChargesClient extends EfiOAuthClient {
  protected readonly api = 'charges';
  protected readonly hosts = EFI_CHARGES_BASE_URLS;
  protected readonly tokenEndpoint: TokenEndpoint<EfiCredentials> = {
    path: '/v1/authorize',
    form: () => ({ grant_type: 'client_credentials' }),
    check: 'clientId, clientSecret and environment (homologation and production have distinct credentials)',
  };

  constructor(settings: ProviderSettings, tuning?: ProviderHttpTuning) {
    super(settings, tuning);
  }

  protected override send(ctx: EfiCtx, call: BankCall): Promise<ExchangeResult> {
    return this.http.exchange({ ...call, ctx, identity: {}, baseUrl: this.baseUrl(ctx.credentials) });
  }

  /** Not idempotent at Efí: never retried here (the provider reconciles an ambiguous failure by custom_id). */
  async createOneStep(ctx: EfiCtx, body: unknown): Promise<unknown> {
    const res = await this.call(ctx, {
      method: 'POST',
      path: '/v1/charge/one-step',
      route: '/v1/charge/one-step',
      operation: 'create',
      json: body,
      retrySafe: false,
    });
    if (res.status === 200 || res.status === 201) return res.body;
    throw this.failure(res, 'create');
  }

  async getCharge(ctx: EfiCtx, chargeId: string): Promise<unknown> {
    const res = await this.call(ctx, {
      method: 'GET',
      path: `/v1/charge/${encodeURIComponent(chargeId)}`,
      route: '/v1/charge/:id',
      operation: 'get',
      retrySafe: true,
    });
    if (res.status === 200) return res.body;
    throw this.failure(res, 'get');
  }

  /** PUT /v1/charge/:id/cancel: true when accepted, false when Efí refuses it in the charge's status (3500043). */
  async cancelCharge(ctx: EfiCtx, chargeId: string): Promise<boolean> {
    const res = await this.call(ctx, {
      method: 'PUT',
      path: `/v1/charge/${encodeURIComponent(chargeId)}/cancel`,
      route: '/v1/charge/:id/cancel',
      operation: 'cancel',
      retrySafe: true,
    });
    if (res.status === 200 || res.status === 204) return true;
    const { code } = efiProblem(res.body);
    if (res.status === 404 || (code !== undefined && NOT_FOUND_CODES.has(code))) throw this.failure(res, 'cancel');
    if (res.status === 400 || res.status === 409 || res.status === 422 || code === 3500043) return false;
    throw this.failure(res, 'cancel');
  }

  /**
   * `GET /v1/charges` (route READ in the official SDK) of one day range filtered by custom_id; the query names
   * (`begin_date`, `end_date`, `charge_type`, `custom_id`) are [INFERRED]. First page only.
   */
  async findByCustomId(ctx: EfiCtx, customId: string, from: string, to: string): Promise<unknown[]> {
    const query = new URLSearchParams({ begin_date: from, end_date: to, charge_type: 'billet', custom_id: customId });
    const res = await this.call(ctx, {
      method: 'GET',
      path: `/v1/charges?${query.toString()}`,
      route: '/v1/charges',
      operation: 'lookup',
      retrySafe: true,
    });
    if (res.status !== 200) throw this.failure(res, 'get');
    const data = (res.body as { data?: unknown } | undefined)?.data;
    return Array.isArray(data) ? data : [];
  }

  /** `GET /v1/charges` (see efiChargesQuery): one page of the `data` list; 400 (our query refused) -> VALIDATION_ERROR. */
  async listCharges(ctx: EfiCtx, query: URLSearchParams): Promise<unknown[]> {
    const res = await this.call(ctx, {
      method: 'GET',
      path: `/v1/charges?${query.toString()}`,
      route: '/v1/charges',
      operation: 'list',
      retrySafe: true,
    });
    if (res.status === 400 || res.status === 422) {
      const { reason } = efiProblem(res.body);
      throw new ProviderError('VALIDATION_ERROR', `Efí refused the listing${reason ? `: ${reason}` : ''}.`, {
        providerStatus: res.status,
      });
    }
    if (res.status !== 200) throw this.failure(res, 'get');
    const data = (res.body as { data?: unknown } | undefined)?.data;
    if (!Array.isArray(data))
      throw new ProviderError('PROVIDER_ERROR', 'Efí answered the listing without a data list.');
    return data;
  }

  /** `GET /v1/notification/:token`: the charge's status changes of the last 6 months, oldest first. */
  async getNotification(ctx: EfiCtx, token: string): Promise<unknown[]> {
    const res = await this.call(ctx, {
      method: 'GET',
      path: `/v1/notification/${encodeURIComponent(token)}`,
      route: '/v1/notification/:token',
      operation: 'notification',
      retrySafe: true,
    });
    if (res.status === 200) {
      const data = (res.body as { data?: unknown } | undefined)?.data;
      if (Array.isArray(data)) return data;
      throw new ProviderError('PROVIDER_ERROR', 'Efí answered the notification read without a data list.');
    }
    if (res.status === 400 || res.status === 404)
      throw new ProviderError('VALIDATION_ERROR', 'Efí does not know this notification token for this account.', {
        providerStatus: res.status,
      });
    throw this.failure(res, 'get');
  }

  private failure(res: ExchangeResult, op: 'create' | 'get' | 'cancel'): ProviderError {
    const { code, reason, fields } = efiProblem(res.body);
    if (res.status === 404 || (op !== 'create' && code !== undefined && NOT_FOUND_CODES.has(code)))
      return new ProviderError('CHARGE_NOT_FOUND', 'No such charge at Efí for this account.', {
        providerStatus: res.status,
      });
    if (res.status === 401 || res.status === 403) return this.refusal(res, CHECK);
    // Efí answers some business-rule refusals with HTTP 500 (error catalog): map by the body, not only the status.
    if (op === 'create' && (res.status === 400 || res.status === 422 || code !== undefined))
      return new ProviderError('VALIDATION_ERROR', `Efí refused the charge${reason ? `: ${reason}` : ''}.`, {
        providerStatus: res.status,
        fields: fields.length ? fields : undefined,
      });
    return new ProviderError('PROVIDER_ERROR', `Efí answered HTTP ${res.status}${reason ? `: ${reason}` : ''}.`, {
      providerStatus: res.status,
    });
  }
}
