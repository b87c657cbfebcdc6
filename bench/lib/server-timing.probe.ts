import { randomUUID } from 'node:crypto';
import { median, round } from './stats.math';

export interface AppTime {
  /** Gateway's own time (`Server-Timing: app;dur`), one request at a time: median and the slowest 1 %. */
  p50: number;
  p99: number;
  samples: number;
}

/**
 * Sends `n` requests one after the other and reads the gateway's own time from each answer's
 * `Server-Timing: app;dur=<ms>` (from the request's arrival to its response head, measured inside the process).
 */
export async function probeAppTime(
  url: string,
  init: { method?: string; headers: Record<string, string>; body?: string; freshIdempotencyKey?: boolean },
  n: number,
): Promise<AppTime> {
  const durations: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        ...init.headers,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.freshIdempotencyKey ? { 'idempotency-key': randomUUID() } : {}),
      },
      body: init.body,
    });
    await res.arrayBuffer();
    const dur = /app;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1];
    if (res.status >= 300 || dur === undefined) throw new Error(`Server-Timing probe: ${res.status}, no app;dur`);
    durations.push(Number(dur));
  }
  const sorted = [...durations].sort((a, b) => a - b);
  return {
    p50: round(median(durations), 3),
    p99: round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))], 3),
    samples: n,
  };
}

/** Probe size: enough for a p99 in a full run, a smoke figure in a quick one. */
export const probeSize = (quick: boolean): number => (quick ? 50 : 500);
