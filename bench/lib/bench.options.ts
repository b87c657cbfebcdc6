import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The scenarios of issue 18, by number (`--only 1,3`). */
export const SCENARIOS = [1, 2, 3, 4, 5] as const;

export interface BenchOptions {
  quick: boolean;
  /** Scenario numbers to run, in order. */
  only: number[];
  /** Seconds per measured run. */
  seconds: number;
  /** Alternating rounds per comparison (the median is reported). */
  rounds: number;
  warmupSeconds: number;
  /** Connections of the saturation runs (cached read, MCP, sandbox creates). */
  connections: number;
  /** Connections of the Cora create comparison (few: it measures latency, not throughput). */
  createConnections: number;
  soakSeconds: number;
  /** RSS sampling interval during the soak. */
  sampleSeconds: number;
  coldStarts: number;
  /** Extra node flags for every gateway process (`--node-flag --max-semi-space-size=16`, repeatable). */
  gatewayNodeFlags: string[];
  /** Where bench/results/<scenario>.json go (quick runs: a temporary folder). */
  resultsDir: string;
  /** The Markdown file whose generated section is rewritten; undefined: print it only. */
  markdownFile?: string;
}

const USAGE = `usage: npm run bench -- [--quick] [--only 1,3] [--seconds N] [--rounds N] [--warmup N] [--connections N]
  [--create-connections N] [--soak-seconds N] [--sample-seconds N] [--cold-starts N] [--node-flag F]... [--md FILE]
Scenarios: 1 cached read vs node:http (LOG_LEVEL info and silent), 2 keyed creates (sandbox; Cora simulator vs direct),
3 MCP tools/call get_charge vs REST, 4 fixed rate at 25/50/80 % of saturation, 5 memory soak and cold start.
A full run (every scenario, no --quick) writes bench/results/<scenario>.json and the generated section of
BENCHMARKS.md. --quick, --only or --node-flag (node flags for every gateway: an experiment) print the section
(--md FILE writes it there) and write their JSON to a temporary folder.`;

function positive(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!value || !Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number\n${USAGE}`);
  return n;
}

/** Parses the command line: `--flag value` pairs and the `--quick` switch. */
export function parseOptions(argv: string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const o: BenchOptions = {
    quick,
    only: [...SCENARIOS],
    seconds: quick ? 2 : 10,
    rounds: quick ? 1 : 3,
    warmupSeconds: quick ? 1 : 3,
    connections: 50,
    createConnections: 1,
    soakSeconds: quick ? 15 : 600,
    sampleSeconds: quick ? 3 : 10,
    coldStarts: quick ? 2 : 5,
    gatewayNodeFlags: [],
    resultsDir: 'bench/results',
  };
  let partial = quick;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--quick') continue;
    if (flag === '--help' || flag === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    const value = argv[++i];
    if (flag === '--only') {
      const picked = (value ?? '').split(',').map(Number);
      if (!picked.length || picked.some((n) => !SCENARIOS.includes(n as (typeof SCENARIOS)[number])))
        throw new Error(`--only takes scenario numbers among ${SCENARIOS.join(',')}\n${USAGE}`);
      o.only = SCENARIOS.filter((n) => picked.includes(n));
      partial ||= o.only.length < SCENARIOS.length;
    } else if (flag === '--seconds') o.seconds = positive(flag, value);
    else if (flag === '--rounds') o.rounds = Math.round(positive(flag, value));
    else if (flag === '--warmup') o.warmupSeconds = positive(flag, value);
    else if (flag === '--connections') o.connections = Math.round(positive(flag, value));
    else if (flag === '--create-connections') o.createConnections = Math.round(positive(flag, value));
    else if (flag === '--soak-seconds') o.soakSeconds = positive(flag, value);
    else if (flag === '--sample-seconds') o.sampleSeconds = positive(flag, value);
    else if (flag === '--cold-starts') o.coldStarts = Math.round(positive(flag, value));
    else if (flag === '--node-flag') {
      if (!value?.startsWith('--')) throw new Error(`--node-flag needs a node option such as --max-semi-space-size=16`);
      o.gatewayNodeFlags.push(value);
      partial = true;
    } else if (flag === '--md') {
      if (!value) throw new Error(`--md needs a file\n${USAGE}`);
      o.markdownFile = value;
    } else throw new Error(`unknown argument: ${flag}\n${USAGE}`);
  }
  if (partial) o.resultsDir = join(tmpdir(), 'mcpcob-bench-results');
  else o.markdownFile ??= 'BENCHMARKS.md';
  return o;
}
