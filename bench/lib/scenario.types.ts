import type { BenchContext } from './bench.context';

/** One of the targets next to the figure that judges it. */
export interface TargetCheck {
  target: string;
  figure: string;
  pass: boolean;
}

/** What a scenario hands back: its JSON (bench/results/<slug>.json), its Markdown and its target checks. */
export interface ScenarioOutcome {
  id: number;
  slug: string;
  title: string;
  /** Markdown lines (a table and a few notes). */
  markdown: string[];
  checks: TargetCheck[];
  data: Record<string, unknown>;
}

export type Scenario = (ctx: BenchContext) => Promise<ScenarioOutcome>;

/** A Markdown table. */
export function mdTable(headers: string[], rows: Array<Array<string | number>>): string[] {
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

/** Milliseconds with two decimals ("-" when not measured). */
export const msText = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : '-');

export const check = (target: string, figure: string, pass: boolean): TargetCheck => ({ target, figure, pass });
