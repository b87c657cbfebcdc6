import { backoffMs, DeliveryHandler, DeliveryJob, DeliveryQueue, RetryPolicy } from './delivery-job';

/**
 * The embedded default (no REDIS_URL): in-process retries with the same backoff, one chain per charge so its events
 * stay in order. Undelivered events do not survive a restart (the boot log says so).
 */
export class MemoryDeliveryQueue implements DeliveryQueue {
  readonly durable = false;
  private handler?: DeliveryHandler;
  private readonly chains = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly policy: RetryPolicy) {}

  start(handler: DeliveryHandler): void {
    this.handler = handler;
  }

  async enqueue(job: DeliveryJob, orderKey: string): Promise<void> {
    if (this.closed || !this.handler) throw new Error('delivery queue closed');
    const previous = this.chains.get(orderKey) ?? Promise.resolve();
    const next = previous.then(() => this.run(job));
    this.chains.set(orderKey, next);
    void next.finally(() => {
      if (this.chains.get(orderKey) === next) this.chains.delete(orderKey);
    });
  }

  async replay(job: DeliveryJob, replayId: string): Promise<void> {
    await this.enqueue(job, `replay:${replayId}`);
  }

  private async run(job: DeliveryJob): Promise<void> {
    const handler = this.handler as DeliveryHandler;
    for (let attempt = 1; attempt <= this.policy.maxAttempts && !this.closed; attempt++) {
      if (await handler.attempt(job, attempt).catch(() => false)) return;
      if (attempt < this.policy.maxAttempts) await this.sleep(backoffMs(this.policy, attempt));
    }
    if (!this.closed) await handler.deadLetter(job, this.policy.maxAttempts).catch(() => undefined);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      this.timers.add(timer);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
