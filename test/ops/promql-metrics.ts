const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/**
 * Metric names a PromQL expression reads (good enough for our dashboards and rules): label
 * matchers, range selectors, grouping clauses, strings and function calls are removed first.
 */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)) {
    const word = m[1];
    if (KEYWORDS.has(word.toLowerCase()) || word.startsWith('$')) continue;
    names.add(word);
  }
  return [...names];
}

/** Metric families (and their _bucket/_sum/_count series) present in a Prometheus text exposition. */
export function exposedSeriesNames(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (!type) continue;
    out.add(type[1]);
    if (type[2] === 'histogram') for (const s of ['_bucket', '_sum', '_count']) out.add(type[1] + s);
  }
  return out;
}
