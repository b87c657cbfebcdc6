import { Inject, Injectable } from '@nestjs/common';
import { ChargeProvider, ProviderContext, ProviderError } from '../../libs/providers/src';
import type { TenantContext } from '../auth/tenant-context';
import { AppError } from '../common/errors/app-error';
import { ProviderContextFactory } from './provider-context.factory';
import { ProviderRegistry } from './provider-registry';

export type ProviderOperation = 'authenticate' | 'create' | 'get' | 'cancel' | 'pay';

export interface ProviderCallInfo {
  providerId: string;
  operation: ProviderOperation;
  durationMs: number;
  outcome: 'ok' | 'error';
  code?: string;
}

/** Subscribers to every provider call's outcome (metrics, logs). */
@Injectable()
export class ProviderCallEvents {
  private readonly listeners: Array<(info: ProviderCallInfo) => void> = [];
  subscribe(listener: (info: ProviderCallInfo) => void): void {
    this.listeners.push(listener);
  }
  emit(info: ProviderCallInfo): void {
    for (const l of this.listeners) l(info);
  }
}

/** ProviderError -> AppError, keeping only what is safe (message, fields, Retry-After). */
export function fromProviderError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ProviderError) {
    const headers: Record<string, string> = {};
    if (err.options.retryAfterSeconds !== undefined) headers['Retry-After'] = String(Math.max(1, Math.ceil(err.options.retryAfterSeconds)));
    return new AppError(err.code, err.message, { headers, errors: err.options.fields, cause: err });
  }
  return new AppError('PROVIDER_ERROR', 'The provider call failed unexpectedly.', { cause: err });
}

/**
 * The one place a provider is called: resolves the strategy, builds its context, times the call,
 * reports the outcome, and turns provider failures into our error codes.
 */
@Injectable()
export class ProviderCallRunner {
  constructor(
    @Inject(ProviderRegistry) private readonly registry: ProviderRegistry,
    @Inject(ProviderContextFactory) private readonly contexts: ProviderContextFactory,
    @Inject(ProviderCallEvents) private readonly events: ProviderCallEvents,
  ) {}

  provider(tenant: TenantContext): ChargeProvider {
    const provider = this.registry.find(tenant.providerId);
    if (!provider) throw new AppError('AUTH_INVALID_TOKEN', this.registry.unavailableReason(tenant.providerId));
    return provider;
  }

  async run<T>(
    tenant: TenantContext,
    operation: ProviderOperation,
    requestId: string | undefined,
    fn: (provider: ChargeProvider, ctx: ProviderContext) => Promise<T>,
  ): Promise<{ provider: ChargeProvider; result: T }> {
    const provider = this.provider(tenant);
    const ctx = this.contexts.for(tenant, requestId);
    const started = process.hrtime.bigint();
    try {
      const result = await fn(provider, ctx);
      this.events.emit({ providerId: provider.id, operation, durationMs: Number(process.hrtime.bigint() - started) / 1e6, outcome: 'ok' });
      return { provider, result };
    } catch (err) {
      const appError = fromProviderError(err);
      this.events.emit({ providerId: provider.id, operation, durationMs: Number(process.hrtime.bigint() - started) / 1e6, outcome: 'error', code: appError.code });
      throw appError;
    }
  }
}
