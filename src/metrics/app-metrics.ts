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
  readonly chargesCreated = counter(this.registry, 'charges_created_total', 'Charges created, by provider and type', ['provider', 'type']);
  readonly cacheLookups = counter(this.registry, 'charge_cache_lookups_total', 'Charge read-cache lookups, by result (hit, miss, bypass)', ['result']);
  readonly idempotency = counter(this.registry, 'idempotency_events_total', 'Idempotency outcomes (replayed, in_progress, key_reused, unavailable)', ['event']);
  readonly rateLimited = counter(this.registry, 'rate_limited_requests_total', 'Requests refused with 429, by tracker scope (tenant or ip)', ['scope']);
  readonly mcpToolCalls = counter(this.registry, 'mcp_tool_calls_total', 'MCP tool calls, by tool and outcome', ['tool', 'outcome']);
  readonly mcpToolDuration = histogram(this.registry, 'mcp_tool_call_duration_seconds', 'MCP tool call duration', ['tool'], LATENCY_BUCKETS);

  chargeCreated(provider: string, type: string): void {
    this.chargesCreated.inc({ provider, type });
  }
  cache(result: 'hit' | 'miss' | 'bypass'): void {
    this.cacheLookups.inc({ result });
  }
  idempotencyEvent(event: 'replayed' | 'in_progress' | 'key_reused' | 'unavailable'): void {
    this.idempotency.inc({ event });
  }
  rateLimitedRequest(scope: 'tenant' | 'ip'): void {
    this.rateLimited.inc({ scope });
  }
  mcpToolCall(tool: string, outcome: 'ok' | 'error', durationSeconds: number): void {
    this.mcpToolCalls.inc({ tool, outcome });
    this.mcpToolDuration.observe({ tool }, durationSeconds);
  }
}
