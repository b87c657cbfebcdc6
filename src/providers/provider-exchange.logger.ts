import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Logger } from 'pino';
import { PROVIDER_EXCHANGE_CHANNEL, ProviderExchangeEvent } from '../../libs/providers/src/http/exchange-events';
import { ROOT_LOGGER } from '../common/logging/logging.module';

/**
 * One log line per provider HTTP attempt (provider, operation, route template, status, latency,
 * the provider's request id), from the events libs/providers publishes. Events hold no bodies,
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

  constructor(@Inject(ROOT_LOGGER) private readonly logger: Logger) {}

  onModuleInit(): void {
    subscribe(PROVIDER_EXCHANGE_CHANNEL, this.listener);
  }

  onModuleDestroy(): void {
    unsubscribe(PROVIDER_EXCHANGE_CHANNEL, this.listener);
  }
}
