import { ArgumentsHost, Catch, ExceptionFilter, Inject, ServiceUnavailableException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { toAppError, problemBody } from '../common/http/problem.filter';
import { requestIdOf } from '../common/http/request-context';

/**
 * Terminus reports a failed check by throwing ServiceUnavailableException with its standard body
 * ({status:'error', info, error, details}). Probes and dashboards read that body, so health routes
 * answer it as-is with 503 instead of the problem+json other routes use.
 */
@Catch(ServiceUnavailableException)
export class HealthUnavailableFilter implements ExceptionFilter {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: ServiceUnavailableException, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const req = host.switchToHttp().getRequest();
    const res = host.switchToHttp().getResponse();
    const body = exception.getResponse() as { status?: unknown; details?: unknown };
    httpAdapter.setHeader(res, 'Cache-Control', 'no-store');
    if (body && typeof body === 'object' && body.status === 'error' && body.details) {
      httpAdapter.reply(res, body, 503);
      return;
    }
    httpAdapter.setHeader(res, 'Content-Type', 'application/problem+json; charset=utf-8');
    httpAdapter.reply(res, JSON.stringify(problemBody(toAppError(exception), requestIdOf(req))), 503);
  }
}
