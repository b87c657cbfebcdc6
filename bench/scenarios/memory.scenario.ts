import { benchToken, BenchContext, createCharge } from '../lib/bench.context';
import { describe, failures, runLoad } from '../lib/load.runner';
import { fastifySaturation } from '../lib/saturation.runner';
import { check, mdTable, msText, ScenarioOutcome } from '../lib/scenario.types';
import { BenchServer, gatewaySpec } from '../lib/server.process';
import { median, round, slope } from '../lib/stats.math';
import { FIXED_RATE_CONNECTIONS } from './fixed-rate.scenario';

/** Growth over the soak's second half, extrapolated to the whole soak, that still counts as noise. */
const flatThresholdMb = (firstMb: number) => Math.max(5, firstMb * 0.03);

/**
 * (5) Cold start (spawn -> /health/ready 200, median of `coldStarts`) and RSS of the built gateway (Fastify,
 * LOG_LEVEL=info): at ready, then every `sampleSeconds` through a soak at 50 % of the cached read's saturation.
 */
export async function memoryScenario(ctx: BenchContext): Promise<ScenarioOutcome> {
  const spec = gatewaySpec(ctx, { adapter: 'fastify' });
  const starts: number[] = [];
  for (let i = 0; i < ctx.opts.coldStarts; i++) {
    const s = await BenchServer.start(spec);
    starts.push(round(s.readyMs, 0));
    await s.stop();
  }
  process.stdout.write(`  [memory] cold starts to ready: ${starts.join(', ')} ms\n`);
  const server = await BenchServer.start(spec);
  try {
    const rssAtReady = round(server.rssMb(), 1);
    const token = benchToken(ctx, 'sandbox');
    const url = `${server.url}/v1/charges/${await createCharge(server.url, token)}`;
    const saturation = await fastifySaturation(ctx, url, token);
    const samples: Array<{ t: number; rssMb: number }> = [];
    const t0 = performance.now();
    const sample = () =>
      samples.push({ t: round((performance.now() - t0) / 1000, 1), rssMb: round(server.rssMb(), 1) });
    sample();
    const timer = setInterval(sample, ctx.opts.sampleSeconds * 1000);
    const soak = await runLoad({
      url,
      seconds: ctx.opts.soakSeconds,
      connections: FIXED_RATE_CONNECTIONS,
      rate: saturation / 2,
      headers: { authorization: `Bearer ${token}` },
    }).finally(() => clearInterval(timer));
    sample();
    process.stdout.write(`  [memory] soak ${describe('fastify @ 50 %', soak)}\n`);
    const rss = samples.map((s) => s.rssMb);
    const [first, last, max] = [rss[0], rss[rss.length - 1], Math.max(...rss)];
    const secondHalf = samples.filter((s) => s.t >= ctx.opts.soakSeconds / 2);
    const slopeMbPerMin = round(slope(samples.map((s) => ({ x: s.t / 60, y: s.rssMb }))), 2);
    const lateSlope = slope(secondHalf.map((s) => ({ x: s.t / 60, y: s.rssMb })));
    const lateGrowthMb = round((lateSlope * ctx.opts.soakSeconds) / 60, 1);
    const flat = lateGrowthMb <= flatThresholdMb(first);
    const coldStartMs = round(median(starts), 0);
    return {
      id: 5,
      slug: 'memory',
      title: `Memory and cold start (Fastify, LOG_LEVEL=info, dist/; soak ${ctx.opts.soakSeconds} s at 50 % = ${Math.round(saturation / 2)} req/s)`,
      markdown: [
        ...mdTable(
          ['figure', 'value'],
          [
            ['cold start to /health/ready 200 (median)', `${coldStartMs} ms (${starts.join(', ')})`],
            ['RSS at ready', `${rssAtReady} MB`],
            ['RSS during the soak: first / last / max', `${first} / ${last} / ${max} MB`],
            ['RSS slope over the soak', `${slopeMbPerMin} MB/min`],
            [
              'growth over the second half, extrapolated to the soak',
              `${lateGrowthMb} MB (flat below ${round(flatThresholdMb(first), 1)} MB)`,
            ],
            ['soak requests / failures', `${soak.requests} / ${failures(soak)} (p99 ${msText(soak.p99)} ms)`],
          ],
        ),
        '',
        `RSS samples every ${ctx.opts.sampleSeconds} s (MB): ${rss.join(', ')}`,
      ],
      checks: [
        check('RSS ≤ 150 MB after the soak and flat', `${last} MB, ${flat ? 'flat' : 'growing'}`, last <= 150 && flat),
      ],
      data: { coldStartMs, starts, rssAtReady, first, last, max, slopeMbPerMin, lateGrowthMb, flat, samples, soak },
    };
  } finally {
    await server.stop();
  }
}
