/** One cumulative bucket of a Prometheus histogram: how many observations were <= `le`. */
export interface Bucket {
  le: number;
  count: number;
}

/**
 * The q-quantile of a cumulative histogram, interpolated linearly inside the bucket it falls in:
 * the same estimate as PromQL's histogram_quantile, so the JSON view and Grafana agree.
 * Returns null when there is no observation.
 */
export function histogramQuantile(q: number, buckets: Bucket[]): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of sorted) {
    if (b.count >= rank && b.count > prevCount) {
      // Past the last finite bound nothing is known but "more than it": report that bound.
      if (!Number.isFinite(b.le)) return prevLe;
      return prevLe + (b.le - prevLe) * ((rank - prevCount) / (b.count - prevCount));
    }
    if (Number.isFinite(b.le)) prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe;
}

/** p50/p95/p99 in milliseconds (two decimals), from buckets in seconds. */
export function latencyPercentilesMs(buckets: Bucket[]): {
  p50: number | null;
  p95: number | null;
  p99: number | null;
} {
  const ms = (q: number) => {
    const v = histogramQuantile(q, buckets);
    return v === null ? null : Math.round(v * 100_000) / 100;
  };
  return { p50: ms(0.5), p95: ms(0.95), p99: ms(0.99) };
}
