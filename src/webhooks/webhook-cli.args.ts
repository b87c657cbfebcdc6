import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';

export class UsageError extends Error {}

/** `--name value` pairs among `allowed` (each at most once); anything else is a usage error. */
export function parseFlags(argv: string[], allowed: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z-]+)$/.exec(args[i]);
    if (!m || !allowed.includes(m[1])) throw new UsageError(`unknown argument: ${args[i]}`);
    const value = args[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${m[1]} needs a value`);
    if (m[1] in out) throw new UsageError(`--${m[1]} given twice`);
    out[m[1]] = value;
  }
  return out;
}

/**
 * WEBHOOK_HMAC_SECRET from the environment, else from the env file (--env-file, which must exist, or ./.env when
 * present). The CLIs and the server must agree on it, or the URLs and secrets they print are of no use.
 */
export function webhookSecretFrom(env: NodeJS.ProcessEnv, envFile: string | undefined): string {
  let fileVars: Record<string, string> = {};
  if (envFile !== undefined) {
    try {
      fileVars = parseDotenv(readFileSync(resolve(env.INIT_CWD ?? process.cwd(), envFile), 'utf8'));
    } catch {
      throw new UsageError(`cannot read --env-file ${envFile}`);
    }
  } else {
    try {
      fileVars = parseDotenv(readFileSync(resolve(env.INIT_CWD ?? process.cwd(), '.env'), 'utf8'));
    } catch {
      fileVars = {};
    }
  }
  const secret = (env.WEBHOOK_HMAC_SECRET ?? fileVars.WEBHOOK_HMAC_SECRET ?? '').trim();
  if (secret.length < 32) throw new Error('WEBHOOK_HMAC_SECRET is not set (32+ characters) in the environment or .env');
  return secret;
}

/** Runs a CLI: its output alone on stdout; usage errors on stderr with exit 2, other errors exit 1. */
export function runCli(usage: string, main: () => string): void {
  try {
    process.stdout.write(`${main()}\n`);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message ? `error: ${err.message}\n` : ''}${usage}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
