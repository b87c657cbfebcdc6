import { Injectable } from '@nestjs/common';
import { ProviderCallRunner, ProviderError } from '@lib/providers';
import { AppError } from '../common/errors/app-error';

/** ProviderError -> AppError, keeping only what is safe (message, fields, Retry-After). */
export function fromProviderError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ProviderError) {
    const headers: Record<string, string> = {};
    if (err.options.retryAfterSeconds !== undefined)
      headers['Retry-After'] = String(Math.max(1, Math.ceil(err.options.retryAfterSeconds)));
    return new AppError(err.code, err.message, { headers, errors: err.options.fields, cause: err });
  }
  return new AppError('PROVIDER_ERROR', 'The provider call failed unexpectedly.', { cause: err });
}

/** The library's call runner, throwing AppError (the only error type that crosses the gateway's layers). */
@Injectable()
export class GatewayCallRunner extends ProviderCallRunner {
  protected override failure(err: unknown): AppError {
    return fromProviderError(err);
  }
}
