import { readFileSync } from 'node:fs';
import { config as loadDotenv } from 'dotenv';
import { KEY_PART } from './token-claims';
import { issueToken } from './token-issuer';

const USAGE = `usage: npm run --silent token -- --tenant <id> --provider <id>
         [--credentials '<json>' | --credentials-file <path>] [--ttl <seconds, default 3600>]
         [--session-ttl <seconds>] [--cache true|false] [--prefix <redisKeyPrefix, default: the tenant id>]
Reads MCP_TOKEN_SECRET and ENCRYPTION_KEY_HEX from the environment or .env; prints the signed JWT alone on stdout.`;

class UsageError extends Error {}

export function parseArgs(argv: string[]): Record<string, string> {
  const allowed = new Set(['tenant', 'provider', 'credentials', 'credentials-file', 'ttl', 'session-ttl', 'cache', 'prefix']);
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') throw new UsageError('');
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !allowed.has(m[1])) throw new UsageError(`unknown argument: ${arg}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${m[1]} needs a value`);
    if (m[1] in out) throw new UsageError(`--${m[1]} given twice`);
    out[m[1]] = value;
  }
  return out;
}

function int(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return Number(v);
}

export function main(argv: string[], env: NodeJS.ProcessEnv): string {
  const a = parseArgs(argv);
  if (!a.tenant || !KEY_PART.test(a.tenant)) throw new UsageError('--tenant is required and must match ^[A-Za-z0-9._-]{1,64}$');
  if (!a.provider || !/^[a-z0-9_-]{1,32}$/.test(a.provider)) throw new UsageError('--provider is required (e.g. sandbox, cora, inter)');
  if (a.credentials !== undefined && a['credentials-file'] !== undefined) throw new UsageError('use --credentials or --credentials-file, not both');
  if (a.prefix !== undefined && !KEY_PART.test(a.prefix)) throw new UsageError('--prefix must match ^[A-Za-z0-9._-]{1,64}$');
  if (a.cache !== undefined && a.cache !== 'true' && a.cache !== 'false') throw new UsageError('--cache must be true or false');
  let credentials: Record<string, unknown> | undefined;
  const rawCreds = a.credentials ?? (a['credentials-file'] !== undefined ? readCredentialsFile(a['credentials-file']) : undefined);
  if (rawCreds !== undefined) {
    try {
      credentials = JSON.parse(rawCreds);
    } catch {
      throw new UsageError('credentials are not valid JSON');
    }
    if (credentials === null || typeof credentials !== 'object' || Array.isArray(credentials)) throw new UsageError('credentials must be a JSON object');
  }
  const secret = env.MCP_TOKEN_SECRET;
  const key = env.ENCRYPTION_KEY_HEX;
  if (!secret || secret.length < 32) throw new UsageError('MCP_TOKEN_SECRET (32+ characters) must be set in the environment or .env');
  if (!key || !/^[0-9a-fA-F]{64}$/.test(key)) throw new UsageError('ENCRYPTION_KEY_HEX (64 hex characters) must be set in the environment or .env');
  return issueToken({
    secret,
    encryptionKeyHex: key,
    tenantId: a.tenant,
    providerId: a.provider,
    credentials,
    ttlSeconds: int('ttl', a.ttl, 60, maxTtl(env)) ?? Math.min(3600, maxTtl(env)),
    sessionTtlSeconds: int('session-ttl', a['session-ttl'], 60, 86400),
    cacheEnabled: a.cache === undefined ? undefined : a.cache === 'true',
    redisKeyPrefix: a.prefix,
    issuer: env.TOKEN_ISSUER || undefined,
    audience: env.TOKEN_AUDIENCE || undefined,
  });
}

/** The server refuses tokens living longer than TOKEN_MAX_TTL_SECONDS (default 3600): never mint one. */
function maxTtl(env: NodeJS.ProcessEnv): number {
  const raw = env.TOKEN_MAX_TTL_SECONDS;
  return raw && /^\d+$/.test(raw) ? Math.min(86400, Math.max(60, Number(raw))) : 3600;
}

function readCredentialsFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read --credentials-file ${path}`);
  }
}

if (require.main === module || process.argv[1] === __filename) {
  loadDotenv({ quiet: true });
  try {
    process.stdout.write(`${main(process.argv.slice(2), process.env)}\n`);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message ? `error: ${err.message}\n` : ''}${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
