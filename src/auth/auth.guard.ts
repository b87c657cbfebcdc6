import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../common/errors/app-error';
import { PROTECTED_RESOURCE, ProtectedResourceOptions } from '../common/http/protected-resource.decorator';
import { publicBaseUrl } from '../common/http/public-base-url';
import { IS_PUBLIC } from '../common/http/public.decorator';
import { rawRequest, requestFacts } from '../common/http/request-context';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';
import { setTenant, TenantContext } from './tenant-context';
import { invalidToken, TokenService } from './token.service';

const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)\s*$/i;

/** Verifies the Bearer token of an incoming request and returns its tenant context (throws 401). */
export function authenticateRequest(tokens: TokenService, req: unknown): TenantContext {
  const header = rawRequest(req).headers.authorization;
  if (!header) throw invalidToken('missing Authorization header', false);
  const m = BEARER.exec(header);
  if (!m) throw invalidToken('Authorization must be "Bearer <token>"');
  const tenant = tokens.verify(m[1]);
  setTenant(req, tenant);
  const facts = requestFacts(req);
  facts.tenantId = tenant.tenantId;
  facts.providerId = tenant.providerId;
  return tenant;
}

/** Global guard: every route needs a valid Bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** @ProtectedResource() per handler, looked up once. */
  private readonly resources = new WeakMap<object, ProtectedResourceOptions | null>();

  /** @Public() per handler, looked up once (metadata does not change after boot). */
  private readonly publicHandlers = new WeakMap<object, boolean>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const handler = context.getHandler();
    let isPublic = this.publicHandlers.get(handler);
    if (isPublic === undefined) {
      isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, context.getClass()]) === true;
      this.publicHandlers.set(handler, isPublic);
    }
    if (isPublic) return true;
    let resource = this.resources.get(handler);
    if (resource === undefined) {
      resource =
        this.reflector.getAllAndOverride<ProtectedResourceOptions>(PROTECTED_RESOURCE, [handler, context.getClass()]) ??
        null;
      this.resources.set(handler, resource);
    }
    const req = context.switchToHttp().getRequest();
    if (resource === null) {
      authenticateRequest(this.tokens, req);
      return true;
    }
    const base = publicBaseUrl(this.config, rawRequest(req));
    try {
      const tenant = authenticateRequest(this.tokens, req);
      // RFC 8707 / MCP authorization: a token minted for a resource is only good there. Tokens without `aud`
      // (issued by a service account) and TOKEN_AUDIENCE ones (already checked) stay valid everywhere.
      const audience = tenant.audience;
      if (audience && !audience.includes(base + resource.path) && !audience.includes(this.config.tokenAudience ?? ''))
        throw invalidToken('the token was issued for another resource (aud)');
    } catch (err) {
      if (err instanceof AppError && err.headers['WWW-Authenticate']) {
        const challenge = err.headers['WWW-Authenticate'];
        err.headers['WWW-Authenticate'] =
          `${challenge}${challenge === 'Bearer' ? ' ' : ', '}resource_metadata="${base}${resource.metadataPath}"`;
      }
      throw err;
    }
    return true;
  }
}
