import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/**
 * Reads docker-compose-final.yml the way Compose v2 does for what the image test needs: `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?error}`, `${VAR?error}` and `$$` interpolation, then turns a service into `docker run`
 * arguments. Compose v2 is not installable on these machines (Debian ships only the 1.x `docker-compose`, which cannot
 * read the file), so the test runs the file's settings through plain `docker run` instead.
 */
export interface ComposeService {
  image?: string;
  build?: string;
  env_file?: string | string[];
  environment?: Record<string, string> | string[];
  command?: string[] | string;
  user?: string;
  read_only?: boolean;
  security_opt?: string[];
  cap_drop?: string[];
  cap_add?: string[];
  stop_grace_period?: string;
  restart?: string;
  volumes?: string[];
  tmpfs?: string[];
  healthcheck?: {
    test: string[] | string;
    interval?: string;
    timeout?: string;
    start_period?: string;
    retries?: number;
  };
  logging?: { driver?: string; options?: Record<string, string> };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
}

export interface ComposeFile {
  name: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export class InterpolationError extends Error {}

/** Compose's interpolation of one string against `vars`. */
export function interpolate(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])((?:[^}])*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, name, colon, op, arg, bare) => {
      if (whole === '$$') return '$';
      if (bare) return vars[bare] ?? '';
      const value = vars[name];
      const missing = colon ? value === undefined || value === '' : value === undefined;
      if (op === '-') return missing ? arg : (value as string);
      if (op === '?') {
        if (missing) throw new InterpolationError(`required variable ${name} is missing a value: ${arg}`);
        return value as string;
      }
      return value ?? '';
    },
  );
}

function deepInterpolate<T>(value: T, vars: Record<string, string | undefined>): T {
  if (typeof value === 'string') return interpolate(value, vars) as T;
  if (Array.isArray(value)) return value.map((v) => deepInterpolate(v, vars)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepInterpolate(v, vars)])) as T;
  }
  return value;
}

export function readComposeFile(path: string, vars: Record<string, string | undefined>): ComposeFile {
  return deepInterpolate(parseYaml(readFileSync(path, 'utf8')) as ComposeFile, vars);
}

/** Parses a dotenv-style file as Compose's `--env-file` does (KEY=VALUE lines, # comments). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) out[m[1]] = m[2].trim().replace(/^"(.*)"$/, '$1');
  }
  return out;
}

const seconds = (d: string | undefined): number | undefined => {
  if (!d) return undefined;
  const m = /^(\d+)(ms|s|m)?$/.exec(d);
  if (!m) throw new Error(`unsupported duration ${d}`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : n;
};

export interface RunOptions {
  name: string;
  image: string;
  /** Replaces the service's env_file (the test's filled-in copy of .env.production.example). */
  envFile?: string;
  /** Named volumes of the file mapped to the test's own throwaway volumes. */
  volumeNames?: Record<string, string>;
  /** Extra docker run flags the host-networking stand-in needs (ports, --add-host). */
  extra?: string[];
  /** Arguments appended to the service's command. */
  commandSuffix?: string[];
  /** Replaces the service's healthcheck command (CMD-SHELL string), keeping its timings. */
  healthCmd?: string;
  /** Probes more often than the file says (and no start period), so the test waits seconds rather than minutes. */
  healthInterval?: string;
}

/** `docker run` arguments carrying every setting of `service` that applies on one host. */
export function dockerRunArgs(service: ComposeService, o: RunOptions): string[] {
  const args = ['run', '-d', '--name', o.name, '--network', 'host'];
  if (service.env_file && o.envFile) args.push('--env-file', o.envFile);
  const env = service.environment ?? {};
  for (const [k, v] of Array.isArray(env) ? env.map((e) => e.split(/=(.*)/s).slice(0, 2)) : Object.entries(env))
    args.push('-e', `${k}=${v}`);
  if (service.user) args.push('--user', service.user);
  if (service.read_only) args.push('--read-only');
  for (const s of service.security_opt ?? []) args.push('--security-opt', s);
  for (const c of service.cap_drop ?? []) args.push('--cap-drop', c);
  for (const c of service.cap_add ?? []) args.push('--cap-add', c);
  for (const t of service.tmpfs ?? []) args.push('--tmpfs', t);
  if (service.restart) args.push('--restart', service.restart);
  const grace = seconds(service.stop_grace_period);
  if (grace !== undefined) args.push('--stop-timeout', String(Math.ceil(grace)));
  for (const v of service.volumes ?? []) {
    const [src, ...rest] = v.split(':');
    args.push('-v', [o.volumeNames?.[src] ?? src, ...rest].join(':'));
  }
  const hc = service.healthcheck;
  if (hc) {
    const test = Array.isArray(hc.test) ? hc.test : ['CMD-SHELL', hc.test];
    // docker run only takes a shell-form check; a CMD-form one must equal the image's HEALTHCHECK (the test checks).
    const cmd = o.healthCmd ?? (test[0] === 'CMD-SHELL' ? test[1] : undefined);
    if (cmd) args.push('--health-cmd', cmd);
    const interval = o.healthInterval ?? hc.interval;
    if (interval) args.push('--health-interval', interval);
    if (hc.timeout) args.push('--health-timeout', hc.timeout);
    if (hc.start_period && !o.healthInterval) args.push('--health-start-period', hc.start_period);
    if (hc.retries !== undefined) args.push('--health-retries', String(hc.retries));
  }
  if (service.logging?.driver) args.push('--log-driver', service.logging.driver);
  for (const [k, v] of Object.entries(service.logging?.options ?? {})) args.push('--log-opt', `${k}=${v}`);
  args.push(...(o.extra ?? []), o.image);
  const command =
    service.command === undefined
      ? []
      : Array.isArray(service.command)
        ? service.command
        : service.command.split(/\s+/);
  if (command.length || o.commandSuffix?.length) args.push(...command, ...(o.commandSuffix ?? []));
  return args;
}
