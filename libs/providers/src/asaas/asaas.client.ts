import type { ProviderContext } from '../charge-provider';
import { ProviderError } from '../provider-error';
import type { ProviderSettings } from '../provider-settings';
import { ExchangeResult, ExchangeSpec, ProviderHttpClient } from '../http/provider-http.client';
import { defaultResilience, ProviderHttpTuning } from '../http/resilience';
import { safeText } from '../http/safe-text';
import { ASAAS_BASE_URLS, AsaasCredentials } from './asaas.credentials';
import { obj, ourField } from './asaas.mapper';

type Ctx = ProviderContext<AsaasCredentials>;
type Json = Record<string, unknown>;
type Call = Omit<ExchangeSpec, 'ctx' | 'identity' | 'baseUrl' | 'headers'>;
export type AsaasOperation = 'create' | 'get' | 'cancel' | 'customer';

/** Asaas asks every call for a User-Agent naming the application (mandatory for accounts created from 2024-06-13). */
export const USER_AGENT = 'mcp-maax-cob/1 (Node.js; charges gateway)';

/** A refusal Asaas explained with `errors[].code`s (kept for the provider's own decisions, never shown raw). */
export class AsaasRefusal extends ProviderError {
  constructor(
    code: ConstructorParameters<typeof ProviderError>[0],
    message: string,
    options: ConstructorParameters<typeof ProviderError>[2],
    readonly asaasCodes: string[],
  ) {
    super(code, message, options);
  }
}

/** Asaas `{errors: [{code, description}]}` -> the codes, short safe text, and our field errors. */
export function asaasProblem(body: unknown): {
  codes: string[];
  reason?: string;
  fields: { field: string; message: string }[];
} {
  const list = obj(body)?.errors;
  const errors = (Array.isArray(list) ? list : []).map(obj).filter((e): e is Json => !!e);
  const codes = errors.map((e) => (typeof e.code === 'string' ? e.code.slice(0, 64) : '')).filter(Boolean);
  const fields = errors
    .map((e) => ({
      field: typeof e.code === 'string' ? (ourField(e.code) ?? '') : '',
      message: safeText(e.description, 120) ?? '',
    }))
    .filter((f) => f.field !== '' && f.message !== '');
  const reason = safeText(
    errors
      .map((e) => safeText(e.description, 120))
      .filter(Boolean)
      .join('; '),
  );
  return { codes, reason, fields };
}

/**
 * Asaas API v3 over plain HTTPS: the `access_token` header (no OAuth, no mTLS), customers and payments. Reads and
 * deletes are retried by the shared policies; creates never are (Asaas has no idempotency key): the provider
 * reconciles them by lookup. A 429's `RateLimit-Reset` becomes the Retry-After.
 */
export class AsaasClient {
  readonly http: ProviderHttpClient;

  constructor(
    private readonly settings: ProviderSettings,
    tuning?: ProviderHttpTuning,
  ) {
    this.http = new ProviderHttpClient({
      providerId: 'asaas',
      providerName: 'Asaas',
      timeoutMs: settings.timeoutMs,
      extraCaPem: settings.extraCaPem,
      resilience: { ...defaultResilience(settings.timeoutMs), ...tuning },
      // Asaas's documented frequency limits reset within a minute.
      defaultRetryAfterSeconds: 60,
      rateLimitResetHeader: 'ratelimit-reset',
    });
  }

  /** Asaas's base URL (with /v3) for these credentials' environment, unless ASAAS_BASE_URL overrides it. */
  baseUrl(credentials: AsaasCredentials): string {
    return this.settings.baseUrls.asaas ?? ASAAS_BASE_URLS[credentials.environment];
  }

  /** One call with the account's key; a 401 is the key's fault, never retried. */
  private async send(ctx: Ctx, call: Call): Promise<ExchangeResult> {
    const res = await this.http.exchange({
      ...call,
      ctx,
      identity: {},
      baseUrl: this.baseUrl(ctx.credentials),
      headers: { access_token: ctx.credentials.apiKey, 'user-agent': USER_AGENT },
    });
    if (res.status === 401) {
      const code = asaasProblem(res.body).codes[0];
      throw new ProviderError(
        'PROVIDER_ERROR',
        `Asaas refused the API key (HTTP 401${code ? `: ${code}` : ''}). Check credentials.apiKey (the whole key, its leading $ included, not revoked by a newer one) and that credentials.environment is the key's environment.`,
        { providerStatus: 401 },
      );
    }
    return res;
  }

  /** Customers with this CPF/CNPJ (first page), deleted ones left out. */
  async findCustomers(ctx: Ctx, cpfCnpj: string): Promise<Json[]> {
    const res = await this.send(ctx, {
      method: 'GET',
      path: `/customers?${new URLSearchParams({ cpfCnpj, limit: '10' }).toString()}`,
      route: '/customers',
      operation: 'customer',
      retrySafe: true,
    });
    if (res.status !== 200) throw this.failure(res, 'customer');
    return listData(res.body).filter((c) => c.deleted !== true);
  }

  async getCustomer(ctx: Ctx, id: string): Promise<Json> {
    const res = await this.send(ctx, {
      method: 'GET',
      path: `/customers/${encodeURIComponent(id)}`,
      route: '/customers/:id',
      operation: 'customer',
      retrySafe: true,
    });
    if (res.status !== 200 || !obj(res.body)) throw this.failure(res, 'customer');
    return res.body as Json;
  }

  /** Not idempotent at Asaas: never retried here (the caller looks the customer up again first). */
  async createCustomer(ctx: Ctx, body: Json): Promise<Json> {
    const res = await this.send(ctx, {
      method: 'POST',
      path: '/customers',
      route: '/customers',
      operation: 'customer',
      json: body,
      retrySafe: false,
    });
    if ((res.status === 200 || res.status === 201) && typeof obj(res.body)?.id === 'string') return res.body as Json;
    throw this.failure(res, 'customer');
  }

  /** Not idempotent at Asaas: never retried here (the provider reconciles by externalReference). */
  async createPayment(ctx: Ctx, body: Json): Promise<Json> {
    const res = await this.send(ctx, {
      method: 'POST',
      path: '/payments',
      route: '/payments',
      operation: 'create',
      json: body,
      retrySafe: false,
    });
    if ((res.status === 200 || res.status === 201) && typeof obj(res.body)?.id === 'string') return res.body as Json;
    throw this.failure(res, 'create');
  }

  /** Payments with this externalReference (first page of 100), deleted ones included. */
  async findPayments(ctx: Ctx, externalReference: string): Promise<Json[]> {
    const res = await this.send(ctx, {
      method: 'GET',
      path: `/payments?${new URLSearchParams({ externalReference, limit: '100' }).toString()}`,
      route: '/payments',
      operation: 'lookup',
      retrySafe: true,
    });
    if (res.status !== 200) throw this.failure(res, 'get');
    return listData(res.body);
  }

  /** One page of GET /payments (`query` holds Asaas's filters, `offset` and `limit` ≤ 100), deleted ones left out. */
  async listPayments(ctx: Ctx, query: URLSearchParams): Promise<{ data: Json[]; hasMore: boolean }> {
    const res = await this.send(ctx, {
      method: 'GET',
      path: `/payments?${query.toString()}`,
      route: '/payments',
      operation: 'list',
      retrySafe: true,
    });
    if (res.status !== 200) throw this.failure(res, 'get');
    return { data: listData(res.body).filter((p) => p.deleted !== true), hasMore: obj(res.body)?.hasMore === true };
  }

  async getPayment(ctx: Ctx, id: string): Promise<Json> {
    const res = await this.send(ctx, {
      method: 'GET',
      path: `/payments/${encodeURIComponent(id)}`,
      route: '/payments/:id',
      operation: 'get',
      retrySafe: true,
    });
    if (res.status === 200 && obj(res.body)) return res.body as Json;
    throw this.failure(res, 'get');
  }

  /** `{identificationField, nossoNumero, barCode}`, or undefined when Asaas has none for this payment (4xx). */
  identificationField(ctx: Ctx, id: string): Promise<Json | undefined> {
    return this.side(ctx, id, 'identificationField');
  }

  /** `{encodedImage, payload, expirationDate}`, or undefined when Asaas has none for this payment (4xx). */
  pixQrCode(ctx: Ctx, id: string): Promise<Json | undefined> {
    return this.side(ctx, id, 'pixQrCode');
  }

  private async side(ctx: Ctx, id: string, what: string): Promise<Json | undefined> {
    const res = await this.send(ctx, {
      method: 'GET',
      path: `/payments/${encodeURIComponent(id)}/${what}`,
      route: `/payments/:id/${what}`,
      operation: 'get',
      retrySafe: true,
    });
    if (res.status === 200) return obj(res.body);
    if (res.status >= 400 && res.status < 500 && res.status !== 403) return undefined;
    throw this.failure(res, 'get');
  }

  /**
   * POST /payments/:id/refund `{value?, description?}` (Pix), or /payments/:id/bankSlip/refund without a body (a
   * boleto, full only): never retried (Asaas takes no refund id; the provider reconciles by the tag or its state).
   * Resolves to the `requestUrl` a boleto refund answers (where the payer gives a bank account), when it is https.
   */
  async refundPayment(
    ctx: Ctx,
    id: string,
    body: Json | undefined,
    kind: 'refund' | 'bankSlip/refund' = 'refund',
  ): Promise<string | undefined> {
    const res = await this.send(ctx, {
      method: 'POST',
      path: `/payments/${encodeURIComponent(id)}/${kind}`,
      route: `/payments/:id/${kind}`,
      operation: 'refund',
      json: body,
      retrySafe: false,
    });
    if (res.status === 200 || res.status === 201) return payerLink((res.body as Json | undefined)?.requestUrl);
    if (res.status === 400 || res.status === 409 || res.status === 422) {
      const { reason } = asaasProblem(res.body);
      throw new ProviderError('CHARGE_NOT_REFUNDABLE', `Asaas refused the refund${reason ? `: ${reason}` : ''}.`, {
        providerStatus: res.status,
      });
    }
    throw this.failure(res, 'get');
  }

  /** DELETE /payments/:id: true when deleted, false when Asaas refuses (only PENDING or OVERDUE can be deleted). */
  async deletePayment(ctx: Ctx, id: string): Promise<boolean> {
    const res = await this.send(ctx, {
      method: 'DELETE',
      path: `/payments/${encodeURIComponent(id)}`,
      route: '/payments/:id',
      operation: 'cancel',
      retrySafe: true,
    });
    if (res.status === 200 && obj(res.body)?.deleted === true) return true;
    if (res.status === 400 || res.status === 404 || res.status === 409 || res.status === 422) return false;
    throw this.failure(res, 'cancel');
  }

  failure(res: ExchangeResult, op: AsaasOperation): ProviderError {
    const { codes, reason, fields } = asaasProblem(res.body);
    const providerStatus = res.status;
    if (res.status === 404 && op !== 'customer')
      return new ProviderError('CHARGE_NOT_FOUND', 'No such charge at Asaas for this account.', { providerStatus });
    if ((op === 'create' || op === 'customer') && (res.status === 400 || res.status === 422))
      return new AsaasRefusal(
        'VALIDATION_ERROR',
        `Asaas refused the ${op === 'customer' ? "charge's payer" : 'charge'}${reason ? `: ${reason}` : ''}.`,
        { providerStatus, fields: fields.length ? fields : undefined },
        codes,
      );
    if (res.status === 403)
      return new ProviderError(
        'PROVIDER_ERROR',
        "Asaas refused the request (HTTP 403): check the account's IP allow-list and that it is not blocked.",
        { providerStatus },
      );
    const what = reason ?? (codes.length ? codes.join(', ') : undefined);
    return new ProviderError('PROVIDER_ERROR', `Asaas answered HTTP ${res.status}${what ? `: ${what}` : ''}.`, {
      providerStatus,
    });
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

/** The `data` of an Asaas list envelope `{object: "list", hasMore, totalCount, limit, offset, data: [...]}`. */
/** An https link of at most 2,048 characters, else undefined: a bank answer is not trusted to be a safe URL. */
function payerLink(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2048) return undefined;
  try {
    return new URL(value).protocol === 'https:' ? value : undefined;
  } catch {
    return undefined;
  }
}

function listData(body: unknown): Json[] {
  const data = obj(body)?.data;
  return (Array.isArray(data) ? data : []).map(obj).filter((x): x is Json => !!x);
}
