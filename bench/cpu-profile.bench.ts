/**
 * CPU profile of the cached read (with --create: keyed sandbox creates; --create --cora: keyed creates at the Cora
 * simulator; --mcp: MCP get_charge) under load: the built gateway runs with `node --cpu-prof` (core 0), autocannon
 * loads it (core 1), and the top self-time frames are printed, all of them and ours (dist/src, dist/libs).
 *
 *   npm run build && node scripts/run-ts.cjs bench/cpu-profile.bench.ts --adapter express --seconds 15 [--create [--cora] | --mcp]
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteRunKeys, testRedisUrl } from '../test/helpers/redis';
import { benchToken, createCharge, newContext, pixBody } from './lib/bench.context';
import { coraBodies, coraSimSpec, readCoraSimFiles, removeCoraSimFiles } from './lib/cora-sim.process';
import { parseOptions } from './lib/bench.options';
import { describe, runLoad } from './lib/load.runner';
import { machineInfo, pinSelfToCore1 } from './lib/machine.info';
import { Adapter, BenchServer, gatewaySpec } from './lib/server.process';
import { mcpCall } from './scenarios/mcp-read.scenario';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Self time by frame (function, file:line) in % of the busy samples ((idle) left out) taken between `fromMs` and
 * `toMs` after the process started: the load window, without startup and shutdown.
 */
function selfTimes(file: string, fromMs: number, toMs: number): Array<{ frame: string; pct: number; ours: boolean }> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  let t = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] / 1000;
    if (t >= fromMs && t <= toMs) hits.set(id, (hits.get(id) ?? 0) + 1);
  });
  const by = new Map<string, number>();
  for (const [id, count] of hits) {
    const { functionName, url, lineNumber } = nodes.get(id)?.callFrame ?? { functionName: '?', url: '', lineNumber: 0 };
    if (functionName === '(idle)') continue;
    const where = url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');
    const key = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
    by.set(key, (by.get(key) ?? 0) + count);
  }
  const total = [...by.values()].reduce((a, n) => a + n, 0);
  return [...by.entries()]
    .map(([frame, n]) => ({ frame, pct: (100 * n) / total, ours: / dist\/(src|libs)\//.test(frame) }))
    .sort((a, b) => b.pct - a.pct);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--adapter');
  const adapter = (at >= 0 ? argv.splice(at, 2)[1] : 'fastify') as Adapter;
  const take = (flag: string) => argv.includes(flag) && argv.splice(argv.indexOf(flag), 1).length > 0;
  const create = take('--create');
  const mcp = take('--mcp');
  const cora = take('--cora');
  const opts = parseOptions(argv);
  pinSelfToCore1();
  const ctx = newContext(opts, machineInfo('n/a'), await testRedisUrl());
  const dir = mkdtempSync(join(tmpdir(), `mcpcob-cpu-prof-${adapter}-`));
  const simSpec = cora ? coraSimSpec() : undefined;
  const sim = simSpec ? await BenchServer.start(simSpec) : undefined;
  const files = simSpec ? readCoraSimFiles(simSpec.pkiDir) : undefined;
  const env: Record<string, string> =
    sim && files ? { CORA_BASE_URL: `https://127.0.0.1:${sim.port}`, PROVIDER_CA_CERTS_FILE: files.caFile } : {};
  const server = await BenchServer.start(
    gatewaySpec(ctx, { adapter, env, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] }),
  );
  const window = { from: 0, to: 0 };
  try {
    const token = files ? benchToken(ctx, 'cora', files.credentials) : benchToken(ctx, 'sandbox');
    const headers = { authorization: `Bearer ${token}` };
    const id = create ? '' : await createCharge(server.url, token);
    const call = mcpCall(token, id);
    const load = create
      ? { url: `${server.url}/v1/charges`, connections: opts.createConnections, headers, method: 'POST' as const }
      : mcp
        ? { url: `${server.url}/mcp`, connections: opts.connections, headers: call.headers, method: 'POST' as const }
        : { url: `${server.url}/v1/charges/${id}`, connections: opts.connections, headers };
    const extra = create
      ? { body: JSON.stringify(files ? coraBodies().gateway : pixBody()), uniqueIdempotencyKey: true }
      : mcp
        ? { body: call.body }
        : {};
    window.from = performance.now() - server.spawnedAt;
    process.stdout.write(`${describe(adapter, await runLoad({ ...load, ...extra, seconds: opts.seconds }))}\n`);
    window.to = performance.now() - server.spawnedAt;
  } finally {
    await server.stop();
    await sim?.stop();
    if (simSpec) removeCoraSimFiles(simSpec.pkiDir);
    await deleteRunKeys();
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}: did the gateway exit normally?`);
  const frames = selfTimes(join(dir, file), window.from + 500, window.to - 200);
  const print = (title: string, rows: typeof frames) =>
    process.stdout.write(
      `\n${title}\n${rows.map((r) => `  ${r.pct.toFixed(1).padStart(5)} %  ${r.frame}`).join('\n')}\n`,
    );
  print(`top self time under load, % of busy samples (${join(dir, file)}):`, frames.slice(0, 25));
  print('top self time, ours (dist/src, dist/libs):', frames.filter((f) => f.ours).slice(0, 20));
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
