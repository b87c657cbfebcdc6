import type { ProviderContext } from '../charge-provider';
import { ProviderError } from '../provider-error';
import type { ProviderSettings } from '../provider-settings';
import { BankCall, OAuthMtlsClient } from '../http/oauth-mtls.client';
import type { IssuedToken, Session } from '../http/oauth-session';
import type { ExchangeResult } from '../http/provider-http.client';
import type { ProviderHttpTuning } from '../http/resilience';
import { safeText } from '../http/safe-text';
import type { EfiCredentials } from './efi.credentials';

export type EfiCtx = ProviderContext<EfiCredentials>;
export type FieldErrors = { field: string; message: string }[];

/** What an Efí error body says, reduced to short safe text and our field names (never a rejected value). */
export interface EfiProblem {
  /** Efí's error word: Cobranças `error`, Pix `nome`, or the last segment of an RFC 7807 `type`. */
  name?: string;
  /** Cobranças numeric `code` (e.g. 3500034, 4600036), when the body carries one. */
  code?: number;
  reason?: string;
  fields: FieldErrors;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;

/** Efí's paths (`/payment/banking_billet/customer/cpf`, `devedor.cpf`) -> our field names. */
export function ourField(path: string): string {
  const p = path
    .replace(/^\/+/, '')
    .replace(/\//g, '.')
    .replace(/^(?:cob|cobv)\./, '');
  const rules: [RegExp, string][] = [
    [/^items\.\d+\.value$|^valor\.original$|^valor$/, 'amount'],
    [/expire_at$|^calendario\.dataDeVencimento$/, 'dueDate'],
    [/^calendario\.expiracao$/, 'expiresInSeconds'],
    [/customer\.(cpf|juridical_person\.cnpj)$|^devedor\.(cpf|cnpj)$/, 'payer.document'],
    [/customer\.(name|juridical_person\.corporate_name)$|^devedor\.nome$/, 'payer.name'],
    [/customer\.email$/, 'payer.email'],
    [/customer\.phone_number$/, 'payer.phone'],
    [/customer\.address\.zipcode$|^devedor\.cep$/, 'payer.address.zipCode'],
    [/customer\.address\.neighborhood$/, 'payer.address.district'],
    [/customer\.address\.(street|number|city|state|complement)$/, 'payer.address.$1'],
    [/^devedor\.uf$/, 'payer.address.state'],
    [/^devedor\.cidade$/, 'payer.address.city'],
    [/^devedor\.logradouro$/, 'payer.address.street'],
    [/^metadata\.custom_id$|^infoAdicionais/, 'externalId'],
    [/banking_billet\.message$|^solicitacaoPagador$|^items\.\d+\.name$/, 'description'],
    [/configurations\.fine$|^valor\.multa/, 'fine'],
    [/configurations\.interest|^valor\.juros/, 'interest'],
    [/conditional_discount|^valor\.desconto/, 'discount'],
  ];
  for (const [re, field] of rules) {
    const m = re.exec(p);
    if (m) return field.replace('$1', m[1] ?? '');
  }
  return p.replace(/[^A-Za-z0-9_.[\]-]/g, '').slice(0, 64) || 'body';
}

/** Fields named by Efí error codes that carry no property (error catalog, `api-cobrancas/erros.md`). */
const CODE_FIELDS: Readonly<Record<number, string>> = {
  4600036: 'amount', // below the R$ 5,00 minimum
  4600523: 'amount', // below the minimum after discounts
  4600007: 'dueDate', // due date in the past
  4600060: 'dueDate', // due date format
  4600414: 'dueDate', // due date too far ahead
  4600222: 'payer.document', // the payer is the account holder
};

/**
 * Efí error bodies, every shape the official PHP SDK parses: Cobranças `{code, error, error_description}` (a
 * `{property, message}` or a string), Pix `{nome, mensagem, erros?:[{caminho, mensagem}]}`, and BCB RFC 7807
 * `{type, title, detail, violacoes:[{razao, propriedade}]}`. A Pix `mensagem` such as "Campo valor.original
 * deve ser maior que zero" names its field in the text.
 */
export function efiProblem(body: unknown): EfiProblem {
  const b = obj(body) ?? {};
  const fields: FieldErrors = [];
  const add = (path: unknown, message: unknown) => {
    const text = safeText(message, 160);
    if (typeof path === 'string' && path !== '' && text) fields.push({ field: ourField(path), message: text });
  };
  const code = Number.isSafeInteger(b.code) ? (b.code as number) : undefined;
  const described = obj(b.error_description);
  if (described) add(described.property, described.message);
  for (const e of Array.isArray(b.erros) ? b.erros : []) add(obj(e)?.caminho, obj(e)?.mensagem);
  for (const v of Array.isArray(b.violacoes) ? b.violacoes : []) add(obj(v)?.propriedade, obj(v)?.razao);
  const reason =
    safeText(described?.message) ??
    safeText(b.error_description) ??
    safeText(b.mensagem) ??
    safeText(b.detail) ??
    safeText(b.title);
  const named = typeof b.mensagem === 'string' ? /\b(?:[Cc]ampo|em) ([a-z]+(?:\.[A-Za-z]+)+)/.exec(b.mensagem) : null;
  if (!fields.length && named) add(named[1], b.mensagem);
  if (!fields.length && code !== undefined && CODE_FIELDS[code] && reason)
    fields.push({ field: CODE_FIELDS[code], message: reason });
  const type = typeof b.type === 'string' ? b.type.split('/').pop() : undefined;
  const name = [b.error, b.nome, type].find((x): x is string => typeof x === 'string' && /^[A-Za-z_]{1,64}$/.test(x));
  return { name, code, reason, fields };
}

/**
 * The OAuth client of one Efí API: `POST <token path>` with HTTP Basic client_id:client_secret and the JSON body
 * `{"grant_type":"client_credentials"}` (both APIs, Efí docs in 7 languages), then bearer calls. Each API keeps
 * its own token: its sessions are keyed by `<fingerprint>.<api>` so the two never overwrite each other.
 */
export abstract class EfiOAuthClient extends OAuthMtlsClient<EfiCredentials> {
  protected abstract readonly api: 'charges' | 'pix';

  protected constructor(settings: ProviderSettings, tuning: ProviderHttpTuning | undefined) {
    // Efí's limits are per day; a bare 429 asks for a minute.
    super(settings, tuning, { providerId: 'efi', providerName: 'Efí', defaultRetryAfterSeconds: 60 });
  }

  /** The tenant's context as this API's sessions and connections see it. */
  scoped(ctx: EfiCtx): EfiCtx {
    return { ...ctx, credentialFingerprint: `${ctx.credentialFingerprint}.${this.api}` };
  }

  session(ctx: EfiCtx): Promise<Session> {
    return this.sessions.session(this.scoped(ctx));
  }

  protected override tokenRefusalReason(body: unknown): string | undefined {
    return efiProblem(body).reason;
  }

  /** As the base, but JSON + Basic instead of a form (the secret goes in the Authorization header only). */
  override async issueToken(ctx: EfiCtx): Promise<IssuedToken> {
    const { path, form, check } = this.tokenEndpoint;
    const basic = Buffer.from(`${ctx.credentials.clientId}:${ctx.credentials.clientSecret}`).toString('base64');
    const res = await this.send(ctx, {
      method: 'POST',
      path,
      route: path,
      operation: 'token',
      retrySafe: true,
      headers: { authorization: `Basic ${basic}` },
      json: form(ctx.credentials),
    });
    if (res.status >= 400) {
      const reason = this.tokenRefusalReason(res.body);
      throw new ProviderError(
        'PROVIDER_ERROR',
        `Efí refused the client credentials (HTTP ${res.status}${reason ? `: ${reason}` : ''}). Check ${check}.`,
        { providerStatus: res.status },
      );
    }
    const body = obj(res.body);
    const expiresIn = Number(body?.expires_in);
    if (typeof body?.access_token !== 'string' || body.access_token === '' || !(expiresIn > 0))
      throw new ProviderError(
        'PROVIDER_ERROR',
        'Efí answered the token request without an access_token and expires_in.',
      );
    return { accessToken: body.access_token, expiresInSeconds: Math.floor(expiresIn) };
  }

  /** A bearer call with this API's own session. */
  protected call(ctx: EfiCtx, call: BankCall): Promise<ExchangeResult> {
    return this.authorized(this.scoped(ctx), call);
  }

  /** Answers Efí gives for the transport's sake aside: 401/403 say what to check, the rest is left to the caller. */
  protected refusal(res: ExchangeResult, check: string): ProviderError {
    const { reason } = efiProblem(res.body);
    return new ProviderError(
      'PROVIDER_ERROR',
      `Efí refused the operation (HTTP ${res.status}${reason ? `: ${reason}` : ''}). Check ${check}.`,
      { providerStatus: res.status },
    );
  }
}
