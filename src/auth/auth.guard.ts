import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../common/http/public.decorator';
import { rawRequest, requestFacts } from '../common/http/request-context';
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
  ) {}

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
    authenticateRequest(this.tokens, context.switchToHttp().getRequest());
    return true;
  }
}
