import type { Bucket } from './histogram-quantile';

type Labels = Partial<Record<string, string | number>>;
/** The shape prom-client's `metric.get()` returns for each value (bucket, sum, count or plain). */
export interface SampleValue {
  value: number;
  labels: Labels;
  metricName?: string;
}

/** Observations of one group of histogram series, buckets summed across the series in the group. */
export interface HistogramGroup {
  labels: Labels;
  count: number;
  sumSeconds: number;
  buckets: Bucket[];
}

/**
 * Groups a histogram's samples by `keyLabels` (e.g. method+route), summing cumulative bucket
 * counts of every series in a group (valid: all series share the same bounds).
 */
export function groupHistogram(values: SampleValue[], keyLabels: string[]): Map<string, HistogramGroup> {
  const groups = new Map<string, HistogramGroup & { byLe: Map<number, number> }>();
  for (const v of values) {
    const key = keyLabels.map((l) => String(v.labels[l] ?? '')).join(' ');
    let g = groups.get(key);
    if (!g) {
      g = {
        labels: Object.fromEntries(keyLabels.map((l) => [l, v.labels[l]])),
        count: 0,
        sumSeconds: 0,
        buckets: [],
        byLe: new Map(),
      };
      groups.set(key, g);
    }
    const name = v.metricName ?? '';
    if (name.endsWith('_bucket')) {
      const le = v.labels.le === '+Inf' ? Infinity : Number(v.labels.le);
      g.byLe.set(le, (g.byLe.get(le) ?? 0) + v.value);
    } else if (name.endsWith('_sum')) {
      g.sumSeconds += v.value;
    } else if (name.endsWith('_count')) {
      g.count += v.value;
    }
  }
  const out = new Map<string, HistogramGroup>();
  for (const [key, g] of groups) {
    out.set(key, {
      labels: g.labels,
      count: g.count,
      sumSeconds: g.sumSeconds,
      buckets: [...g.byLe].map(([le, count]) => ({ le, count })),
    });
  }
  return out;
}

/** Sums counter (or histogram _count) samples by one label: { '200': 4, '404': 1 }. */
export function sumBy(
  values: SampleValue[],
  label: string,
  filter: (v: SampleValue) => boolean = () => true,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) {
    if (!filter(v)) continue;
    const key = String(v.labels[label] ?? '');
    out[key] = (out[key] ?? 0) + v.value;
  }
  return out;
}

export function total(values: SampleValue[]): number {
  return values.reduce((n, v) => n + v.value, 0);
}
