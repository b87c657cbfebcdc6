import { Global, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { AppMetrics } from './app-metrics';
import { MetricsController, PrometheusMetricsController } from './metrics.controller';
import { MetricsCollector } from './metrics.collector';
import { MetricsTokenGuard } from './metrics-token.guard';

/**
 * Metrics on prom-client's default registry: AppMetrics (business counters other modules record),
 * MetricsCollector (HTTP, provider and Redis measurements), GET /metrics and GET /metrics/prometheus.
 * Default process metrics are registered by MetricsCollector (minus the gauges promtool rejects).
 */
@Global()
@Module({
  imports: [
    PrometheusModule.register({
      path: '/metrics/prometheus',
      controller: PrometheusMetricsController,
      defaultMetrics: { enabled: false },
    }),
  ],
  controllers: [MetricsController],
  providers: [AppMetrics, MetricsCollector, MetricsTokenGuard],
  exports: [AppMetrics, MetricsCollector],
})
export class MetricsModule {}
