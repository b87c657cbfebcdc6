import { applyDecorators, Controller, Get, Header, Inject, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { register } from 'prom-client';
import { Public } from '../common/http/public.decorator';
import { ApiProblemResponses } from '../docs/api-problem-responses.decorator';
import { METRICS_SECURITY } from '../docs/openapi-constants';
import { MetricsTokenGuard } from './metrics-token.guard';
import { MetricsCollector } from './metrics.collector';
import { MetricsSnapshot } from './metrics-snapshot';

/** Both metrics routes: public (cluster-internal scraping) unless METRICS_TOKEN is set, never rate-limited. */
function MetricsEndpoint(): ClassDecorator {
  return applyDecorators(
    ApiTags('observability'),
    ApiSecurity(METRICS_SECURITY),
    ApiProblemResponses('METRICS_UNAUTHORIZED'),
    Public(),
    SkipThrottle(),
    UseGuards(MetricsTokenGuard),
  );
}

/** GET /metrics: the JSON at-a-glance view. */
@MetricsEndpoint()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(MetricsCollector) private readonly collector: MetricsCollector) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Uptime, requests by route and status, p50/p95/p99 per route, provider latency and error rate, cache hit ratio, rate-limited count.',
  })
  @ApiOkResponse({ type: MetricsSnapshot })
  snapshot(): Promise<MetricsSnapshot> {
    return this.collector.snapshot();
  }
}

/**
 * GET /metrics/prometheus: the controller @willsoto/nestjs-prometheus mounts (PrometheusModule.register
 * sets its path). Ours instead of the library's so it carries the token guard and answers through
 * @Header rather than the raw response object, the same on Express and Fastify.
 */
@MetricsEndpoint()
@Controller()
export class PrometheusMetricsController {
  @Get()
  @Header('Content-Type', register.contentType)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Prometheus text exposition format (default process metrics, HTTP, provider, cache, Redis, idempotency, rate limits, MCP).',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format 0.0.4.', schema: { type: 'string' } })
  index(): Promise<string> {
    return register.metrics();
  }
}
