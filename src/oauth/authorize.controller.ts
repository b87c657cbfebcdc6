import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EnvelopeCipher } from '../auth/envelope';
import { TOKEN_SCOPES } from '../auth/token-claims';
import { Public } from '../common/http/public.decorator';
import { rawRequest } from '../common/http/request-context';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';
import { ProviderRegistry } from '@lib/providers';
import { sealCode } from './authorization-code';
import { OAuthError } from './oauth-error';
import { OAuthEvents } from './oauth-events';
import { clientHost } from './oauth-token.controller';
import { OAuthClients } from './oauth-clients.service';
import { mcpResource, publicBaseUrl } from './oauth-urls';
import { CredentialError, SignInCredentials } from './sign-in-credential';
import { AuthorizeParams, renderSignIn, SIGN_IN_CSS, SignInView } from './sign-in.page';
import { pickLang, TEXTS } from './sign-in.texts';

const PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'code_challenge',
  'code_challenge_method',
  'scope',
  'resource',
] as const;
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** A refusal that goes back to the client's redirect URI (RFC 6749 §4.1.2.1), once the client and URI are trusted. */
class Redirected extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

/**
 * GET/POST /oauth/authorize: the sign-in page of the authorization-code flow (PKCE S256 only). Nothing is stored:
 * the request travels in hidden fields, the code is sealed, and every step checks everything again.
 */
@ApiTags('oauth')
@Public()
@Controller('oauth')
export class AuthorizeController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    @Inject(OAuthClients) private readonly clients: OAuthClients,
    @Inject(SignInCredentials) private readonly credentials: SignInCredentials,
    @Inject(EnvelopeCipher) private readonly cipher: EnvelopeCipher,
    @Inject(ProviderRegistry) private readonly registry: ProviderRegistry,
    @Inject(OAuthEvents) private readonly events: OAuthEvents,
  ) {}

  @Get('authorize')
  @ApiOperation({
    summary: 'OAuth 2.1 authorization endpoint: the sign-in page (HTML, pt-BR or en by Accept-Language).',
  })
  @ApiOkResponse({
    description: 'The sign-in page; errors about the client or redirect URI are shown on it, others redirect.',
  })
  async authorizeGet(@Req() req: unknown, @Res() res: unknown): Promise<void> {
    await this.handle(req, res, (req as { query?: unknown }).query, false);
  }

  @Post('authorize')
  @ApiExcludeEndpoint()
  async authorizePost(@Req() req: unknown, @Res() res: unknown): Promise<void> {
    await this.handle(req, res, (req as { body?: unknown }).body, true);
  }

  @Get('sign-in.css')
  @ApiExcludeEndpoint()
  stylesheet(@Res() res: unknown): void {
    const a = this.host.httpAdapter;
    a.setHeader(res, 'Content-Type', 'text/css; charset=utf-8');
    a.setHeader(res, 'Cache-Control', 'public, max-age=3600');
    a.reply(res, SIGN_IN_CSS, 200);
  }

  private async handle(req: unknown, res: unknown, source: unknown, posted: boolean): Promise<void> {
    const raw = rawRequest(req);
    const lang = pickLang(raw.headers['accept-language']);
    const base = publicBaseUrl(this.config, raw);
    const params = readParams(source);
    if (typeof params === 'string') return this.page(res, { step: 'error', error: params }, lang, 400);
    let client;
    try {
      if (!params.client_id) throw new OAuthError('invalid_request', 'client_id is missing');
      client = await this.clients.resolve(params.client_id);
    } catch (err) {
      const error = err instanceof OAuthError ? err.description : 'the client could not be identified';
      this.events.record('refused', {
        reason: 'client',
        client: params.client_id ? clientHost(params.client_id) : undefined,
      });
      return this.page(res, { step: 'error', error }, lang, 400);
    }
    if (!params.redirect_uri || !client.redirectUris.includes(params.redirect_uri))
      return this.page(res, { step: 'error', error: 'redirect_uri is not one this client registered' }, lang, 400);
    const redirectUri = params.redirect_uri;
    const view = { clientName: client.name, redirectHost: hostOf(redirectUri), params };
    try {
      const scope = this.checkRequest(params, base);
      const action = posted ? (source as Record<string, unknown>).action : undefined;
      if (action === 'deny') {
        this.events.record('denied', { client: clientHost(client.clientId) });
        throw new Redirected('access_denied', 'the user denied the request');
      }
      if (!posted) return this.page(res, { step: 'credential', ...view }, lang, 200, redirectUri);
      const credential = String((source as Record<string, unknown>).credential ?? '');
      let checked;
      try {
        checked = await this.credentials.check(credential);
      } catch (err) {
        const words = TEXTS[lang].credentialErrors;
        const error =
          err instanceof CredentialError
            ? `${words[err.problem]}${err.detail ? `: ${err.detail}` : ''}`
            : words.rejected;
        return this.page(res, { step: 'credential', ...view, error }, lang, 400, redirectUri);
      }
      const granted = [...checked.tenant.scopes].filter((s) => scope === undefined || scope.includes(s));
      if (granted.length === 0) {
        const error = TEXTS[lang].credentialErrors.noScopes;
        return this.page(res, { step: 'credential', ...view, error }, lang, 400, redirectUri);
      }
      if (action !== 'approve') {
        const grant = {
          tenantId: checked.tenant.tenantId,
          bank: this.registry.find(checked.tenant.providerId)?.displayName ?? checked.tenant.providerId,
          scopes: granted,
          maxAmountCents: checked.tenant.meta.maxAmountCents,
          until: checked.notAfter,
        };
        return this.page(res, { step: 'confirm', ...view, credential, grant }, lang, 200, redirectUri);
      }
      const code = sealCode(this.cipher, {
        cid: client.clientId,
        redirectUri,
        challenge: params.code_challenge as string,
        resource: params.resource ?? mcpResource(base),
        grant: { ...checked.grant, scope: granted.join(' ') },
        notAfter: checked.notAfter,
        ...(checked.parentFamily !== undefined ? { pfam: checked.parentFamily } : {}),
      });
      this.events.record('code_issued', { tenantId: checked.tenant.tenantId, client: clientHost(client.clientId) });
      return this.redirect(res, redirectUri, { code, state: params.state, iss: base });
    } catch (err) {
      if (!(err instanceof Redirected)) throw err;
      return this.redirect(res, redirectUri, {
        error: err.error,
        error_description: err.description,
        state: params.state,
        iss: base,
      });
    }
  }

  /** Checks what does not concern the client's identity; returns the scopes asked for (undefined: all). */
  private checkRequest(p: AuthorizeParams, base: string): string[] | undefined {
    if (p.response_type !== 'code') throw new Redirected('unsupported_response_type', 'response_type must be code');
    if (p.code_challenge_method !== 'S256')
      throw new Redirected('invalid_request', 'PKCE with code_challenge_method S256 is required');
    if (!p.code_challenge || !CHALLENGE.test(p.code_challenge))
      throw new Redirected('invalid_request', 'code_challenge must be a base64url SHA-256');
    if (p.resource !== undefined && p.resource !== mcpResource(base))
      throw new Redirected('invalid_target', `resource must be ${mcpResource(base)}`);
    if (p.scope === undefined) return undefined;
    const asked = p.scope.split(' ').filter(Boolean);
    if (asked.some((s) => !(TOKEN_SCOPES as readonly string[]).includes(s)))
      throw new Redirected('invalid_scope', `scope may only hold ${TOKEN_SCOPES.join(', ')}`);
    return asked;
  }

  private page(res: unknown, view: SignInView, lang: 'pt-BR' | 'en', status: number, redirectUri?: string): void {
    const a = this.host.httpAdapter;
    // No script at all; the form may post here and (Chrome applies form-action to the redirect) to the client.
    const formTargets = ["'self'", ...(redirectUri ? [formOrigin(redirectUri)] : [])].join(' ');
    a.setHeader(res, 'Content-Type', 'text/html; charset=utf-8');
    a.setHeader(
      res,
      'Content-Security-Policy',
      `default-src 'none'; style-src 'self'; img-src 'self'; form-action ${formTargets}; frame-ancestors 'none'; base-uri 'none'`,
    );
    a.setHeader(res, 'X-Frame-Options', 'DENY');
    a.setHeader(res, 'Cache-Control', 'no-store');
    a.setHeader(res, 'Referrer-Policy', 'no-referrer');
    a.setHeader(res, 'Content-Language', lang);
    a.reply(res, renderSignIn(view, lang), status);
  }

  private redirect(res: unknown, uri: string, params: Record<string, string | undefined>): void {
    const url = new URL(uri);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
    const a = this.host.httpAdapter;
    a.setHeader(res, 'Cache-Control', 'no-store');
    a.redirect(res, 303, url.toString());
  }
}

function readParams(source: unknown): AuthorizeParams | string {
  const s = (source ?? {}) as Record<string, unknown>;
  const out = {} as AuthorizeParams;
  for (const name of PARAMS) {
    const v = s[name];
    if (v === undefined || v === '') continue;
    if (typeof v !== 'string' || v.length > 4096) return `${name} must be sent once`;
    out[name] = v;
  }
  return out;
}

function hostOf(uri: string): string {
  const u = new URL(uri);
  return u.host || u.protocol;
}

function formOrigin(uri: string): string {
  const u = new URL(uri);
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : u.protocol;
}
