import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { KvStore } from '../cache/kv-store';
import { RedisStatus } from '../cache/redis-status';
import { REQUEST_OBSERVERS, RequestObserver } from '../common/http/request-edge';
import { ProviderCallEvents, ProviderCallInfo } from '@lib/providers';
import { AppMetrics } from './app-metrics';
import { latencyPercentilesMs } from './histogram-quantile';
import { groupHistogram, sumBy, total } from './metrics-aggregate';
import { counter, gauge, histogram, LATENCY_BUCKETS, registerDefaultMetrics } from './prom-metrics';
import type { MetricsSnapshot } from './metrics-snapshot';

const PROVIDER_FAILURES = new Set(['PROVIDER_ERROR', 'PROVIDER_TIMEOUT', 'PROVIDER_UNAVAILABLE', 'INTERNAL_ERROR']);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Stores of the running app(s) in this process: the metric objects are process-wide, apps are not. */
const LIVE_STORES = new Set<KvStore>();
const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

/**
 * The one collector of operational measurements (the production guide's `metricsCollector`).
 * Every request, provider call and Redis error is recorded once, into prom-client metrics on the
 * default registry; GET /metrics/prometheus exposes them as they are and GET /metrics (JSON) is
 * computed from the same series, so both views always agree.
 */
@Injectable()
export class MetricsCollector implements OnModuleInit, OnApplicationShutdown {
  readonly httpDuration;
  readonly providerDuration;
  readonly providerErrors;
  readonly redisErrors;
  private readonly observer: RequestObserver = (info) => this.recordRequest(info);

  constructor(
    @Inject(AppMetrics) private readonly app: AppMetrics,
    @Inject(ProviderCallEvents) private readonly providerEvents: ProviderCallEvents,
    @Inject(RedisStatus) private readonly redisStatus: RedisStatus,
    @Inject(KvStore) private readonly kv: KvStore,
  ) {
    const r = app.registry;
    registerDefaultMetrics(r);
    this.httpDuration = histogram(
      r,
      'http_request_duration_seconds',
      'HTTP request duration, by method, route template and status',
      ['method', 'route', 'status'],
      LATENCY_BUCKETS,
    );
    this.providerDuration = histogram(
      r,
      'provider_request_duration_seconds',
      'Provider (bank) call duration, by provider, operation and outcome (ok, refused: a business answer such as not found, error: a provider failure)',
      ['provider', 'operation', 'outcome'],
      LATENCY_BUCKETS,
    );
    this.providerErrors = counter(
      r,
      'provider_errors_total',
      'Provider failures (PROVIDER_ERROR, PROVIDER_TIMEOUT, PROVIDER_UNAVAILABLE, INTERNAL_ERROR), by provider, operation and code',
      ['provider', 'operation', 'code'],
    );
    this.redisErrors = counter(r, 'redis_errors_total', 'Redis client errors and failed commands');
    gauge(
      r,
      'redis_up',
      '1 when the configured Redis answers PING at scrape time, 0 when not (absent without REDIS_URL)',
      [],
      async function collect() {
        const stores = [...LIVE_STORES].filter((kv) => kv.kind === 'redis');
        if (stores.length === 0) return;
        const answers = await Promise.all(
          stores.map((kv) =>
            kv.ping().then(
              () => 1,
              () => 0,
            ),
          ),
        );
        this.set(Math.min(...answers));
      },
    );
  }

  onModuleInit(): void {
    LIVE_STORES.add(this.kv);
    REQUEST_OBSERVERS.push(this.observer);
    this.providerEvents.subscribe((info) => this.recordProviderCall(info));
    this.redisStatus.onError(() => this.redisErrors.inc());
  }

  /** After the HTTP server has drained, so requests finishing during shutdown are still recorded. */
  onApplicationShutdown(): void {
    LIVE_STORES.delete(this.kv);
    const i = REQUEST_OBSERVERS.indexOf(this.observer);
    if (i >= 0) REQUEST_OBSERVERS.splice(i, 1);
  }

  /** Route is the template (see unroutedTemplate for 404s and Swagger UI) and method a closed set: no raw path, no ids. */
  recordRequest(info: { method: string; route: string; status: number; durationMs: number }): void {
    const method = METHODS.has(info.method) ? info.method : 'OTHER';
    this.httpDuration.observe({ method, route: info.route, status: String(info.status) }, info.durationMs / 1000);
  }

  /**
   * A provider that answers "no such charge" or "cannot cancel" is healthy: only failures of the
   * provider itself (5xx, timeouts, unavailability, unexpected errors) count as provider errors.
   */
  recordProviderCall(info: ProviderCallInfo): void {
    const failed = info.outcome === 'error' && PROVIDER_FAILURES.has(info.code ?? 'INTERNAL_ERROR');
    const outcome = info.outcome === 'ok' ? 'ok' : failed ? 'error' : 'refused';
    this.providerDuration.observe(
      { provider: info.providerId, operation: info.operation, outcome },
      info.durationMs / 1000,
    );
    if (failed)
      this.providerErrors.inc({
        provider: info.providerId,
        operation: info.operation,
        code: info.code ?? 'INTERNAL_ERROR',
      });
  }

  /** What GET /metrics answers: the operator's at-a-glance view of the same series. */
  async snapshot(): Promise<MetricsSnapshot> {
    const [
      http,
      provider,
      providerErrors,
      cacheHits,
      cacheMisses,
      cacheBypass,
      rateLimited,
      replays,
      conflicts,
      unavailable,
      redisErrors,
    ] = await Promise.all([
      this.httpDuration.get(),
      this.providerDuration.get(),
      this.providerErrors.get(),
      this.app.cacheHits.get(),
      this.app.cacheMisses.get(),
      this.app.cacheBypass.get(),
      this.app.rateLimited.get(),
      this.app.idempotentReplays.get(),
      this.app.idempotencyConflicts.get(),
      this.app.idempotencyUnavailable.get(),
      this.redisErrors.get(),
    ]);
    const counts = http.values.filter((v) => v.metricName?.endsWith('_count'));
    const routes = [...groupHistogram(http.values, ['method', 'route']).values()].map((g) => ({
      method: String(g.labels.method),
      route: String(g.labels.route),
      count: g.count,
      byStatus: sumBy(
        counts,
        'status',
        (v) => v.labels.method === g.labels.method && v.labels.route === g.labels.route,
      ),
      latencyMs: latencyPercentilesMs(g.buckets),
    }));
    const errorsByProvider = sumBy(providerErrors.values, 'provider');
    const providers = [...groupHistogram(provider.values, ['provider']).values()].map((g) => {
      const errors = errorsByProvider[String(g.labels.provider)] ?? 0;
      return {
        provider: String(g.labels.provider),
        calls: g.count,
        errors,
        errorRate: ratio(errors, g.count),
        latencyMs: latencyPercentilesMs(g.buckets),
      };
    });
    const hits = total(cacheHits.values);
    const misses = total(cacheMisses.values);
    return {
      uptimeSeconds: Math.round(process.uptime()),
      requests: { total: total(counts), routes: routes.sort((a, b) => b.count - a.count) },
      providers,
      cache: { hits, misses, bypass: total(cacheBypass.values), hitRatio: ratio(hits, hits + misses) },
      rateLimited: { total: total(rateLimited.values), byScope: sumBy(rateLimited.values, 'scope') },
      idempotency: {
        replayed: total(replays.values),
        ...sumBy(conflicts.values, 'reason'),
        unavailable: total(unavailable.values),
      },
      redis: { store: this.kv.kind, errors: total(redisErrors.values) },
      percentiles: 'estimated from the histogram buckets since process start, as PromQL histogram_quantile does',
    };
  }
}
