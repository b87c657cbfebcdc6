import { Injectable } from '@nestjs/common';
import { register, Registry } from 'prom-client';
import { counter, histogram, LATENCY_BUCKETS } from './prom-metrics';

/**
 * Business metrics every module records into. Labels are closed sets (provider id, charge type,
 * operation, tool name, outcome): never a token, credential, charge id or document.
 */
@Injectable()
export class AppMetrics {
  readonly registry: Registry = register;
  readonly chargesCreated = counter(this.registry, 'charges_created_total', 'Charges created, by provider and type', [
    'provider',
    'type',
  ]);
  readonly cacheHits = counter(this.registry, 'cache_hits_total', 'Read-cache hits, by cache', ['cache']);
  readonly cacheMisses = counter(
    this.registry,
    'cache_misses_total',
    'Read-cache misses (including a cache that could not answer), by cache',
    ['cache'],
  );
  readonly cacheBypass = counter(
    this.registry,
    'cache_bypass_total',
    'Reads that skipped the cache (meta.cacheEnabled false), by cache',
    ['cache'],
  );
  readonly idempotentReplays = counter(
    this.registry,
    'idempotent_replays_total',
    'Requests answered with a stored answer (Idempotent-Replayed: true)',
  );
  readonly idempotencyConflicts = counter(
    this.registry,
    'idempotency_conflicts_total',
    'Idempotency-Key conflicts, by reason (in_progress: 409, key_reused: 422)',
    ['reason'],
  );
  readonly idempotencyUnavailable = counter(
    this.registry,
    'idempotency_unavailable_total',
    'Keyed requests refused because the idempotency store was unreachable (503)',
  );
  readonly rateLimited = counter(
    this.registry,
    'rate_limited_requests_total',
    'Requests refused with 429, by tracker scope (tenant or ip)',
    ['scope'],
  );
  readonly mcpToolCalls = counter(this.registry, 'mcp_tool_calls_total', 'MCP tool calls, by tool and outcome', [
    'tool',
    'outcome',
  ]);
  readonly mcpToolDuration = histogram(
    this.registry,
    'mcp_tool_call_duration_seconds',
    'MCP tool call duration',
    ['tool'],
    LATENCY_BUCKETS,
  );

  chargeCreated(provider: string, type: string): void {
    this.chargesCreated.inc({ provider, type });
  }
  cache(result: 'hit' | 'miss' | 'bypass'): void {
    (result === 'hit' ? this.cacheHits : result === 'miss' ? this.cacheMisses : this.cacheBypass).inc({
      cache: 'charges',
    });
  }
  idempotencyEvent(event: 'replayed' | 'in_progress' | 'key_reused' | 'unavailable'): void {
    if (event === 'replayed') this.idempotentReplays.inc();
    else if (event === 'unavailable') this.idempotencyUnavailable.inc();
    else this.idempotencyConflicts.inc({ reason: event });
  }
  rateLimitedRequest(scope: 'tenant' | 'ip'): void {
    this.rateLimited.inc({ scope });
  }
  mcpToolCall(tool: string, outcome: 'ok' | 'error', durationSeconds: number): void {
    this.mcpToolCalls.inc({ tool, outcome });
    this.mcpToolDuration.observe({ tool }, durationSeconds);
  }
}
