import { randomBytes } from 'node:crypto';
import type { AppConfig } from './app-config.types';
import { BANK_BASE_URLS, BANK_DOCUMENT_ORIGINS, ENV_VARS } from './env-vars';

export type { AppConfig, WebhookSettings } from './app-config.types';
export { ENV_VARS, type EnvVarSpec } from './env-vars';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const WEAK_SECRETS = /^(changeme|secret|password|test|example|default|placeholder|<.*>)/i;

/**
 * Variables the gateway does not read but receives from the same env file (docker-compose-final.yml hands
 * `.env.production` to both services): a placeholder left in them is refused at boot too.
 */
export const COMPANION_VARS = ['REDIS_PASSWORD'];

/**
 * Placeholders of the shipped examples: `<openssl rand -hex 24>`, `<same as REDIS_PASSWORD>`, `<password>`, and the
 * usual change-me / replace-me / your-... stand-ins. Checked in production on every variable, anywhere in the value.
 */
const PLACEHOLDER = /<[^<>]*>|(?:^|[^a-z0-9])(?:change|replace)[-_ ]?me(?![a-z0-9])|(?:^|[^a-z0-9])your[-_][a-z0-9]/i;
/** Stand-in passwords of URL user-info in the examples (`redis://default:password@…`): exact matches only. */
const PLACEHOLDER_URL_PASSWORD = /^(password|passwd|secret)$/i;

/**
 * Why a value is a placeholder of the shipped examples (never quoting the value, which may be a secret), or
 * undefined. URLs are also checked on their decoded user-info, since `new URL` percent-encodes `<` and `>`.
 */
export function placeholderProblem(value: string): string | undefined {
  if (PLACEHOLDER.test(value))
    return 'still holds a placeholder of the example files (`<...>`, change-me, your-...): set the real value';
  let userinfo: { username: string; password: string } | undefined;
  try {
    const u = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? new URL(value) : undefined;
    if (u && (u.username || u.password)) userinfo = { username: u.username, password: u.password };
  } catch {
    return undefined;
  }
  if (!userinfo) return undefined;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const username = decode(userinfo.username);
  const password = decode(userinfo.password);
  if (PLACEHOLDER.test(username) || PLACEHOLDER.test(password) || PLACEHOLDER_URL_PASSWORD.test(password)) {
    return 'carries a placeholder in its URL user-info (`<...>`, change-me, password...): set the real password';
  }
  return undefined;
}

/** Thrown by loadConfig with every problem of the environment at once (`problems`, one line each). */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'ConfigValidationError';
  }
}

type Env = Record<string, string | undefined>;

/** Parses and validates the environment; throws one ConfigValidationError listing every problem. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const generated: string[] = [];
  /** Variables already reported as placeholders (production). */
  const placeholders = new Set<string>();
  const get = (name: string): string | undefined => {
    if (placeholders.has(name)) return undefined;
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const nodeEnv = get('NODE_ENV') ?? 'development';
  const production = nodeEnv === 'production';
  if (production) {
    // One problem per variable; the variable then counts as unset for the checks below, so the list does not
    // also say "too short" or "required" about it.
    for (const name of [...ENV_VARS.map((v) => v.name), ...COMPANION_VARS]) {
      const raw = env[name];
      const problem = raw === undefined ? undefined : placeholderProblem(raw);
      if (problem) {
        problems.push(`${name} ${problem}`);
        placeholders.add(name);
      }
    }
  }

  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return def;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw.slice(0, 20)}")`);
      return def;
    }
    return Number(raw);
  };
  const bool = (name: string, def: boolean): boolean => {
    const raw = get(name);
    if (raw === undefined) return def;
    if (/^(true|1|yes)$/i.test(raw)) return true;
    if (/^(false|0|no)$/i.test(raw)) return false;
    problems.push(`${name} must be true or false (got "${raw.slice(0, 20)}")`);
    return def;
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      problems.push(`${name} must be a URL with scheme ${protocols.map((p) => p.replace(':', '://')).join(' or ')}`);
      return undefined;
    }
  };
  /** A comma-separated list of http(s) origins (scheme, host, optional port; nothing else), normalized. */
  const origins = (name: string): string[] | undefined => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    const parsed = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((o) => {
        try {
          const u = new URL(o);
          const bare = !u.username && !u.password && u.pathname === '/' && !u.search && !u.hash;
          return ['https:', 'http:'].includes(u.protocol) && bare ? u.origin : undefined;
        } catch {
          return undefined;
        }
      });
    if (parsed.every((o): o is string => o !== undefined)) return parsed;
    problems.push(`${name} must be comma-separated origins such as https://host or https://host:port`);
    return undefined;
  };
  const secret = (
    name: string,
    check: (v: string) => string | undefined,
    generate: () => string,
    required: boolean,
  ): string => {
    const raw = get(name);
    if (placeholders.has(name)) return '';
    if (raw === undefined) {
      if (production && required) {
        problems.push(`${name} is required in production`);
        return '';
      }
      if (!required) return '';
      generated.push(name);
      return generate();
    }
    const problem = check(raw) ?? (production && WEAK_SECRETS.test(raw) ? 'looks like a placeholder' : undefined);
    if (problem) problems.push(`${name} ${problem}`);
    return raw;
  };
  const strongText = (v: string) => (v.length < 32 ? `must be at least 32 characters (got ${v.length})` : undefined);
  const hexKey = (v: string) =>
    /^[0-9a-fA-F]{64}$/.test(v) ? undefined : 'must be exactly 64 hex characters (openssl rand -hex 32)';

  const redisMode = (get('REDIS_MODE') ?? 'standalone').toLowerCase();
  if (!['standalone', 'cluster', 'sentinel'].includes(redisMode))
    problems.push('REDIS_MODE must be standalone, cluster or sentinel');
  const redisNodes = (name: string): Array<{ host: string; port: number }> => {
    const nodes: Array<{ host: string; port: number }> = [];
    for (const item of (get(name) ?? '').split(',').map((s) => s.trim())) {
      if (!item) continue;
      const m = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(item);
      if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
        problems.push(`${name} must be comma-separated host:port (got "${item.slice(0, 40)}")`);
        continue;
      }
      nodes.push({ host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) });
    }
    return nodes;
  };
  if ((redisMode === 'cluster' || redisMode === 'sentinel') && get('REDIS_URL') === undefined)
    problems.push(`REDIS_MODE=${redisMode} needs REDIS_URL`);
  if (redisMode === 'sentinel' && get('REDIS_SENTINELS') === undefined)
    problems.push('REDIS_MODE=sentinel needs REDIS_SENTINELS');
  const globalPrefix = get('REDIS_GLOBAL_PREFIX') ?? 'mcpcob';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(globalPrefix))
    problems.push('REDIS_GLOBAL_PREFIX must match ^[A-Za-z0-9._-]{1,64}$');
  const logLevel = (get('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const httpAdapter = (get('HTTP_ADAPTER') ?? 'fastify').toLowerCase();
  if (httpAdapter !== 'express' && httpAdapter !== 'fastify') problems.push('HTTP_ADAPTER must be express or fastify');

  const tokenSecret = secret('MCP_TOKEN_SECRET', strongText, () => randomBytes(32).toString('base64url'), true);
  const tokenSecretPrevious = get('MCP_TOKEN_SECRET_PREVIOUS');
  if (tokenSecretPrevious !== undefined && strongText(tokenSecretPrevious))
    problems.push(`MCP_TOKEN_SECRET_PREVIOUS ${strongText(tokenSecretPrevious)}`);
  const encryptionKeyHex = secret('ENCRYPTION_KEY_HEX', hexKey, () => randomBytes(32).toString('hex'), true);
  const encryptionKeyHexPrevious = get('ENCRYPTION_KEY_HEX_PREVIOUS');
  if (encryptionKeyHexPrevious !== undefined && hexKey(encryptionKeyHexPrevious))
    problems.push(`ENCRYPTION_KEY_HEX_PREVIOUS ${hexKey(encryptionKeyHexPrevious)}`);
  const webhookHmacSecret = secret(
    'WEBHOOK_HMAC_SECRET',
    strongText,
    () => randomBytes(32).toString('base64url'),
    true,
  );
  const metricsToken = get('METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16)
    problems.push('METRICS_TOKEN must be at least 16 characters');

  const config: AppConfig = {
    port: int('PORT', 3000, 0, 65535),
    host: get('HOST') ?? '0.0.0.0',
    nodeEnv,
    production,
    logLevel: logLevel as AppConfig['logLevel'],
    httpAdapter: httpAdapter as AppConfig['httpAdapter'],
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    idempotencyRedisUrl: url('IDEMPOTENCY_REDIS_URL', ['redis:', 'rediss:']),
    redisMode: redisMode as AppConfig['redisMode'],
    redisNodes: redisNodes(redisMode === 'sentinel' ? 'REDIS_SENTINELS' : 'REDIS_CLUSTER_NODES'),
    redisCommandTimeoutMs: int('REDIS_COMMAND_TIMEOUT_MS', 250, 10, 10000),
    redisGlobalPrefix: globalPrefix,
    tokenSecret,
    tokenSecretPrevious,
    encryptionKeyHex: encryptionKeyHex.toLowerCase(),
    encryptionKeyHexPrevious: encryptionKeyHexPrevious?.toLowerCase(),
    webhookHmacSecret,
    tokenMaxTtlSeconds: int('TOKEN_MAX_TTL_SECONDS', 3600, 60, 86400),
    tokenIssuer: get('TOKEN_ISSUER'),
    tokenAudience: get('TOKEN_AUDIENCE'),
    refreshTokenMaxTtlSeconds: int('REFRESH_TOKEN_MAX_TTL_SECONDS', 2592000, 3600, 31536000),
    publicBaseUrl: url('PUBLIC_BASE_URL', ['https:', 'http:'])?.replace(/\/+$/, ''),
    oauthClientMetadataAllowedHosts: (get('OAUTH_CLIENT_METADATA_ALLOWED_HOSTS') ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    requireSealedCredentials: bool('REQUIRE_SEALED_CREDENTIALS', production),
    rateLimit: int('RATE_LIMIT', 200, 1, 1_000_000),
    rateLimitWindowSeconds: int('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86400),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 102400, 1024, 10 * 1024 * 1024),
    sandboxEnabled: bool('SANDBOX_ENABLED', !production),
    idempotencyTtlSeconds: int('IDEMPOTENCY_TTL_SECONDS', 86400, 60, 30 * 86400),
    chargeCacheTtlSeconds: int('CHARGE_CACHE_TTL_SECONDS', 30, 1, 86400),
    providerTimeoutMs: int('PROVIDER_TIMEOUT_MS', 10000, 100, 120000),
    providerCaCertsFile: get('PROVIDER_CA_CERTS_FILE'),
    credentialsDir: get('CREDENTIALS_DIR'),
    providerBaseUrls: Object.fromEntries(BANK_BASE_URLS.map((v) => [v.providerId, url(v.name, ['https:', 'http:'])])),
    providerDocumentOrigins: Object.fromEntries(BANK_DOCUMENT_ORIGINS.map((v) => [v.providerId, origins(v.name)])),
    metricsToken,
    mcpAllowedOrigins: (get('MCP_ALLOWED_ORIGINS') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    shutdownDrainMs: int('SHUTDOWN_DRAIN_MS', 5000, 0, 120000),
    webhooks: {
      forwardUrl: url('WEBHOOK_FORWARD_URL', ['https:', 'http:']),
      allowedHosts: (get('WEBHOOK_ALLOWED_HOSTS') ?? '')
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
      timeoutMs: int('WEBHOOK_TIMEOUT_MS', 5000, 100, 60000),
      maxAttempts: int('WEBHOOK_MAX_ATTEMPTS', 8, 1, 50),
      backoffBaseMs: int('WEBHOOK_BACKOFF_BASE_MS', 2000, 10, 3600000),
      deadLetterTtlSeconds: int('WEBHOOK_DEAD_LETTER_TTL_SECONDS', 604800, 60, 90 * 86400),
      concurrency: int('WEBHOOK_CONCURRENCY', 8, 1, 256),
      rateLimitPerMinute: int('WEBHOOK_RATE_LIMIT', 600, 1, 1_000_000),
    },
    generatedSecrets: generated,
  };
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
}
