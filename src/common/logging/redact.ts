/** Keys whose values never reach a log line, wherever they appear in a logged object. */
export const SECRET_KEY =
  /authorization|cookie|credential|token|secret|password|passwd|passphrase|private_?key|privatekey|api_?key|access_?key|encryption_?key|signing_?key|key_?hex|hmac|client_?secret|certificate|signature|envelope|^keys?$|[_-]keys?$/i;
/** camelCase names ending in Key (`encryptionKey`, `accessKey`): case-sensitive so `monkey` or `turkey` stay. */
const CAMEL_KEY = /[a-z0-9]Keys?$/;
export const REDACTED = '[REDACTED]';

/**
 * Secrets that show up inside free text (error messages, URLs): JWTs, Bearer/Basic credentials, our sealed
 * envelopes, URL user-info (`rediss://user:pass@host`) and `password=...`-style pairs.
 */
const SECRET_TEXT =
  /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*|\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}|\bv1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}|(?<=[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]*(?=@)|(?<=\b(?:password|passwd|pwd|secret|token|api[_-]?key|client[_-]?secret|access[_-]?key)["']?\s*[=:]\s*["']?)[^\s"',;&]+/gi;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) || CAMEL_KEY.test(key);
}

/** Replaces secrets found inside a string (returns the same string when there are none). */
export function redactText(text: string): string {
  SECRET_TEXT.lastIndex = 0;
  if (!SECRET_TEXT.test(text)) return text;
  SECRET_TEXT.lastIndex = 0;
  return text.replace(SECRET_TEXT, REDACTED);
}

/** Returns a copy of `value` with every secret-looking key's value, and secrets inside strings, replaced (depth-bounded, cycle-safe). */
export function redactDeep(value: unknown, depth = 0, seen?: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth === 0 && isFlatAndClean(value)) return value; // the hot path: per-request log lines
  seen ??= new WeakSet<object>();
  if (depth > 8 || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1, seen));
  if (value instanceof Error)
    return {
      name: value.name,
      message: redactText(value.message),
      stack: value.stack === undefined ? undefined : redactText(value.stack),
    };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isSecretKey(k) ? REDACTED : redactDeep(v, depth + 1, seen);
  }
  return out;
}

/** True when no key looks secret, no value is an object and no string holds a secret: nothing to copy or redact. */
function isFlatAndClean(value: object): boolean {
  if (Array.isArray(value) || value instanceof Error) return false;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if ((v !== null && typeof v === 'object') || isSecretKey(key)) return false;
    if (typeof v === 'string' && redactText(v) !== v) return false;
  }
  return true;
}
