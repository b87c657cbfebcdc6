/** Keys whose values never reach a log line, wherever they appear in a logged object. */
export const SECRET_KEY = /authorization|cookie|credential|token|secret|password|passphrase|private_?key|privatekey|api_?key|client_?secret|certificate|signature|envelope/i;
export const REDACTED = '[REDACTED]';

/** Returns a copy of `value` with every secret-looking key's value replaced (depth-bounded, cycle-safe). */
export function redactDeep(value: unknown, depth = 0, seen?: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth === 0 && isFlatAndClean(value)) return value; // the hot path: per-request log lines
  seen ??= new WeakSet<object>();
  if (depth > 8 || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1, seen));
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) ? REDACTED : redactDeep(v, depth + 1, seen);
  }
  return out;
}

/** True when no key looks secret and no value is an object: nothing to copy or redact. */
function isFlatAndClean(value: object): boolean {
  if (Array.isArray(value) || value instanceof Error) return false;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if ((v !== null && typeof v === 'object') || SECRET_KEY.test(key)) return false;
  }
  return true;
}
