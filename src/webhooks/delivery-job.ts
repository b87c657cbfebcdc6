import type { WebhookDestination, WebhookEvent } from './webhook-event';

/** One event on its way to one destination (sealed in the queue: it carries payer data). */
export interface DeliveryJob {
  event: WebhookEvent;
  destination: WebhookDestination;
}

/** What the queue does with a job; the delivery service implements it (send, record, dead-letter). */
export interface DeliveryHandler {
  /** One attempt (`attempt` from 1). Resolves true when delivered. */
  attempt(job: DeliveryJob, attempt: number): Promise<boolean>;
  /** The last attempt failed: keep the job in the dead-letter list. */
  deadLetter(job: DeliveryJob, attempts: number): Promise<void>;
}

/** The retry policy (WEBHOOK_MAX_ATTEMPTS, WEBHOOK_BACKOFF_BASE_MS): exponential, with up to 50 % jitter. */
export interface RetryPolicy {
  maxAttempts: number;
  backoffBaseMs: number;
}

/** Delay before attempt `attempt + 1` after `attempt` failed: base * 2^(attempt-1), minus up to half of it. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const full = policy.backoffBaseMs * 2 ** Math.min(attempt - 1, 20);
  return Math.round(full - Math.random() * full * 0.5);
}

/** The queue could not take the job and certainly did not store it (its store is not connected). */
export class QueueNotReadyError extends Error {}

/** Where events wait for delivery: a Redis queue shared by the replicas, or in-process (embedded default). */
export interface DeliveryQueue {
  readonly durable: boolean;
  /** Queues the event; events of one charge (`orderKey`) are delivered in the order they were queued. Rejects when it cannot queue. */
  enqueue(job: DeliveryJob, orderKey: string): Promise<void>;
  /** Queues a dead-lettered job again (delivered regardless of its charge's order). */
  replay(job: DeliveryJob, replayId: string): Promise<void>;
  start(handler: DeliveryHandler): void;
  close(): Promise<void>;
}
