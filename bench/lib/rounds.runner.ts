import type { BenchOptions } from './bench.options';
import { describe, failures, LoadResult, LoadSpec, runLoad } from './load.runner';
import { median, round } from './stats.math';

export interface LoadTarget {
  name: string;
  load: Omit<LoadSpec, 'seconds'>;
}

export interface TargetSummary {
  name: string;
  /** Median of the rounds. */
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  failures: number;
  /** rps / the reference's rps in the same round, per round, and their median. */
  ratios: number[];
  ratio: number;
  rounds: LoadResult[];
}

/**
 * Warm-up (each target once), then `rounds` rounds in which every target runs once, in turn, so slow drift of
 * the machine falls on all of them alike. Ratios are taken against `reference` round by round.
 */
export async function alternateRounds(
  opts: BenchOptions,
  targets: LoadTarget[],
  reference: string,
  label: string,
): Promise<TargetSummary[]> {
  for (const t of targets) await runLoad({ ...t.load, seconds: opts.warmupSeconds });
  const runs = new Map<string, LoadResult[]>(targets.map((t) => [t.name, []]));
  for (let i = 0; i < opts.rounds; i++) {
    for (const t of targets) {
      const r = await runLoad({ ...t.load, seconds: opts.seconds });
      runs.get(t.name)?.push(r);
      process.stdout.write(`  [${label}] round ${i + 1}/${opts.rounds} ${describe(t.name, r)}\n`);
    }
  }
  const ref = runs.get(reference) ?? [];
  return targets.map((t) => {
    const rs = runs.get(t.name) ?? [];
    const ratios = rs.map((r, i) => round(r.rps / ref[i].rps));
    const m = (f: (r: LoadResult) => number) => round(median(rs.map(f)), 3);
    return {
      name: t.name,
      rps: Math.round(median(rs.map((r) => r.rps))),
      p50: m((r) => r.p50),
      p90: m((r) => r.p90),
      p99: m((r) => r.p99),
      max: m((r) => r.max),
      failures: rs.reduce((a, r) => a + failures(r), 0),
      ratios,
      ratio: round(median(ratios)),
      rounds: rs,
    };
  });
}
