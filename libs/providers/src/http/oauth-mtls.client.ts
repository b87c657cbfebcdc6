import type { ProviderContext } from '../charge-provider';
import { ProviderError } from '../provider-error';
import type { ProviderSettings } from '../provider-settings';
import type { MtlsIdentity } from './mtls-connector';
import { IssuedToken, OAuthSessions } from './oauth-session';
import { ExchangeResult, ExchangeSpec, ProviderHttpClient, ProviderHttpConfig } from './provider-http.client';
import { defaultResilience, ProviderHttpTuning } from './resilience';

/** One call to the bank, before the client adds the tenant's context, the mTLS identity and the base URL. */
export type BankCall = Omit<ExchangeSpec, 'ctx' | 'identity' | 'baseUrl'>;

/** Who the bank is, for the HTTP client: its id, its name in messages, and how long a bare 429 asks to wait. */
export type BankHttpIdentity = Pick<ProviderHttpConfig, 'providerId' | 'providerName' | 'defaultRetryAfterSeconds'>;

/** The bank's OAuth token endpoint: where it is, the form it wants, and what an operator checks when it refuses. */
export interface TokenEndpoint<C> {
  path: string;
  form(credentials: C): Record<string, string>;
  /** Completes "Check …." in the refusal message, e.g. "clientId, certificate and environment". */
  check: string;
}

/** Bank credentials: the mTLS identity and the bank environment (sandbox, production…) they belong to. */
export interface BankCredentials extends MtlsIdentity {
  environment: string;
}

/**
 * The client of a bank API behind OAuth client_credentials over mTLS: the resilient HTTP client,
 * the cached token sessions, the token request, and authorized calls that retry a 401 once with a
 * fresh token. A bank extends it with its endpoints and overrides only what differs: its `hosts`,
 * its `tokenEndpoint`, and optionally `tokenRefusalReason` and `accountHeaders`.
 */
export abstract class OAuthMtlsClient<C extends BankCredentials> {
  readonly http: ProviderHttpClient;
  readonly sessions: OAuthSessions<C>;
  /** The bank's API host per credentials environment. */
  protected abstract readonly hosts: Readonly<Record<string, string>>;
  protected abstract readonly tokenEndpoint: TokenEndpoint<C>;
  private readonly bank: BankHttpIdentity;

  protected constructor(
    protected readonly settings: ProviderSettings,
    tuning: ProviderHttpTuning | undefined,
    bank: BankHttpIdentity,
  ) {
    this.bank = bank;
    const resilience = { ...defaultResilience(settings.timeoutMs), ...tuning };
    this.http = new ProviderHttpClient({
      ...bank,
      timeoutMs: settings.timeoutMs,
      extraCaPem: settings.extraCaPem,
      resilience,
    });
    this.sessions = new OAuthSessions<C>((ctx) => this.issueToken(ctx));
  }

  /** The bank's host for these credentials' environment, unless the settings override it (a simulator, say). */
  baseUrl(credentials: C): string {
    return this.settings.baseUrls[this.bank.providerId] ?? this.hosts[credentials.environment];
  }

  /** Short safe text from a token refusal's body, for banks whose error bodies say something useful. */
  protected tokenRefusalReason(_body: unknown): string | undefined {
    return undefined;
  }

  /** Headers every authorized call carries besides the bearer token (an account selector, say). */
  protected accountHeaders(_credentials: C): Record<string, string> {
    return {};
  }

  protected send(ctx: ProviderContext<C>, call: BankCall): Promise<ExchangeResult> {
    return this.http.exchange({ ...call, ctx, identity: ctx.credentials, baseUrl: this.baseUrl(ctx.credentials) });
  }

  /** POST to the token endpoint (form, mTLS): the access token and its lifetime, or PROVIDER_ERROR. */
  async issueToken(ctx: ProviderContext<C>): Promise<IssuedToken> {
    const { path, form, check } = this.tokenEndpoint;
    const res = await this.send(ctx, {
      method: 'POST',
      path,
      route: path,
      operation: 'token',
      retrySafe: true,
      form: form(ctx.credentials),
    });
    if (res.status >= 400) {
      const reason = this.tokenRefusalReason(res.body);
      throw new ProviderError(
        'PROVIDER_ERROR',
        `${this.bank.providerName} refused the client credentials (HTTP ${res.status}${reason ? `: ${reason}` : ''}). Check ${check}.`,
        { providerStatus: res.status },
      );
    }
    const body = res.body as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (
      typeof body?.access_token !== 'string' ||
      body.access_token === '' ||
      typeof body.expires_in !== 'number' ||
      !(body.expires_in > 0)
    ) {
      throw new ProviderError(
        'PROVIDER_ERROR',
        `${this.bank.providerName} answered the token request without an access_token and expires_in.`,
      );
    }
    return { accessToken: body.access_token, expiresInSeconds: Math.floor(body.expires_in) };
  }

  /** A call with the tenant's bearer token; a 401 is retried once with a fresh token, a second 401 is an error. */
  protected async authorized(ctx: ProviderContext<C>, call: BankCall): Promise<ExchangeResult> {
    const headers = (token: string) => ({
      ...call.headers,
      ...this.accountHeaders(ctx.credentials),
      authorization: `Bearer ${token}`,
    });
    const res = await this.sessions.withToken(ctx, (token) => this.send(ctx, { ...call, headers: headers(token) }));
    if (res.status === 401)
      throw new ProviderError(
        'PROVIDER_ERROR',
        `${this.bank.providerName} rejected a freshly issued access token (HTTP 401).`,
        { providerStatus: 401 },
      );
    return res;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
