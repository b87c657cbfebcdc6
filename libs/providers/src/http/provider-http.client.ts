import { request } from 'undici';
import type { ProviderContext } from '../charge-provider';
import { publishExchange, providerRequestIdOf } from './exchange-events';
import { classifyTransportError, ProviderHttpError, statusFailure } from './http-failure';
import { AgentPoolOptions, MtlsAgentPool } from './mtls-agent.pool';
import type { MtlsIdentity } from './mtls-connector';
import { ResilienceOptions, ResiliencePolicies } from './resilience';

export interface ProviderHttpConfig {
  providerId: string;
  /** Human name used in error messages (e.g. "Cora"). */
  providerName: string;
  timeoutMs: number;
  extraCaPem?: string;
  resilience: ResilienceOptions;
  /** Seconds a 429 without Retry-After asks the caller to wait. */
  defaultRetryAfterSeconds: number;
  /**
   * A bank's own delta-seconds reset header (lowercase, e.g. `ratelimit-reset`), read on a 429 that carries no
   * Retry-After. Absent: only Retry-After is read.
   */
  rateLimitResetHeader?: string;
  pool?: Partial<AgentPoolOptions>;
}

export interface ExchangeSpec {
  ctx: Pick<ProviderContext, 'tenantId' | 'credentialFingerprint' | 'requestId'>;
  identity: MtlsIdentity;
  baseUrl: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Path template for logs, ids replaced (e.g. /v2/invoices/:id). */
  route: string;
  operation: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /** Safe to repeat after an ambiguous failure (reads, cancels, token, keyed creates). */
  retrySafe: boolean;
  /** Most bytes the answer may have (default 1 MiB, e.g. more for a document); a larger one is PROVIDER_ERROR. */
  maxResponseBytes?: number;
  /** Keep the answer's bytes in `raw` (a document) instead of parsing them as JSON. */
  binary?: boolean;
}

export interface ExchangeResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or undefined when empty, not JSON or `binary`. */
  body: unknown;
  /** The answer's bytes, for a `binary` exchange only. */
  raw?: Buffer;
  providerRequestId?: string;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * The HTTP client every mTLS provider uses: per-credential keep-alive agents, a deadline per
 * attempt, resilience policies per host, bounded response size, and one safe event per attempt.
 * It never logs or returns bodies in errors; 5xx/429/transport failures become ProviderHttpError,
 * other statuses are returned for the provider to map.
 */
export class ProviderHttpClient {
  readonly policies: ResiliencePolicies;
  private readonly pool: MtlsAgentPool;

  constructor(private readonly config: ProviderHttpConfig) {
    this.policies = new ResiliencePolicies(config.resilience, config.providerName);
    this.pool = new MtlsAgentPool({
      maxAgents: 200,
      connectionsPerOrigin: 8,
      keepAliveTimeoutMs: 4000,
      connectTimeoutMs: config.timeoutMs,
      acceptanceWaitMs: Math.min(200, config.timeoutMs),
      extraCaPem: config.extraCaPem,
      ...config.pool,
    });
  }

  get agentCount(): number {
    return this.pool.size;
  }

  exchange(spec: ExchangeSpec): Promise<ExchangeResult> {
    const base = spec.baseUrl.replace(/\/+$/, '');
    const url = `${base}${spec.path}`;
    return this.policies.execute(new URL(base).origin, spec.retrySafe, (attempt) => this.attempt(spec, url, attempt));
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async attempt(spec: ExchangeSpec, url: string, attempt: number): Promise<ExchangeResult> {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const event = {
      providerId: this.config.providerId,
      tenantId: spec.ctx.tenantId,
      requestId: spec.ctx.requestId,
      operation: spec.operation,
      method: spec.method,
      route: spec.route,
      attempt,
    };
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(Object.assign(new Error('provider deadline exceeded'), { code: 'PROVIDER_DEADLINE' })),
      this.config.timeoutMs,
    );
    try {
      const headers: Record<string, string> = {
        accept: 'application/json',
        'user-agent': 'mcp-maax-cob',
        ...spec.headers,
      };
      let body: string | undefined;
      if (spec.form) {
        body = new URLSearchParams(spec.form).toString();
        headers['content-type'] = 'application/x-www-form-urlencoded';
      } else if (spec.json !== undefined) {
        body = JSON.stringify(spec.json);
        headers['content-type'] = 'application/json';
      }
      const res = await request(url, {
        dispatcher: this.pool.agentFor(spec.ctx.credentialFingerprint, spec.identity),
        method: spec.method,
        headers,
        body,
        headersTimeout: this.config.timeoutMs,
        bodyTimeout: this.config.timeoutMs,
        signal: deadline.signal,
      });
      const providerRequestId = providerRequestIdOf(res.headers);
      const bytes = await readLimited(res.body, this.config.providerName, spec.maxResponseBytes ?? MAX_RESPONSE_BYTES);
      const failure = statusFailure(
        res.statusCode,
        this.config.providerName,
        res.headers['retry-after'] ??
          (this.config.rateLimitResetHeader ? res.headers[this.config.rateLimitResetHeader] : undefined),
        this.config.defaultRetryAfterSeconds,
        providerRequestId,
      );
      if (failure) throw failure;
      publishExchange({
        ...event,
        status: res.statusCode,
        outcome: res.statusCode >= 400 ? 'client-error' : 'ok',
        durationMs: elapsed(),
        providerRequestId,
      });
      if (spec.binary)
        return { status: res.statusCode, headers: res.headers, body: undefined, raw: bytes, providerRequestId };
      return {
        status: res.statusCode,
        headers: res.headers,
        body: parseJson(bytes.toString('utf8')),
        providerRequestId,
      };
    } catch (err) {
      const failure = classifyTransportError(
        err,
        this.config.providerName,
        this.config.timeoutMs,
        spec.identity.certificate !== undefined,
      );
      publishExchange({
        ...event,
        status: failure.failure.httpStatus,
        outcome: 'error',
        failure: failure.failure.kind,
        durationMs: elapsed(),
        providerRequestId: failure.failure.providerRequestId,
      });
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }
}

async function readLimited(
  body: AsyncIterable<Buffer> & { destroy(): void },
  providerName: string,
  limit: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw new ProviderHttpError('PROVIDER_ERROR', `${providerName} sent a response larger than ${limit} bytes.`, {
        kind: 'too-large',
        sent: true,
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
