import { Inject, Injectable } from '@nestjs/common';
import { AppMetrics } from '../metrics/app-metrics';
import { counter } from '../metrics/prom-metrics';

/** Webhook counters; labels are closed sets (provider id, outcome), never an id or a URL. */
@Injectable()
export class WebhookMetrics {
  private readonly notifications;
  private readonly deliveries;

  constructor(@Inject(AppMetrics) metrics: AppMetrics) {
    this.notifications = counter(
      metrics.registry,
      'webhook_notifications_total',
      'Bank notifications received, by provider and outcome (received, duplicate, verified, unverified, rejected)',
      ['provider', 'outcome'],
    );
    this.deliveries = counter(
      metrics.registry,
      'webhook_deliveries_total',
      'Outgoing webhook events, by provider and outcome (delivered, retried, dead_lettered, replayed, no_destination)',
      ['provider', 'outcome'],
    );
  }

  notification(provider: string, outcome: 'received' | 'duplicate' | 'verified' | 'unverified' | 'rejected'): void {
    this.notifications.inc({ provider, outcome });
  }

  delivery(provider: string, outcome: 'delivered' | 'retried' | 'dead_lettered' | 'replayed' | 'no_destination'): void {
    this.deliveries.inc({ provider, outcome });
  }
}
