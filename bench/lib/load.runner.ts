import { randomUUID } from 'node:crypto';
import { createHistogram } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { staggeredTicks } from './rate.stagger';

/** One load run: autocannon (this process, pinned to core 1) against one URL. */
export interface LoadSpec {
  url: string;
  seconds: number;
  connections: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Fixed offered rate (req/s, autocannon's overallRate); undefined: as fast as the server answers. */
  rate?: number;
  /** A fresh UUID Idempotency-Key on every request. */
  uniqueIdempotencyKey?: boolean;
  /** Client certificate, key and CA for an mTLS target. */
  tls?: { cert: string; key: string; ca: string };
}

/** Latencies in ms at microsecond resolution (autocannon's own histogram has 1 ms steps). */
export interface LoadResult {
  rps: number;
  requests: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Answers outside 2xx, connection errors and timeouts: any of them voids a comparison. */
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Fixed-rate runs: whether the connections' ticks were spread over the second (see rate.stagger.ts). */
  staggered?: boolean;
}

/**
 * Runs autocannon and records every 2xx latency in a node:perf_hooks histogram (µs), since sub-millisecond
 * differences are what the targets are about. Fixed-rate runs turn autocannon's coordinated-omission
 * correction off: with its 1 ms expected interval it adds synthetic samples to every answer slower than 1 ms.
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const hist = createHistogram({ lowest: 1, highest: 60_000_000, figures: 3 });
  const headers = { ...spec.headers, ...(spec.body ? { 'content-type': 'application/json' } : {}) };
  const stagger = spec.rate ? staggeredTicks(Math.min(spec.connections, Math.round(spec.rate))) : undefined;
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    method: spec.method ?? 'GET',
    headers,
    body: spec.body,
    timeout: 10,
    ...(stagger
      ? {
          overallRate: Math.max(1, Math.round(spec.rate ?? 1)),
          ignoreCoordinatedOmission: true,
          setupClient: stagger.setupClient,
        }
      : {}),
    ...(spec.uniqueIdempotencyKey
      ? {
          requests: [
            {
              setupRequest: (req: autocannon.Request) => ({
                ...req,
                headers: { ...req.headers, 'idempotency-key': randomUUID() },
              }),
            },
          ],
        }
      : {}),
    ...(spec.tls ? { tlsOptions: spec.tls } : {}),
  } as autocannon.Options);
  // autocannon emits (client, status, bytes, ms); @types/autocannon leaves the client out.
  (instance as unknown as NodeJS.EventEmitter).on('response', (_c: unknown, status: number, _b: number, ms: number) => {
    if (status >= 200 && status < 300) hist.record(Math.max(1, Math.round(ms * 1000)));
  });
  const r = await instance;
  const ms = (p: number) => (hist.count ? hist.percentile(p) / 1000 : NaN);
  return {
    rps: r.requests.average,
    requests: r.requests.total,
    p50: ms(50),
    p90: ms(90),
    p99: ms(99),
    max: hist.count ? hist.max / 1000 : NaN,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    ...(stagger ? { staggered: stagger.applied() } : {}),
  };
}

/** Failures of a run: non-2xx answers, errors and timeouts together. */
export const failures = (r: LoadResult): number => r.non2xx + r.errors + r.timeouts;

/** One line for the console. */
export function describe(name: string, r: LoadResult): string {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
  return `${name}: ${Math.round(r.rps)} req/s p50 ${f(r.p50)} p90 ${f(r.p90)} p99 ${f(r.p99)} max ${f(r.max)} ms, failures ${failures(r)}`;
}
