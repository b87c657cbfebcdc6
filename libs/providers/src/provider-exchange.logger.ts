import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { PROVIDER_EXCHANGE_CHANNEL, ProviderExchangeEvent } from './http/exchange-events';
import { ProviderLogger } from './provider-logger';

/**
 * One log line per provider HTTP attempt (provider, operation, route template, status, latency,
 * the provider's request id), from the events the HTTP layer publishes. Events hold no bodies,
 * header values, tokens or credentials.
 */
@Injectable()
export class ProviderExchangeLogger implements OnModuleInit, OnModuleDestroy {
  private readonly listener = (message: unknown) => {
    const e = message as ProviderExchangeEvent;
    const level = e.outcome === 'error' ? 'warn' : 'info';
    this.logger[level]({
      msg: 'provider exchange',
      requestId: e.requestId,
      tenantId: e.tenantId,
      providerId: e.providerId,
      operation: e.operation,
      method: e.method,
      route: e.route,
      attempt: e.attempt,
      status: e.status,
      outcome: e.outcome,
      failure: e.failure,
      durationMs: Math.round(e.durationMs * 100) / 100,
      providerRequestId: e.providerRequestId,
    });
  };

  constructor(@Inject(ProviderLogger) private readonly logger: ProviderLogger) {}

  onModuleInit(): void {
    subscribe(PROVIDER_EXCHANGE_CHANNEL, this.listener);
  }

  onModuleDestroy(): void {
    unsubscribe(PROVIDER_EXCHANGE_CHANNEL, this.listener);
  }
}
