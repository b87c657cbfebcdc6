import { ApiProperty } from '@nestjs/swagger';

/** Response shapes of GET /metrics (classes so Swagger documents them). */
export class LatencyPercentiles {
  @ApiProperty({ nullable: true, type: Number, example: 1.8 }) p50!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 7.4 }) p95!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 21.5 }) p99!: number | null;
}

export class RouteMetrics {
  @ApiProperty({ example: 'GET' }) method!: string;
  @ApiProperty({
    example: '/v1/charges/:provider_charge_id',
    description:
      'Route template ("/docs", "/docs/*" and "/docs-json" for Swagger UI, "unmatched" for 404s); never a raw path.',
  })
  route!: string;
  @ApiProperty({ example: 120 }) count!: number;
  @ApiProperty({ example: { '200': 118, '404': 2 }, type: 'object', additionalProperties: { type: 'number' } })
  byStatus!: Record<string, number>;
  @ApiProperty({ type: LatencyPercentiles, description: 'Milliseconds.' }) latencyMs!: LatencyPercentiles;
}

export class ProviderMetrics {
  @ApiProperty({ example: 'sandbox' }) provider!: string;
  @ApiProperty({ example: 40 }) calls!: number;
  @ApiProperty({ example: 1 }) errors!: number;
  @ApiProperty({ nullable: true, type: Number, example: 0.025 }) errorRate!: number | null;
  @ApiProperty({ type: LatencyPercentiles, description: 'Milliseconds.' }) latencyMs!: LatencyPercentiles;
}

export class RequestTotals {
  @ApiProperty({ example: 130 }) total!: number;
  @ApiProperty({ type: [RouteMetrics] }) routes!: RouteMetrics[];
}

export class CacheMetrics {
  @ApiProperty({ example: 90 }) hits!: number;
  @ApiProperty({ example: 10 }) misses!: number;
  @ApiProperty({ example: 0 }) bypass!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 0.9,
    description: 'hits / (hits + misses); null before the first lookup.',
  })
  hitRatio!: number | null;
}

export class RateLimitedMetrics {
  @ApiProperty({ example: 3 }) total!: number;
  @ApiProperty({ example: { tenant: 3 }, type: 'object', additionalProperties: { type: 'number' } }) byScope!: Record<
    string,
    number
  >;
}

export class RedisMetrics {
  @ApiProperty({ enum: ['redis', 'memory'] }) store!: 'redis' | 'memory';
  @ApiProperty({ example: 0 }) errors!: number;
}

export class MetricsSnapshot {
  @ApiProperty({ example: 3600 }) uptimeSeconds!: number;
  @ApiProperty({ type: RequestTotals }) requests!: RequestTotals;
  @ApiProperty({ type: [ProviderMetrics] }) providers!: ProviderMetrics[];
  @ApiProperty({ type: CacheMetrics }) cache!: CacheMetrics;
  @ApiProperty({ type: RateLimitedMetrics }) rateLimited!: RateLimitedMetrics;
  @ApiProperty({ example: { replayed: 2, key_reused: 1 }, type: 'object', additionalProperties: { type: 'number' } })
  idempotency!: Record<string, number>;
  @ApiProperty({ type: RedisMetrics }) redis!: RedisMetrics;
  @ApiProperty({
    example: 'estimated from the histogram buckets since process start, as PromQL histogram_quantile does',
  })
  percentiles!: string;
}
