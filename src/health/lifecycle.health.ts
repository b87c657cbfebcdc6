import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { LifecycleState } from '../common/lifecycle';

/** Down as soon as SIGTERM starts the drain, so load balancers stop sending before the server closes. */
@Injectable()
export class LifecycleHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicator: HealthIndicatorService,
    @Inject(LifecycleState) private readonly lifecycle: LifecycleState,
  ) {}

  isAcceptingTraffic(key: string) {
    const check = this.indicator.check(key);
    return this.lifecycle.shuttingDown
      ? check.down({ message: 'shutting down' })
      : check.up({ uptimeSeconds: Math.round(process.uptime()) });
  }
}
