import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Get-or-create helpers on one registry: several app instances in one process (tests) share the
 * default registry, and prom-client refuses to register a name twice.
 */
export function counter(registry: Registry, name: string, help: string, labelNames: string[] = []): Counter<string> {
  return (
    (registry.getSingleMetric(name) as Counter<string>) ??
    new Counter({ name, help, labelNames, registers: [registry] })
  );
}

export function histogram(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[],
  buckets: number[],
): Histogram<string> {
  return (
    (registry.getSingleMetric(name) as Histogram<string>) ??
    new Histogram({ name, help, labelNames, buckets, registers: [registry] })
  );
}

export function gauge(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[] = [],
  collect?: (this: Gauge<string>) => void | Promise<void>,
): Gauge<string> {
  return (
    (registry.getSingleMetric(name) as Gauge<string>) ??
    new Gauge({ name, help, labelNames, registers: [registry], ...(collect ? { collect } : {}) })
  );
}

/** Seconds; fine at the low end so the JSON view's percentiles of fast routes mean something. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * prom-client's gauges that `promtool check metrics` rejects ("non-counter metrics should not have
 * _total suffix"). Each is only the sum of its by-type sibling (nodejs_active_handles{type}...).
 */
const NON_COUNTER_TOTALS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** Registers prom-client's default process metrics once per registry, minus the lint failures. */
export function registerDefaultMetrics(registry: Registry): void {
  if (registry.getSingleMetric('process_cpu_user_seconds_total')) return;
  collectDefaultMetrics({ register: registry });
  for (const name of NON_COUNTER_TOTALS) registry.removeSingleMetric(name);
}
