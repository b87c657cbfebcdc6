import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../common/errors/app-error';
import { rawRequest } from '../common/http/request-context';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Metrics routes are public by default (cluster-internal scraping); with METRICS_TOKEN set they
 * need `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time), else 401 METRICS_UNAUTHORIZED.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.expected = config.metricsToken ? digest(config.metricsToken) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const header = rawRequest(context.switchToHttp().getRequest()).headers.authorization ?? '';
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (m && timingSafeEqual(digest(m[1]), this.expected)) return true;
    throw new AppError('METRICS_UNAUTHORIZED', 'This endpoint requires Authorization: Bearer <METRICS_TOKEN>.', {
      headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
    });
  }
}
