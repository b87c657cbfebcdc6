import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppError } from '../errors/app-error';
import { ERROR_CATALOGUE, ErrorCode, ProblemDetails, problemType } from '../errors/error-catalogue';
import { UNSUPPORTED_MEDIA_DETAIL } from './json-body';
import { rawRequest, requestFacts, requestIdOf } from './request-context';
import { RouteTable } from './route-table';

/** Maps any thrown value to an AppError: our own, Nest's HttpExceptions, and the adapters' body-parser errors. */
export function toAppError(exception: unknown): AppError {
  if (exception instanceof AppError) return exception;
  const e = exception as {
    status?: number;
    statusCode?: number;
    code?: string;
    type?: string;
    name?: string;
    message?: string;
  };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse() as { message?: unknown } | string;
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray(response.message)
          ? response.message.join('; ')
          : String(response.message ?? exception.message);
    switch (status) {
      case 404:
        return new AppError(
          'NOT_FOUND',
          message.startsWith('Cannot ') ? 'No route matches this method and path.' : 'Not found.',
        );
      case 413:
        return new AppError('PAYLOAD_TOO_LARGE');
      case 415:
        return new AppError('UNSUPPORTED_MEDIA_TYPE', UNSUPPORTED_MEDIA_DETAIL);
      case 429:
        return new AppError('RATE_LIMITED');
      case 405:
        return new AppError('METHOD_NOT_ALLOWED');
      case 400:
        if (/JSON|Unexpected token|Expected .* in JSON/i.test(message))
          return new AppError('MALFORMED_JSON', 'The request body is not valid JSON.');
        return new AppError('BAD_REQUEST', 'The request could not be understood.');
      default:
        if (status < 500) return new AppError('BAD_REQUEST', 'The request could not be processed.');
        return new AppError('INTERNAL_ERROR', 'An unexpected error occurred.', { cause: exception });
    }
  }
  // Express body-parser and Fastify content-type-parser errors arrive as plain errors with a status.
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413 || e.type === 'entity.too.large' || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return new AppError('PAYLOAD_TOO_LARGE');
    if (status === 415 || e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return new AppError('UNSUPPORTED_MEDIA_TYPE', UNSUPPORTED_MEDIA_DETAIL);
    if (
      e.type === 'entity.parse.failed' ||
      e.name === 'SyntaxError' ||
      e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
    ) {
      return new AppError('MALFORMED_JSON', 'The request body is not valid JSON.');
    }
    if (status === 404) return new AppError('NOT_FOUND', 'No route matches this method and path.');
    return new AppError('BAD_REQUEST', 'The request could not be understood.');
  }
  return new AppError('INTERNAL_ERROR', 'An unexpected error occurred.', { cause: exception });
}

export function problemBody(error: AppError, requestId: string): ProblemDetails {
  const code: ErrorCode = error.code;
  const body: ProblemDetails = {
    type: problemType(code),
    title: ERROR_CATALOGUE[code].title,
    status: error.status,
    detail: error.message,
    code,
    requestId,
    ...error.extra,
  };
  if (error.errors) body.errors = error.errors;
  return body;
}

/** Writes every error as application/problem+json, on Express and Fastify alike. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Optional() @Inject(RouteTable) private readonly routes?: RouteTable,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest();
    const res = ctx.getResponse();
    const error = this.methodNotAllowed(req, toAppError(exception));
    const requestId = requestIdOf(req);
    if (error.status >= 500) {
      const cause = (error.cause ?? exception) as Error;
      this.logger.error({
        msg: 'request failed',
        code: error.code,
        requestId,
        err: { name: cause?.name, message: cause?.message, stack: cause?.stack },
      });
    }
    const adapter = this.adapterHost.httpAdapter;
    if (adapter.isHeadersSent(res)) return;
    adapter.setHeader(res, 'Content-Type', 'application/problem+json; charset=utf-8');
    adapter.setHeader(res, 'X-Request-Id', requestId);
    adapter.setHeader(res, 'Cache-Control', 'no-store');
    for (const [k, v] of Object.entries(error.headers)) adapter.setHeader(res, k, v);
    adapter.reply(res, JSON.stringify(problemBody(error, requestId)), error.status);
  }

  /** No handler matched (no route template recorded) but the path exists with other methods: 405 with Allow. */
  private methodNotAllowed(req: unknown, error: AppError): AppError {
    if (error.code !== 'NOT_FOUND' || !this.routes || requestFacts(req).route !== undefined) return error;
    const raw = rawRequest(req);
    const allowed = this.routes.allowedMethods(raw.url ?? '/');
    if (allowed.length === 0 || allowed.includes(raw.method ?? 'GET')) return error;
    return new AppError('METHOD_NOT_ALLOWED', `${raw.method} is not allowed here; use ${allowed.join(', ')}.`, {
      headers: { Allow: allowed.join(', ') },
    });
  }
}
