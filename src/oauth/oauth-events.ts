import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { register } from 'prom-client';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { counter } from '../metrics/prom-metrics';

/** Every OAuth event worth a metric and a log line (a closed set: safe as a label). */
export type OAuthEvent =
  | 'code_issued'
  | 'code_exchanged'
  | 'denied'
  | 'refreshed'
  | 'refresh_reuse_detected'
  | 'revoked'
  | 'client_registered'
  | 'refused';

/**
 * Metrics (`oauth_events_total{event}`) and one log line per OAuth event. Log fields name tenants, providers,
 * clients (their host only) and families, never a token, a code or a secret.
 */
@Injectable()
export class OAuthEvents {
  private readonly events = counter(register, 'oauth_events_total', 'OAuth authorization server events, by event', [
    'event',
  ]);

  constructor(@Inject(ROOT_LOGGER) private readonly logger: Logger) {}

  record(event: OAuthEvent, fields: Record<string, string | number | undefined> = {}): void {
    this.events.inc({ event });
    const level = event === 'refresh_reuse_detected' ? 'warn' : 'info';
    this.logger[level]({ msg: `oauth: ${event.replace(/_/g, ' ')}`, event, ...fields });
  }
}
