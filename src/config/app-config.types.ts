/** The validated, typed configuration loadConfig returns (one field per variable of ENV_VARS, parsed). */
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
