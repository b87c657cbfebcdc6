import { benchToken, BenchContext, createCharge } from '../lib/bench.context';
import { alternateRounds, LoadTarget } from '../lib/rounds.runner';
import { check, mdTable, msText, ScenarioOutcome } from '../lib/scenario.types';
import { probeAppTime, probeSize } from '../lib/server-timing.probe';
import { baselineSpec, BenchServer, gatewaySpec, startAll, stopAll } from '../lib/server.process';

/**
 * (1) Cached `GET /v1/charges/:id` on Express and Fastify, with LOG_LEVEL=info and silent, against the bare
 * node:http baseline (bench/baseline-server.ts) doing the same essential work, all in alternating rounds.
 */
export async function cachedReadScenario(ctx: BenchContext): Promise<ScenarioOutcome> {
  const specs = [
    baselineSpec(ctx),
    gatewaySpec(ctx, { adapter: 'express' }),
    gatewaySpec(ctx, { adapter: 'fastify' }),
    gatewaySpec(ctx, { adapter: 'express', logLevel: 'silent' }),
    gatewaySpec(ctx, { adapter: 'fastify', logLevel: 'silent' }),
  ];
  const servers: BenchServer[] = await startAll(specs);
  try {
    const token = benchToken(ctx, 'sandbox');
    const id = await createCharge(servers[1].url, token);
    const targets: LoadTarget[] = servers.map((s) => ({
      name: s.spec.name,
      load: {
        url: `${s.url}/v1/charges/${id}`,
        connections: ctx.opts.connections,
        headers: { authorization: `Bearer ${token}` },
      },
    }));
    const summary = await alternateRounds(ctx.opts, targets, specs[0].name, 'cached read');
    const failing = summary.filter((s) => s.failures > 0).map((s) => s.name);
    if (failing.length)
      throw new Error(`cached read: failed requests on ${failing.join(', ')}: the comparison is void`);
    const own = new Map<string, string>();
    for (const srv of servers.slice(1)) {
      const t = await probeAppTime(
        `${srv.url}/v1/charges/${id}`,
        { headers: { authorization: `Bearer ${token}` } },
        probeSize(ctx.opts.quick),
      );
      own.set(srv.spec.name, `${msText(t.p50)} / ${msText(t.p99)}`);
    }
    const fastify = summary.find((s) => s.name === 'fastify');
    const express = summary.find((s) => s.name === 'express');
    ctx.fastifySaturation = fastify?.rps;
    return {
      id: 1,
      slug: 'cached-read',
      title: `Cached read: GET /v1/charges/:id vs bare node:http (${ctx.opts.connections} connections)`,
      markdown: mdTable(
        ['server', 'req/s (median)', 'ratio per round', 'ratio (median)', 'p50 ms', 'p99 ms', 'own time p50 / p99 ms'],
        summary.map((s) => [
          s.name,
          s.rps,
          s.ratios.join(' / '),
          `**${s.ratio}**`,
          msText(s.p50),
          msText(s.p99),
          own.get(s.name) ?? '-',
        ]),
      ),
      checks: [
        check('Fastify ≥ 0.85× baseline (LOG_LEVEL=info)', `${fastify?.ratio}×`, (fastify?.ratio ?? 0) >= 0.85),
        check('Express ≥ 0.5× baseline (LOG_LEVEL=info)', `${express?.ratio}×`, (express?.ratio ?? 0) >= 0.5),
      ],
      data: { connections: ctx.opts.connections, ownTimeMs: Object.fromEntries(own), summary },
    };
  } finally {
    await stopAll(servers);
  }
}
