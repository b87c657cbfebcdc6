import { histogramQuantile, latencyPercentilesMs } from './histogram-quantile';

const cumulative = (pairs: Array<[number, number]>) => pairs.map(([le, count]) => ({ le, count }));

describe('histogramQuantile', () => {
  it('returns null when nothing was observed', () => {
    expect(
      histogramQuantile(
        0.5,
        cumulative([
          [0.1, 0],
          [Infinity, 0],
        ]),
      ),
    ).toBeNull();
  });

  it('interpolates inside the bucket the rank falls in, like histogram_quantile', () => {
    // 10 observations <= 0.1 s, 10 more in (0.1, 0.5]: the median is the top of the first bucket.
    const b = cumulative([
      [0.1, 10],
      [0.5, 20],
      [Infinity, 20],
    ]);
    expect(histogramQuantile(0.5, b)).toBeCloseTo(0.1);
    expect(histogramQuantile(0.75, b)).toBeCloseTo(0.3);
    expect(histogramQuantile(0.25, b)).toBeCloseTo(0.05);
  });

  it('reports the highest finite bound when the rank lands in +Inf', () => {
    expect(
      histogramQuantile(
        0.99,
        cumulative([
          [1, 1],
          [10, 1],
          [Infinity, 100],
        ]),
      ),
    ).toBe(10);
  });

  it('skips empty buckets and accepts unsorted input', () => {
    const b = cumulative([
      [Infinity, 4],
      [0.01, 0],
      [0.005, 0],
      [0.025, 4],
    ]);
    expect(histogramQuantile(0.5, b)).toBeCloseTo(0.0175);
  });

  it('gives milliseconds rounded to two decimals', () => {
    expect(
      latencyPercentilesMs(
        cumulative([
          [0.001, 0],
          [0.002, 10],
          [Infinity, 10],
        ]),
      ),
    ).toEqual({ p50: 1.5, p95: 1.95, p99: 1.99 });
  });
});
