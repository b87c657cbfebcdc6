import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { KvStore, KvUnavailableError } from '../cache/kv-store';

/**
 * Pings Redis with the store's short command timeout; reports `not configured` on the memory store.
 *
 * A ping that timed out or failed on an open connection is sent once more before Redis counts as down: on a busy
 * process one answer can miss the timer (an event-loop stall or GC pause fires the timer before the reply that already
 * arrived is read), and one late PONG is not an outage. A Redis that is cut, frozen or stopped fails both pings (two
 * command timeouts at most); a connection that is gone reports down at once.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicator: HealthIndicatorService,
    @Inject(KvStore) private readonly kv: KvStore,
  ) {}

  async isHealthy(key: string) {
    const check = this.indicator.check(key);
    if (this.kv.kind === 'memory') return check.up({ store: 'memory', message: 'not configured' });
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.kv.ping();
        return check.up({ store: 'redis', latencyMs: Date.now() - started });
      } catch (err) {
        const mayBeLate = err instanceof KvUnavailableError && err.mayHaveApplied;
        if (attempt >= 2 || !mayBeLate) return check.down({ store: 'redis', message: 'unreachable' });
      }
    }
  }
}
