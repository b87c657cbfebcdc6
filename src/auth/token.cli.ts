import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BANKS } from '@lib/providers';
import { parse as parseDotenv } from 'dotenv';
import { CREDENTIALS_REF_NAME } from './credentials-ref.resolver';
import { KEY_PART, TOKEN_SCOPES } from './token-claims';
import { issueRefreshToken, issueToken } from './token-issuer';

const USAGE = `usage: npm run --silent token -- --tenant <id> --provider <id>
         [--credentials '<json>' | --credentials-file <path> | --credentials-ref <name in CREDENTIALS_DIR>]
         [--ttl <seconds, default 3600>]
         [--session-ttl <seconds>] [--cache true|false] [--prefix <redisKeyPrefix, default: the tenant id>]
         [--scope "<space-separated: charges:read charges:write charges:cancel webhooks:manage>"]
         [--max-amount-cents <largest charge, cents>]
         [--refresh [--refresh-ttl <seconds, default REFRESH_TOKEN_MAX_TTL_SECONDS or 2592000>]]
         [--env-file <path, default .env>]
Reads MCP_TOKEN_SECRET and ENCRYPTION_KEY_HEX (and TOKEN_MAX_TTL_SECONDS, TOKEN_ISSUER, TOKEN_AUDIENCE) from the
environment or the env file: .env when present, or the --env-file given (which must exist). Variables already set in
the environment win over the file, as with dotenv. File paths are relative to the directory npm was run from.
Prints the signed JWT alone on stdout; with --refresh, a refresh token instead (exchange it at POST /oauth/token with
grant_type=refresh_token for access tokens; it rotates on each use and expires --refresh-ttl after now, absolutely). Run with node directly, put -- before the arguments
(node dist/src/auth/token.cli.js -- --env-file <path> ...): node exits on an --env-file it sees before a --.`;

/** The env file read when --env-file is not given; it may be missing. */
const DEFAULT_ENV_FILE = '.env';

class UsageError extends Error {}

export function parseArgs(argv: string[]): Record<string, string> {
  const allowed = new Set([
    'tenant',
    'provider',
    'credentials',
    'credentials-file',
    'credentials-ref',
    'ttl',
    'session-ttl',
    'cache',
    'prefix',
    'scope',
    'max-amount-cents',
    'refresh',
    'refresh-ttl',
    'env-file',
  ]);
  /** Flags that take no value. */
  const flags = new Set(['refresh']);
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    // `npm run token` passes the arguments after a `--`: node itself checks (and exits 9 on a missing file) every
    // `--env-file` it sees before one (nodejs/node#54232).
    if (arg === '--') continue;
    if (arg === '--help' || arg === '-h') throw new UsageError('');
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !allowed.has(m[1])) throw new UsageError(`unknown argument: ${arg}`);
    const value = flags.has(m[1]) ? (m[2] ?? 'true') : (m[2] ?? argv[++i]);
    if (value === undefined) throw new UsageError(`--${m[1]} needs a value`);
    if (m[1] in out) throw new UsageError(`--${m[1]} given twice`);
    out[m[1]] = value;
  }
  return out;
}

function int(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return Number(v);
}

/**
 * Mints a token from the arguments. `processEnv` is the process environment; the env file (--env-file, else `defaultEnvFile`
 * when given and present) fills in the variables it lacks.
 */
export function main(argv: string[], processEnv: NodeJS.ProcessEnv, defaultEnvFile?: string): string {
  const a = parseArgs(argv);
  const envFile = a['env-file'] ?? defaultEnvFile;
  const fileEnv =
    a['env-file'] !== undefined
      ? readEnvFile(userPath(a['env-file'], processEnv))
      : defaultEnvFile !== undefined
        ? readOptionalEnvFile(defaultEnvFile)
        : {};
  const env: NodeJS.ProcessEnv = { ...fileEnv, ...processEnv };
  const where = `the environment${envFile === undefined ? '' : ` or ${envFile}`}`;
  if (!a.tenant || !KEY_PART.test(a.tenant))
    throw new UsageError('--tenant is required and must match ^[A-Za-z0-9._-]{1,64}$');
  if (!a.provider || !/^[a-z0-9_-]{1,32}$/.test(a.provider))
    throw new UsageError(`--provider is required (one of ${BANKS.map((b) => b.settings.providerId).join(', ')})`);
  if ([a.credentials, a['credentials-file'], a['credentials-ref']].filter((v) => v !== undefined).length > 1)
    throw new UsageError('use one of --credentials, --credentials-file and --credentials-ref');
  if (a['credentials-ref'] !== undefined && !CREDENTIALS_REF_NAME.test(a['credentials-ref']))
    throw new UsageError('--credentials-ref must match ^[A-Za-z0-9._-]{1,64}$');
  if (a.prefix !== undefined && !KEY_PART.test(a.prefix))
    throw new UsageError('--prefix must match ^[A-Za-z0-9._-]{1,64}$');
  if (a.cache !== undefined && a.cache !== 'true' && a.cache !== 'false')
    throw new UsageError('--cache must be true or false');
  const scope = a.scope === undefined ? undefined : a.scope.trim().split(/\s+/).join(' ');
  const badScope = scope?.split(' ').find((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
  if (badScope !== undefined)
    throw new UsageError(`--scope takes space-separated scopes among ${TOKEN_SCOPES.join(', ')} (got "${badScope}")`);
  let credentials: Record<string, unknown> | undefined;
  const rawCreds =
    a.credentials ??
    (a['credentials-file'] !== undefined
      ? readCredentialsFile(userPath(a['credentials-file'], processEnv), a['credentials-file'])
      : undefined);
  if (rawCreds !== undefined) {
    try {
      credentials = JSON.parse(rawCreds);
    } catch {
      throw new UsageError('credentials are not valid JSON');
    }
    if (credentials === null || typeof credentials !== 'object' || Array.isArray(credentials))
      throw new UsageError('credentials must be a JSON object');
  }
  const secret = env.MCP_TOKEN_SECRET;
  const key = env.ENCRYPTION_KEY_HEX;
  if (!secret || secret.length < 32) throw new UsageError(`MCP_TOKEN_SECRET (32+ characters) must be set in ${where}`);
  if (!key || !/^[0-9a-fA-F]{64}$/.test(key))
    throw new UsageError(`ENCRYPTION_KEY_HEX (64 hex characters) must be set in ${where}`);
  if (a.refresh !== undefined && a.refresh !== 'true') throw new UsageError('--refresh takes no value');
  if (a['refresh-ttl'] !== undefined && a.refresh === undefined)
    throw new UsageError('--refresh-ttl only goes with --refresh');
  const options = {
    encryptionKeyHex: key,
    tenantId: a.tenant,
    providerId: a.provider,
    credentials,
    credentialsRef: a['credentials-ref'],
    ttlSeconds: int('ttl', a.ttl, 60, maxTtl(env)) ?? Math.min(3600, maxTtl(env)),
    sessionTtlSeconds: int('session-ttl', a['session-ttl'], 60, 86400),
    cacheEnabled: a.cache === undefined ? undefined : a.cache === 'true',
    redisKeyPrefix: a.prefix,
    scope,
    maxAmountCents: int('max-amount-cents', a['max-amount-cents'], 1, Number.MAX_SAFE_INTEGER),
    issuer: env.TOKEN_ISSUER || undefined,
    audience: env.TOKEN_AUDIENCE || undefined,
  };
  if (a.refresh !== undefined) {
    const maxRefresh = envInt(env.REFRESH_TOKEN_MAX_TTL_SECONDS, 2592000, 3600, 31536000);
    return issueRefreshToken({
      ...options,
      refreshTtlSeconds: int('refresh-ttl', a['refresh-ttl'], 60, maxRefresh) ?? maxRefresh,
    });
  }
  return issueToken({ secret, ...options });
}

/** An integer variable of the server's configuration, clamped as the server would refuse it otherwise. */
function envInt(raw: string | undefined, def: number, min: number, max: number): number {
  return raw && /^\d+$/.test(raw) ? Math.min(max, Math.max(min, Number(raw))) : def;
}

/** The server refuses tokens living longer than TOKEN_MAX_TTL_SECONDS (default 3600): never mint one. */
function maxTtl(env: NodeJS.ProcessEnv): number {
  const raw = env.TOKEN_MAX_TTL_SECONDS;
  return raw && /^\d+$/.test(raw) ? Math.min(86400, Math.max(60, Number(raw))) : 3600;
}

/**
 * A path given on the command line, relative to where the user ran `npm run` (npm runs scripts in the package root and
 * says where it was called from in INIT_CWD).
 */
function userPath(path: string, env: NodeJS.ProcessEnv): string {
  return resolve(env.INIT_CWD || process.cwd(), path);
}

/** --env-file: the file must be readable (a typo must not silently fall back to other secrets). */
function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read --env-file ${path}`);
  }
  return parseDotenv(text);
}

/** The default .env: optional, as `dotenv.config()` treats it. */
function readOptionalEnvFile(path: string): Record<string, string> {
  try {
    return parseDotenv(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
}

function readCredentialsFile(path: string, given: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read --credentials-file ${given}`);
  }
}

if (require.main === module || process.argv[1] === __filename) {
  try {
    process.stdout.write(`${main(process.argv.slice(2), process.env, DEFAULT_ENV_FILE)}\n`);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message ? `error: ${err.message}\n` : ''}${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
