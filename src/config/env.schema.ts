import { BANKS, baseUrlOverrides, documentOriginsVars } from '@lib/providers';
import { randomBytes } from 'node:crypto';

/**
 * The one place every environment variable is declared: name, default, parser and meaning.
 * `.env.example` and the README's env table are checked against this list by a unit test.
 */
export interface AppConfig {
  port: number;
  host: string;
  nodeEnv: string;
  production: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  httpAdapter: 'express' | 'fastify';
  redisUrl?: string;
  idempotencyRedisUrl?: string;
  /** REDIS_MODE: how REDIS_URL (and IDEMPOTENCY_REDIS_URL) are reached. */
  redisMode: 'standalone' | 'cluster' | 'sentinel';
  /** REDIS_CLUSTER_NODES (cluster) or REDIS_SENTINELS (sentinel): host:port each. */
  redisNodes: Array<{ host: string; port: number }>;
  redisCommandTimeoutMs: number;
  redisGlobalPrefix: string;
  tokenSecret: string;
  tokenSecretPrevious?: string;
  encryptionKeyHex: string;
  encryptionKeyHexPrevious?: string;
  webhookHmacSecret: string;
  tokenMaxTtlSeconds: number;
  tokenIssuer?: string;
  tokenAudience?: string;
  refreshTokenMaxTtlSeconds: number;
  /** PUBLIC_BASE_URL without a trailing slash: the OAuth issuer; `${publicBaseUrl}/mcp` is the MCP resource. */
  publicBaseUrl?: string;
  oauthClientMetadataAllowedHosts: string[];
  requireSealedCredentials: boolean;
  rateLimit: number;
  rateLimitWindowSeconds: number;
  bodyLimitBytes: number;
  sandboxEnabled: boolean;
  idempotencyTtlSeconds: number;
  chargeCacheTtlSeconds: number;
  providerTimeoutMs: number;
  providerCaCertsFile?: string;
  /** CREDENTIALS_DIR: where `credentials: { "ref": "<name>" }` token claims resolve (src/auth/credentials-ref.resolver.ts). */
  credentialsDir?: string;
  /** Base-URL overrides by providerId, from the `<BANK>_BASE_URL` variables the banks declare. */
  providerBaseUrls: Record<string, string | undefined>;
  /** Allowed origins of boleto PDF links by providerId, from the `<BANK>_DOCUMENT_ORIGINS` variables the banks declare. */
  providerDocumentOrigins: Record<string, string[] | undefined>;
  metricsToken?: string;
  mcpAllowedOrigins: string[];
  shutdownDrainMs: number;
  /** WEBHOOK_* settings (src/webhooks). */
  webhooks: WebhookSettings;
  /** Secrets that were generated because they were missing (development only). */
  generatedSecrets: string[];
}

/** The webhook settings of AppConfig (WEBHOOK_* variables). */
export interface WebhookSettings {
  forwardUrl?: string;
  allowedHosts: string[];
  timeoutMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  deadLetterTtlSeconds: number;
  concurrency: number;
  /** Inbound notifications per source IP per minute. */
  rateLimitPerMinute: number;
}

export interface EnvVarSpec {
  name: string;
  default?: string;
  doc: string;
  secret?: boolean;
}

/** The base-URL overrides the banks declare in their own `<bank>.settings.ts` (libs/providers), in list order. */
const BANK_BASE_URLS = baseUrlOverrides(BANKS);
/** The document-origins variables the banks declare in their own `<bank>.settings.ts`, in list order. */
const BANK_DOCUMENT_ORIGINS = documentOriginsVars(BANKS);

/** Every variable the service reads, in the order the README and `.env.example` list them. */
export const ENV_VARS: EnvVarSpec[] = [
  { name: 'PORT', default: '3000', doc: 'TCP port the HTTP server listens on.' },
  { name: 'HOST', default: '0.0.0.0', doc: 'Interface to bind.' },
  {
    name: 'NODE_ENV',
    default: 'development',
    doc: '`production` makes every secret mandatory and strong, requires sealed credentials and turns the sandbox off.',
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    doc: 'fatal, error, warn, info, debug, trace or silent. Logs are JSON lines on stdout.',
  },
  {
    name: 'HTTP_ADAPTER',
    default: 'fastify',
    doc: '`fastify` (default: the faster hot path) or `express`, both fully supported: the HTTP platform under Nest.',
  },
  {
    name: 'REDIS_URL',
    doc: 'redis:// or rediss:// URL (user and password allowed). Unset: an in-memory store for one instance, said in the boot log.',
  },
  {
    name: 'REDIS_MODE',
    default: 'standalone',
    doc: '`standalone`, `cluster` (REDIS_URL is one seed node of a Redis Cluster) or `sentinel` (REDIS_URL is `redis[s]://[user:password@]<master name>`, found through REDIS_SENTINELS). User, password and TLS (`rediss://`) of REDIS_URL apply to every node, in every mode.',
  },
  {
    name: 'REDIS_CLUSTER_NODES',
    doc: "cluster mode: more seed nodes besides REDIS_URL's, comma-separated `host:port` (any one reachable node is enough to discover the others).",
  },
  {
    name: 'REDIS_SENTINELS',
    doc: 'sentinel mode (required): the sentinels, comma-separated `host:port`; TLS when REDIS_URL is `rediss://`.',
  },
  {
    name: 'IDEMPOTENCY_REDIS_URL',
    doc: 'Optional separate Redis (maxmemory-policy noeviction) for idempotency records; defaults to REDIS_URL.',
  },
  {
    name: 'REDIS_COMMAND_TIMEOUT_MS',
    default: '250',
    doc: 'How long a Redis command may take before it counts as failed (the request then goes on without the cache).',
  },
  {
    name: 'REDIS_GLOBAL_PREFIX',
    default: 'mcpcob',
    doc: "Prefix of service-wide keys that belong to no token (rate-limit counters by IP and tenant). Tenant keys use the token's meta.redisKeyPrefix.",
  },
  {
    name: 'MCP_TOKEN_SECRET',
    secret: true,
    doc: 'HS256 secret that signs and verifies Bearer tokens, 32+ characters. Generated per process outside production when unset.',
  },
  {
    name: 'MCP_TOKEN_SECRET_PREVIOUS',
    secret: true,
    doc: 'Previous token secret, still accepted for verification during a rotation.',
  },
  {
    name: 'ENCRYPTION_KEY_HEX',
    secret: true,
    doc: 'AES-256-GCM key sealing credentials and cached provider tokens: exactly 64 hex characters (`openssl rand -hex 32`).',
  },
  {
    name: 'ENCRYPTION_KEY_HEX_PREVIOUS',
    secret: true,
    doc: 'Previous encryption key, still used to open envelopes sealed before a rotation.',
  },
  {
    name: 'WEBHOOK_HMAC_SECRET',
    secret: true,
    doc: 'Root secret of the webhooks (32+ characters): inbound URL tokens and the outgoing signing secrets derive from it.',
  },
  {
    name: 'WEBHOOK_FORWARD_URL',
    doc: 'Operator destination of webhook events for tenants without meta.webhookUrl (trusted: any http(s) URL), signed with the operator secret.',
  },
  {
    name: 'WEBHOOK_ALLOWED_HOSTS',
    doc: "Comma-separated hosts a tenant's meta.webhookUrl may use despite the SSRF rules (http allowed, private addresses allowed).",
  },
  {
    name: 'WEBHOOK_TIMEOUT_MS',
    default: '5000',
    doc: 'Timeout of one webhook delivery attempt (no redirects followed).',
  },
  {
    name: 'WEBHOOK_MAX_ATTEMPTS',
    default: '8',
    doc: 'Delivery attempts before an event goes to the dead-letter list.',
  },
  {
    name: 'WEBHOOK_BACKOFF_BASE_MS',
    default: '2000',
    doc: 'First retry delay; doubles per attempt with up to 50 % jitter.',
  },
  {
    name: 'WEBHOOK_DEAD_LETTER_TTL_SECONDS',
    default: '604800',
    doc: 'How long given-up events stay listable and replayable.',
  },
  { name: 'WEBHOOK_CONCURRENCY', default: '8', doc: 'Deliveries one replica runs at once.' },
  {
    name: 'WEBHOOK_RATE_LIMIT',
    default: '600',
    doc: 'Bank notifications accepted per source IP per minute on the inbound webhook route.',
  },
  { name: 'TOKEN_MAX_TTL_SECONDS', default: '3600', doc: 'Largest accepted token lifetime (exp - iat).' },
  { name: 'TOKEN_ISSUER', doc: 'When set, tokens must carry this `iss`.' },
  { name: 'TOKEN_AUDIENCE', doc: 'When set, tokens must carry this `aud`.' },
  {
    name: 'REFRESH_TOKEN_MAX_TTL_SECONDS',
    default: '2592000',
    doc: 'Largest refresh-token lifetime, absolute from issue (rotation never extends it); 30 days by default.',
  },
  {
    name: 'PUBLIC_BASE_URL',
    doc: 'Public URL of the gateway (`https://gw.example.com`): the OAuth issuer, and `<it>/mcp` the resource OAuth tokens are bound to. Unset: taken from each request (Host, X-Forwarded-Proto); set it in production.',
  },
  {
    name: 'OAUTH_CLIENT_METADATA_ALLOWED_HOSTS',
    default: '',
    doc: 'Comma-separated hosts whose Client ID Metadata Documents may be fetched even at private or loopback addresses (intranets, tests); others must resolve to public addresses.',
  },
  {
    name: 'REQUIRE_SEALED_CREDENTIALS',
    doc: 'Refuse plain-JSON credentials in tokens. Default true in production, false otherwise.',
  },
  { name: 'RATE_LIMIT', default: '200', doc: 'Requests per tenant per window.' },
  { name: 'RATE_LIMIT_WINDOW_SECONDS', default: '60', doc: 'Rate-limit window.' },
  { name: 'BODY_LIMIT_BYTES', default: '102400', doc: 'Largest accepted JSON body (413 PAYLOAD_TOO_LARGE above it).' },
  {
    name: 'SANDBOX_ENABLED',
    doc: 'Enable the embedded `sandbox` provider. Default true outside production, false in production.',
  },
  { name: 'IDEMPOTENCY_TTL_SECONDS', default: '86400', doc: 'How long idempotency records are kept.' },
  { name: 'CHARGE_CACHE_TTL_SECONDS', default: '30', doc: 'Read-cache lifetime of charges that can still change.' },
  { name: 'PROVIDER_TIMEOUT_MS', default: '10000', doc: 'Timeout of one provider HTTP call.' },
  {
    name: 'PROVIDER_CA_CERTS_FILE',
    doc: 'PEM file of extra CA certificates trusted for provider endpoints (e.g. simulators). TLS verification is never turned off.',
  },
  {
    name: 'CREDENTIALS_DIR',
    doc: 'Directory of bank credentials that tokens name by reference (`credentials: {"ref": "<name>"}` → `<name>.json`: allowed tenants plus the credentials or their sealed envelope), e.g. a mounted Kubernetes Secret; re-read when a file changes. Unset: references are refused (401).',
  },
  ...BANK_BASE_URLS.map(({ name, doc }) => ({ name, doc })),
  ...BANK_DOCUMENT_ORIGINS.map(({ name, doc }) => ({ name, doc })),
  {
    name: 'METRICS_TOKEN',
    secret: true,
    doc: 'When set, /metrics and /metrics/prometheus require `Authorization: Bearer <METRICS_TOKEN>`.',
  },
  {
    name: 'MCP_ALLOWED_ORIGINS',
    default: '',
    doc: 'Comma-separated Origins allowed on /mcp (requests without Origin are allowed; others get 403).',
  },
  {
    name: 'SHUTDOWN_DRAIN_MS',
    default: '5000',
    doc: 'On SIGTERM, readiness turns 503 at once; in-flight requests get this long to finish before the process exits.',
  },
];

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
