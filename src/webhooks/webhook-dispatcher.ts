import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { DeadLetterStore } from './dead-letter.store';
import { DeliveryHandler, DeliveryJob, DeliveryQueue, QueueNotReadyError } from './delivery-job';
import type { WebhookSettings } from '../config/env.schema';
import type { WebhookDestination, WebhookEvent } from './webhook-event';
import type { WebhookMetrics } from './webhook-metrics';
import { signingKey } from './webhook-secrets';
import type { WebhookSender } from './webhook-sender';

/** Why an event could not be handed over: nothing durable took it and the consumer did not take it either. */
export class EventNotAcceptedError extends Error {}

/**
 * Sends events: picks the destination, queues (or, when the queue cannot take it, tries the consumer at once),
 * attempts deliveries for the queue, logs one line per attempt and dead-letters what is given up.
 */
export class WebhookDispatcher implements DeliveryHandler {
  constructor(
    private readonly queue: DeliveryQueue,
    private readonly sender: WebhookSender,
    private readonly deadLetters: DeadLetterStore,
    private readonly settings: WebhookSettings,
    private readonly hmacSecret: string,
    private readonly metrics: WebhookMetrics,
    private readonly logger: Logger,
  ) {
    queue.start(this);
  }

  /**
   * The event id for what `identity` names (a bank notification, a sandbox change): deterministic, so that if an
   * event is ever sent twice (a bank's redelivery after an ambiguous failure) consumers see the same `webhook-id`.
   */
  static eventId(identity: string): string {
    return `evt_${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`;
  }

  /**
   * The event id of a charge reaching `status`, whoever announces it: the gateway (a sandbox payment, a refund made
   * through the gateway) or the bank's notification of a final state, so consumers see one `webhook-id` for both.
   */
  static statusEventId(providerId: string, tenantId: string, chargeId: string, status: string): string {
    return WebhookDispatcher.eventId(`${providerId}:${tenantId}:${chargeId}:${status}`);
  }

  /** The tenant's own URL when it has one, else the operator's WEBHOOK_FORWARD_URL, else none. */
  destinationFor(tenantWebhookUrl: string | undefined): WebhookDestination | undefined {
    if (tenantWebhookUrl) return { url: tenantWebhookUrl, kind: 'tenant' };
    if (this.settings.forwardUrl) return { url: this.settings.forwardUrl, kind: 'operator' };
    return undefined;
  }

  /**
   * Hands the event over: queued (durably with Redis), or delivered now when the queue cannot take it. Rejects with
   * EventNotAcceptedError when neither worked, so the caller can make the bank retry.
   */
  async emit(event: WebhookEvent, tenantWebhookUrl: string | undefined): Promise<void> {
    const destination = this.destinationFor(tenantWebhookUrl);
    if (!destination) {
      this.metrics.delivery(event.providerId, 'no_destination');
      this.logger.warn(
        { eventType: event.type, providerId: event.providerId, tenantId: event.tenantId },
        'webhook event has no destination: set meta.webhookUrl in the tenant token or WEBHOOK_FORWARD_URL',
      );
      return;
    }
    const job: DeliveryJob = { event, destination };
    try {
      await this.queue.enqueue(job, `${event.providerId}:${event.tenantId}:${event.chargeId}`);
    } catch (err) {
      // Only when the queue certainly did not store it is it delivered now (else it could go out twice).
      if (!(err instanceof QueueNotReadyError) || !(await this.attempt(job, 1)))
        throw new EventNotAcceptedError('event neither queued nor delivered');
    }
  }

  /** Takes a dead letter of the tenant and queues it again; false when there is no such entry. */
  async replay(tenantId: string, id: string): Promise<boolean> {
    const job = await this.deadLetters.take(tenantId, id);
    if (!job) return false;
    await this.queue.replay(job, `${id}_${Date.now()}`);
    this.metrics.delivery(job.event.providerId, 'replayed');
    return true;
  }

  listDeadLetters(tenantId: string, limit: number) {
    return this.deadLetters.list(tenantId, limit);
  }

  async attempt(job: DeliveryJob, attempt: number): Promise<boolean> {
    const { event, destination } = job;
    const key = signingKey(this.hmacSecret, destination.kind === 'tenant' ? event.tenantId : undefined);
    const result = await this.sender.send(destination, key, event.id, JSON.stringify(event));
    this.logger.info(
      {
        webhookEventId: event.id,
        eventType: event.type,
        providerId: event.providerId,
        tenantId: event.tenantId,
        destination: destination.kind,
        attempt,
        status: result.status ?? null,
        latencyMs: result.latencyMs,
        ...(result.reason ? { reason: result.reason } : {}),
      },
      result.ok ? 'webhook delivered' : 'webhook delivery failed',
    );
    this.metrics.delivery(event.providerId, result.ok ? 'delivered' : 'retried');
    return result.ok;
  }

  async deadLetter(job: DeliveryJob, attempts: number): Promise<void> {
    await this.deadLetters.add(job.event.tenantId, job, attempts, 'consumer did not accept the event');
    this.metrics.delivery(job.event.providerId, 'dead_lettered');
    this.logger.warn(
      { webhookEventId: job.event.id, providerId: job.event.providerId, tenantId: job.event.tenantId, attempts },
      'webhook event dead-lettered',
    );
  }
}
