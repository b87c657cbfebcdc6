import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/** RFC 6749 §5.2 error codes, RFC 7009 §2.2.1, RFC 7591 §3.2.2 and RFC 8707 §2 ones. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'unsupported_token_type'
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata'
  | 'temporarily_unavailable';

/** An OAuth endpoint's refusal: answered as `{ error, error_description }` JSON (RFC 6749 §5.2), never problem+json. */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status = error === 'invalid_client' ? 401 : error === 'temporarily_unavailable' ? 503 : 400,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

/** Writes an OAuthError as RFC 6749 JSON, with no-store caching, on Express and Fastify alike. */
@Catch(OAuthError)
export class OAuthErrorFilter implements ExceptionFilter {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: OAuthError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse();
    const adapter = this.adapterHost.httpAdapter;
    if (adapter.isHeadersSent(res)) return;
    adapter.setHeader(res, 'Content-Type', 'application/json; charset=utf-8');
    adapter.setHeader(res, 'Cache-Control', 'no-store');
    adapter.setHeader(res, 'Pragma', 'no-cache');
    if (exception.status === 401) adapter.setHeader(res, 'WWW-Authenticate', 'Basic realm="oauth"');
    adapter.reply(
      res,
      JSON.stringify({ error: exception.error, error_description: exception.description }),
      exception.status,
    );
  }
}

/** One form parameter: absent, or exactly one string (RFC 6749 §3.1: a parameter sent twice is invalid_request). */
export function param(body: unknown, name: string, required = false): string | undefined {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  if (value === undefined || value === '') {
    if (required) throw new OAuthError('invalid_request', `${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw new OAuthError('invalid_request', `${name} must be sent once, as a string`);
  if (value.length > 8192) throw new OAuthError('invalid_request', `${name} is too long`);
  return value;
}
