import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The reliability suite's figures. Each spec records its totals once (afterAll); the e2e project's global setup names
 * one JSON-lines file per jest run (RELIABILITY_FIGURES_FILE, inherited by the workers) and its global teardown prints
 * one table when a reliability spec wrote to it.
 */
export interface SuiteFigures {
  requests: number;
  faultsInjected?: number;
  /** Every 5xx answer seen (in fault suites most are the documented 503/502/504). */
  fiveXx?: number;
  /** 5xx answers the contract did not allow (always 0 in a green run). */
  unexpected5xx?: number;
  duplicateCharges?: number;
  leakedCanaries?: number;
  [other: string]: number | string | undefined;
}

export const FIGURES_FILE_ENV = 'RELIABILITY_FIGURES_FILE';

export function newFiguresFile(): string {
  return join(tmpdir(), `reliability-figures-${process.pid}-${Date.now().toString(36)}.jsonl`);
}

/** Prints the figures (as before) and appends them to the run's file. */
export function recordFigures(suite: string, figures: SuiteFigures): void {
  console.log(`[reliability] ${suite}: ${JSON.stringify(figures)}`);
  const file = process.env[FIGURES_FILE_ENV];
  if (file) appendFileSync(file, `${JSON.stringify({ suite, ...figures })}\n`);
}

const COLUMNS: Array<[keyof SuiteFigures, string]> = [
  ['requests', 'Requests'],
  ['faultsInjected', 'Faults injected'],
  ['fiveXx', '5xx seen'],
  ['unexpected5xx', 'Unexpected 5xx'],
  ['duplicateCharges', 'Duplicate charges'],
  ['leakedCanaries', 'Leaked canaries'],
];

/** The figures of a run as one Markdown table (numbers summed per suite), or undefined when none was recorded. */
export function figuresTable(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const suites = new Map<string, Record<string, number | string>>();
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const { suite, ...figures } = JSON.parse(line) as { suite: string } & Record<string, number | string>;
    const row = suites.get(suite) ?? {};
    for (const [k, v] of Object.entries(figures))
      row[k] = typeof v === 'number' && typeof row[k] === 'number' ? (row[k] as number) + v : v;
    suites.set(suite, row);
  }
  if (suites.size === 0) return undefined;
  const known = new Set<string>(COLUMNS.map(([k]) => String(k)));
  const cell = (v: number | string | undefined) => (v === undefined ? '–' : v.toLocaleString('en-US'));
  const lines = [
    `| Suite | ${COLUMNS.map(([, title]) => title).join(' | ')} | Other |`,
    `|---|${COLUMNS.map(() => '---').join('|')}|---|`,
  ];
  for (const [suite, row] of suites) {
    const other = Object.entries(row)
      .filter(([k]) => !known.has(k))
      .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`)
      .join(', ');
    lines.push(`| ${suite} | ${COLUMNS.map(([k]) => cell(row[String(k)])).join(' | ')} | ${other} |`);
  }
  return lines.join('\n');
}
