import { Injectable } from '@nestjs/common';
import { register } from 'prom-client';
import { counter, gauge } from '../metrics/prom-metrics';

/** Readiness as metrics: the last answer (app_ready) and how often it changed (flapping alert). */
@Injectable()
export class ReadinessMetrics {
  private readonly ready = gauge(register, 'app_ready', '1 when the last readiness probe answered 200, 0 when 503');
  private readonly changes = counter(
    register,
    'readiness_changes_total',
    'Times the readiness answer changed between probes',
  );
  private last?: boolean;

  record(ok: boolean): void {
    this.ready.set(ok ? 1 : 0);
    if (this.last !== undefined && this.last !== ok) this.changes.inc();
    this.last = ok;
  }
}
