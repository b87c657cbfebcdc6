import { benchToken, BenchContext, createCharge } from '../lib/bench.context';
import { failures } from '../lib/load.runner';
import { alternateRounds, LoadTarget } from '../lib/rounds.runner';
import { fastifySaturation } from '../lib/saturation.runner';
import { check, mdTable, msText, ScenarioOutcome } from '../lib/scenario.types';
import { baselineSpec, BenchServer, gatewaySpec, startAll, stopAll } from '../lib/server.process';
import { median, round } from '../lib/stats.math';

/**
 * Connections of the fixed-rate runs: many small quotas whose one-second ticks are spread over the second
 * (lib/rate.stagger.ts), so the offered load is close to an even stream.
 */
export const FIXED_RATE_CONNECTIONS = 100;
const LEVELS = [25, 50, 80];

/**
 * (4) The Fastify cached read (LOG_LEVEL=info) at 25, 50 and 80 % of its measured saturation, and the node:http
 * baseline at the 50 % rate: p50/p90/p99/max, failures, and the gateway's added p99 at 50 %.
 */
export async function fixedRateScenario(ctx: BenchContext): Promise<ScenarioOutcome> {
  const servers: BenchServer[] = await startAll([baselineSpec(ctx), gatewaySpec(ctx, { adapter: 'fastify' })]);
  try {
    const [baseline, fastify] = servers;
    const token = benchToken(ctx, 'sandbox');
    const id = await createCharge(fastify.url, token);
    const path = `/v1/charges/${id}`;
    const saturation = await fastifySaturation(ctx, `${fastify.url}${path}`, token);
    const at = (s: BenchServer, pct: number): LoadTarget['load'] => ({
      url: `${s.url}${path}`,
      connections: FIXED_RATE_CONNECTIONS,
      rate: (saturation * pct) / 100,
      headers: { authorization: `Bearer ${token}` },
    });
    const targets: LoadTarget[] = [
      ...LEVELS.map((pct) => ({ name: `fastify @ ${pct} %`, load: at(fastify, pct) })),
      { name: 'node:http baseline @ 50 % rate', load: at(baseline, 50) },
    ];
    const summary = await alternateRounds(ctx.opts, targets, targets[0].name, 'fixed rate');
    const gw50 = summary[1];
    const base50 = summary[3];
    const addedP99 = round(median(gw50.rounds.map((r, i) => r.p99 - base50.rounds[i].p99)), 3);
    const at80 = summary[2].rounds.reduce((a, r) => a + failures(r), 0);
    const reached80 = round(summary[2].rps / (targets[2].load.rate ?? 1), 2);
    return {
      id: 4,
      slug: 'fixed-rate',
      title: `Fixed rate: Fastify cached read at 25/50/80 % of its saturation (${saturation} req/s; ${FIXED_RATE_CONNECTIONS} connections)`,
      markdown: [
        ...mdTable(
          ['run', 'offered req/s', 'achieved req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'failures'],
          summary.map((s, i) => [
            s.name,
            Math.round(targets[i].load.rate ?? 0),
            s.rps,
            msText(s.p50),
            msText(s.p90),
            msText(s.p99),
            msText(s.max),
            s.failures,
          ]),
        ),
        '',
        `Added p99 at 50 % (gateway − baseline at the same rate, median of the per-round differences): **${msText(addedP99)} ms**.`,
      ],
      checks: [
        check('added p99 ≤ 2 ms at 50 % load', `${msText(addedP99)} ms`, addedP99 <= 2),
        check(
          'no error at 80 % load (and ≥ 90 % of that rate reached)',
          `${at80} failures, ${Math.round(reached80 * 100)} % of the rate reached`,
          at80 === 0 && reached80 >= 0.9,
        ),
      ],
      data: {
        saturation,
        connections: FIXED_RATE_CONNECTIONS,
        staggered: summary.every((s) => s.rounds.every((r) => r.staggered)),
        addedP99Ms: addedP99,
        failuresAt80: at80,
        summary,
      },
    };
  } finally {
    await stopAll(servers);
  }
}
