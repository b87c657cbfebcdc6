import { Inject, Injectable } from '@nestjs/common';
import type { ChargeProvider, ProviderContext } from './charge-provider';
import { ProviderContextFactory, ProviderTenant } from './provider-context.factory';
import { ProviderError } from './provider-error';
import { ProviderRegistry } from './provider-registry';

/**
 * The contract member a call runs, as labelled in metrics and logs: `authenticate`, `create`, `get`, `cancel`, `list`,
 * `refund`, `boletoPdf` (a bank's own boleto PDF), and `pay` for `simulatePayment` (the payer paying at a bank that can simulate it).
 */
export type ProviderOperation = 'authenticate' | 'create' | 'get' | 'cancel' | 'list' | 'refund' | 'boletoPdf' | 'pay';

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

/** An error the runner throws: it carries the stable code its outcome is reported under. */
export type ProviderCallFailure = Error & { readonly code: string };

/**
 * The one place a provider is called: resolves the strategy, builds its context, times the call,
 * reports the outcome, and turns what the call threw into the error its caller sees (`failure`, a
 * hook the application overrides to map ProviderError codes into its own error type).
 */
@Injectable()
export class ProviderCallRunner {
  constructor(
    @Inject(ProviderRegistry) private readonly registry: ProviderRegistry,
    @Inject(ProviderContextFactory) private readonly contexts: ProviderContextFactory,
    @Inject(ProviderCallEvents) private readonly events: ProviderCallEvents,
  ) {}

  /** The tenant's provider; a providerId that names no enabled provider fails as AUTH_INVALID_TOKEN, saying why. */
  provider(tenant: ProviderTenant): ChargeProvider {
    const provider = this.registry.find(tenant.providerId);
    if (!provider)
      throw this.failure(new ProviderError('AUTH_INVALID_TOKEN', this.registry.unavailableReason(tenant.providerId)));
    return provider;
  }

  async run<T>(
    tenant: ProviderTenant,
    operation: ProviderOperation,
    requestId: string | undefined,
    fn: (provider: ChargeProvider, ctx: ProviderContext) => Promise<T>,
  ): Promise<{ provider: ChargeProvider; result: T }> {
    const provider = this.provider(tenant);
    const ctx = this.contexts.for(tenant, requestId);
    const started = process.hrtime.bigint();
    try {
      const result = await fn(provider, ctx);
      this.events.emit({
        providerId: provider.id,
        operation,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        outcome: 'ok',
      });
      return { provider, result };
    } catch (err) {
      const failure = this.failure(err);
      this.events.emit({
        providerId: provider.id,
        operation,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        outcome: 'error',
        code: failure.code,
      });
      throw failure;
    }
  }

  /**
   * What a failed call throws. By default a ProviderError as it is, and anything else (a bug) as
   * PROVIDER_ERROR with the original as `cause`; the application overrides this to translate into its own
   * error type (the codes of ProviderError are a subset of its catalogue).
   */
  protected failure(err: unknown): ProviderCallFailure {
    if (err instanceof ProviderError) return err;
    return new ProviderError('PROVIDER_ERROR', 'The provider call failed unexpectedly.', { cause: err });
  }
}
