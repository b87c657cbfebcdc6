/**
 * `npm run bench`: every benchmark of issue 18 in one run (see BENCHMARKS.md and `npm run bench -- --help`).
 *
 *   npm run build && npm run bench              # full run: writes bench/results/*.json and BENCHMARKS.md
 *   npm run bench -- --quick                    # smoke check: short runs, 15 s soak, prints the section only
 *   npm run bench -- --only 1,3                 # some scenarios only
 *
 * Needs the build (dist/) and Redis (REDIS_URL, else 127.0.0.1:6379, else a redis-server it starts).
 */
import { existsSync } from 'node:fs';
import { createClient } from 'redis';
import { deleteRunKeys, testRedisUrl } from '../test/helpers/redis';
import { BenchContext, newContext } from './lib/bench.context';
import { parseOptions } from './lib/bench.options';
import { machineInfo, pinSelfToCore1 } from './lib/machine.info';
import { printChecks, renderSection, writeResults, writeSection } from './lib/report.markdown';
import type { Scenario, ScenarioOutcome } from './lib/scenario.types';
import { cachedReadScenario } from './scenarios/cached-read.scenario';
import { createScenario } from './scenarios/create.scenario';
import { fixedRateScenario } from './scenarios/fixed-rate.scenario';
import { mcpReadScenario } from './scenarios/mcp-read.scenario';
import { memoryScenario } from './scenarios/memory.scenario';

const SCENARIO_RUNNERS: Record<number, Scenario> = {
  1: cachedReadScenario,
  2: createScenario,
  3: mcpReadScenario,
  4: fixedRateScenario,
  5: memoryScenario,
};

async function redisVersion(url: string): Promise<string> {
  const client = createClient({ url });
  await client.connect();
  try {
    return /redis_version:(\S+)/.exec(await client.info('server'))?.[1] ?? 'unknown';
  } finally {
    await client.close();
  }
}

async function runAll(ctx: BenchContext): Promise<{ outcomes: ScenarioOutcome[]; failed: string[] }> {
  const outcomes: ScenarioOutcome[] = [];
  const failed: string[] = [];
  for (const n of ctx.opts.only) {
    const started = Date.now();
    process.stdout.write(`\n== scenario ${n}\n`);
    try {
      outcomes.push(await SCENARIO_RUNNERS[n](ctx));
      process.stdout.write(`  done in ${Math.round((Date.now() - started) / 1000)} s\n`);
    } catch (err) {
      failed.push(`scenario ${n}: ${(err as Error).message}`);
      process.stderr.write(`  scenario ${n} FAILED: ${(err as Error).stack}\n`);
    }
  }
  return { outcomes, failed };
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  if (!existsSync('dist/src/main.js')) throw new Error('dist/src/main.js is missing: run `npm run build` first');
  if (!pinSelfToCore1()) process.stderr.write('warning: could not pin the load generator to core 1 (taskset)\n');
  const redisUrl = await testRedisUrl();
  const ctx = newContext(opts, machineInfo(await redisVersion(redisUrl)), redisUrl);
  process.stdout.write(
    `${ctx.machine.cpuModel} x${ctx.machine.cores}, Node ${ctx.machine.node}, commit ${ctx.machine.commit}, ` +
      `load ${ctx.machine.loadAverageAtStart.join(' ')}; scenarios ${opts.only.join(',')}${opts.quick ? ' (quick)' : ''}\n`,
  );
  try {
    const { outcomes, failed } = await runAll(ctx);
    for (const o of outcomes) process.stdout.write(`wrote ${writeResults(ctx, command, o)}\n`);
    const section = renderSection(ctx, command, outcomes);
    process.stdout.write(`\n${section}\n\nTargets:\n`);
    printChecks(outcomes);
    if (opts.markdownFile && !failed.length) {
      writeSection(opts.markdownFile, section);
      process.stdout.write(`wrote the generated section of ${opts.markdownFile}\n`);
    } else if (!opts.markdownFile)
      process.stdout.write('(quick or partial run: no Markdown file written; --md FILE)\n');
    for (const f of failed) process.stderr.write(`FAILED ${f}\n`);
    return failed.length ? 1 : 0;
  } finally {
    await deleteRunKeys();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
