import { Histogram, Registry } from 'prom-client';
import { latencyPercentilesMs } from './histogram-quantile';
import { groupHistogram, sumBy, total } from './metrics-aggregate';

describe('metrics aggregation over prom-client samples', () => {
  it('merges the status series of one route and estimates its percentiles from the buckets', async () => {
    const registry = new Registry();
    const h = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'h',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.01, 0.1, 1],
      registers: [registry],
    });
    for (let i = 0; i < 90; i++) h.observe({ method: 'GET', route: '/v1/charges/:id', status: '200' }, 0.005);
    for (let i = 0; i < 10; i++) h.observe({ method: 'GET', route: '/v1/charges/:id', status: '404' }, 0.5);
    h.observe({ method: 'POST', route: '/v1/charges', status: '201' }, 0.05);
    const { values } = await h.get();

    const groups = groupHistogram(values, ['method', 'route']);
    const get = groups.get('GET /v1/charges/:id');
    expect(get).toMatchObject({ labels: { method: 'GET', route: '/v1/charges/:id' }, count: 100 });
    expect(get?.sumSeconds).toBeCloseTo(90 * 0.005 + 10 * 0.5);
    const p = latencyPercentilesMs(get?.buckets ?? []);
    expect(p.p50).toBeCloseTo(5.56, 1);
    expect(p.p99).toBeCloseTo(910, 0);
    expect(groups.get('POST /v1/charges')?.count).toBe(1);

    const counts = values.filter((v) => v.metricName?.endsWith('_count'));
    expect(sumBy(counts, 'status', (v) => v.labels.route === '/v1/charges/:id')).toEqual({ '200': 90, '404': 10 });
    expect(total(counts)).toBe(101);
  });
});
