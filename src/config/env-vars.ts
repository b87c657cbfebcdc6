import { BANKS, baseUrlOverrides, documentOriginsVars } from '@lib/providers';

/**
 * The one place every environment variable is declared: name, default, parser and meaning.
 * `.env.example` and the README's env table are checked against this list by a unit test.
 * loadConfig (env.schema.ts) parses them into AppConfig.
 */

/** One documented environment variable: name, default (as in `.env.example`), meaning, and whether it is secret. */
export interface EnvVarSpec {
  name: string;
  default?: string;
  doc: string;
  secret?: boolean;
}

/** The base-URL overrides the banks declare in their own `<bank>.settings.ts` (libs/providers), in list order. */
export const BANK_BASE_URLS = baseUrlOverrides(BANKS);
/** The document-origins variables the banks declare in their own `<bank>.settings.ts`, in list order. */
export const BANK_DOCUMENT_ORIGINS = documentOriginsVars(BANKS);

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
