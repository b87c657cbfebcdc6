import type { ProviderContext } from '../charge-provider';
import { ProviderError } from '../provider-error';
import type { ProviderSettings } from '../provider-settings';
import { OAuthMtlsClient, TokenEndpoint } from '../http/oauth-mtls.client';
import type { ExchangeResult } from '../http/provider-http.client';
import type { ProviderHttpTuning } from '../http/resilience';
import { safeText } from '../http/safe-text';
import { CORA_BASE_URLS, CoraCredentials } from './cora.credentials';

type Ctx = ProviderContext<CoraCredentials>;

/** What Cora said in an error body, reduced to short safe text (Cora's error format is not documented). */
function coraMessage(body: unknown): string | undefined {
  const b = body as
    | {
        errors?: Array<{ description?: unknown; message?: unknown }>;
        message?: unknown;
        error_description?: unknown;
        error?: unknown;
      }
    | undefined;
  const first = Array.isArray(b?.errors)
    ? b.errors
        .map((e) => safeText(e?.description ?? e?.message))
        .filter(Boolean)
        .join('; ')
    : undefined;
  return safeText(first || b?.message || b?.error_description || b?.error);
}

/** Cora's HTTP API (Integração Direta): token, invoices. Maps Cora answers to ProviderErrors. */
export class CoraClient extends OAuthMtlsClient<CoraCredentials> {
  protected readonly hosts = CORA_BASE_URLS;
  /** POST /token (form grant_type=client_credentials&client_id, mTLS): Cora has no client secret. */
  protected readonly tokenEndpoint: TokenEndpoint<CoraCredentials> = {
    path: '/token',
    form: (c) => ({ grant_type: 'client_credentials', client_id: c.clientId }),
    check: 'clientId, certificate and environment',
  };

  constructor(settings: ProviderSettings, tuning?: ProviderHttpTuning) {
    super(settings, tuning, { providerId: 'cora', providerName: 'Cora', defaultRetryAfterSeconds: 10 });
  }

  protected override tokenRefusalReason(body: unknown): string | undefined {
    return coraMessage(body);
  }

  async createInvoice(ctx: Ctx, invoice: unknown, idempotencyKey: string): Promise<unknown> {
    const res = await this.authorized(ctx, {
      method: 'POST',
      path: '/v2/invoices',
      route: '/v2/invoices',
      operation: 'create',
      json: invoice,
      headers: { 'idempotency-key': idempotencyKey },
      // Cora does not duplicate an invoice for a repeated Idempotency-Key, so a create is safe to retry.
      retrySafe: true,
    });
    if (res.status === 200 || res.status === 201) return res.body;
    throw this.failure(res, 'create');
  }

  /** One page of GET /v2/invoices (`query`: due-date range, filters, `page` from 1, `perPage`). */
  async listInvoices(ctx: Ctx, query: URLSearchParams): Promise<{ items: unknown[]; totalItems: number }> {
    const res = await this.authorized(ctx, {
      method: 'GET',
      path: `/v2/invoices?${query.toString()}`,
      route: '/v2/invoices',
      operation: 'list',
      retrySafe: true,
    });
    if (res.status !== 200) throw this.failure(res, 'get');
    const body = res.body as { items?: unknown; totalItems?: unknown } | undefined;
    const items = Array.isArray(body?.items) ? body.items : [];
    return { items, totalItems: typeof body?.totalItems === 'number' ? body.totalItems : items.length };
  }

  async getInvoice(ctx: Ctx, id: string): Promise<unknown> {
    const res = await this.authorized(ctx, {
      method: 'GET',
      path: `/v2/invoices/${encodeURIComponent(id)}`,
      route: '/v2/invoices/:id',
      operation: 'get',
      retrySafe: true,
    });
    if (res.status === 200) return res.body;
    throw this.failure(res, 'get');
  }

  /** DELETE /v2/invoices/:id: true when cancelled (204/200), false when Cora refuses it in the invoice's state. */
  async cancelInvoice(ctx: Ctx, id: string): Promise<boolean> {
    const res = await this.authorized(ctx, {
      method: 'DELETE',
      path: `/v2/invoices/${encodeURIComponent(id)}`,
      route: '/v2/invoices/:id',
      operation: 'cancel',
      retrySafe: true,
    });
    if (res.status === 204 || res.status === 200) return true;
    if (res.status === 422 || res.status === 409 || res.status === 400) return false;
    throw this.failure(res, 'cancel');
  }

  private failure(res: ExchangeResult, op: 'create' | 'get' | 'cancel'): ProviderError {
    const reason = coraMessage(res.body);
    const opts = { providerStatus: res.status };
    if (res.status === 404)
      return new ProviderError('CHARGE_NOT_FOUND', 'No such charge at Cora for this account.', opts);
    if (op === 'create' && (res.status === 400 || res.status === 422)) {
      return new ProviderError('VALIDATION_ERROR', `Cora refused the charge${reason ? `: ${reason}` : ''}.`, opts);
    }
    if (res.status === 409)
      return new ProviderError('PROVIDER_ERROR', 'Cora reports a conflicting request for this Idempotency-Key.', opts);
    if (res.status === 403)
      return new ProviderError('PROVIDER_ERROR', 'Cora refused the operation for this account (HTTP 403).', opts);
    return new ProviderError('PROVIDER_ERROR', `Cora answered HTTP ${res.status}${reason ? `: ${reason}` : ''}.`, opts);
  }
}
