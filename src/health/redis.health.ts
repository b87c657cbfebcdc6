import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { KvStore } from '../cache/kv-store';

/** Pings Redis with the store's short command timeout; reports `not configured` on the memory store. */
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
    try {
      await this.kv.ping();
      return check.up({ store: 'redis', latencyMs: Date.now() - started });
    } catch {
      return check.down({ store: 'redis', message: 'unreachable' });
    }
  }
}
