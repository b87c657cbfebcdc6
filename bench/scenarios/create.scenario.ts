import { benchToken, BenchContext, pixBody } from '../lib/bench.context';
import {
  coraAccessToken,
  coraBodies,
  coraSimSpec,
  readCoraSimFiles,
  removeCoraSimFiles,
} from '../lib/cora-sim.process';
import { alternateRounds, LoadTarget } from '../lib/rounds.runner';
import { check, mdTable, msText, ScenarioOutcome } from '../lib/scenario.types';
import { BenchServer, gatewaySpec, startAll, stopAll } from '../lib/server.process';
import { probeAppTime, probeSize } from '../lib/server-timing.probe';
import { median, round } from '../lib/stats.math';

/**
 * (2) Keyed `POST /v1/charges` (a fresh Idempotency-Key per request) on the sandbox, on both adapters; and on the
 * Cora simulator at zero latency through the gateway (Fastify) vs the same Cora requests sent straight to the
 * simulator with the same mTLS client: the gateway's added p50/p99, round by round.
 */
export async function createScenario(ctx: BenchContext): Promise<ScenarioOutcome> {
  const simSpec = coraSimSpec();
  const servers: BenchServer[] = [];
  try {
    const sim = await BenchServer.start(simSpec);
    servers.push(sim);
    const simUrl = `https://127.0.0.1:${sim.port}`;
    const files = readCoraSimFiles(simSpec.pkiDir);
    const coraEnv = { CORA_BASE_URL: simUrl, PROVIDER_CA_CERTS_FILE: files.caFile };
    servers.push(
      ...(await startAll([
        gatewaySpec(ctx, { adapter: 'express', env: coraEnv }),
        gatewaySpec(ctx, { adapter: 'fastify', env: coraEnv }),
      ])),
    );
    const [, express, fastify] = servers;
    const sandboxToken = benchToken(ctx, 'sandbox');
    const coraToken = benchToken(ctx, 'cora', files.credentials);
    const simToken = await coraAccessToken(simUrl, files);
    const bodies = coraBodies();
    const connections = ctx.opts.createConnections;
    const post = (url: string, token: string, body: unknown, tls?: typeof files.tls): LoadTarget['load'] => ({
      url,
      connections,
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      uniqueIdempotencyKey: true,
      ...(tls ? { tls } : {}),
    });
    const targets: LoadTarget[] = [
      { name: 'sandbox on express', load: post(`${express.url}/v1/charges`, sandboxToken, pixBody()) },
      { name: 'sandbox on fastify', load: post(`${fastify.url}/v1/charges`, sandboxToken, pixBody()) },
      { name: 'Cora simulator, direct', load: post(`${simUrl}/v2/invoices`, simToken, bodies.invoice, files.tls) },
      { name: 'Cora through fastify', load: post(`${fastify.url}/v1/charges`, coraToken, bodies.gateway) },
    ];
    const summary = await alternateRounds(ctx.opts, targets, targets[2].name, 'create');
    const failing = summary.filter((s) => s.failures > 0).map((s) => s.name);
    if (failing.length) throw new Error(`creates: failed requests on ${failing.join(', ')}: the comparison is void`);
    const own = new Map<string, string>();
    for (const t of [targets[0], targets[1], targets[3]]) {
      const a = await probeAppTime(
        t.load.url,
        { method: 'POST', headers: t.load.headers ?? {}, body: t.load.body, freshIdempotencyKey: true },
        probeSize(ctx.opts.quick),
      );
      own.set(t.name, `${msText(a.p50)} / ${msText(a.p99)}`);
    }
    const [direct, through] = [summary[2], summary[3]];
    const added = (f: 'p50' | 'p99') => round(median(through.rounds.map((r, i) => r[f] - direct.rounds[i][f])), 3);
    const addedP50 = added('p50');
    const addedP99 = added('p99');
    return {
      id: 2,
      slug: 'create',
      title: `Keyed create: POST /v1/charges with a fresh Idempotency-Key (${connections} connection(s))`,
      markdown: [
        ...mdTable(
          ['target', 'req/s (median)', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'own time p50 / p99 ms'],
          summary.map((s) => [
            s.name,
            s.rps,
            msText(s.p50),
            msText(s.p90),
            msText(s.p99),
            msText(s.max),
            own.get(s.name) ?? '-',
          ]),
        ),
        '',
        `Added by the gateway over the Cora simulator (median of the per-round differences): p50 **${msText(addedP50)} ms**, p99 **${msText(addedP99)} ms**. "Own time" is the gateway's \`Server-Timing: app;dur\`, one request at a time (for Cora it includes the call to the simulator).`,
      ],
      checks: [check('create overhead p50 ≤ 1 ms over the simulator', `${msText(addedP50)} ms`, addedP50 <= 1)],
      data: { connections, addedP50Ms: addedP50, addedP99Ms: addedP99, ownTimeMs: Object.fromEntries(own), summary },
    };
  } finally {
    await stopAll(servers);
    removeCoraSimFiles(simSpec.pkiDir);
  }
}
