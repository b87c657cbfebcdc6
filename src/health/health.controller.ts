import { Controller, Get, Header, Inject, UseFilters } from '@nestjs/common';
import { getHeapStatistics } from 'node:v8';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  MemoryHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '../common/http/public.decorator';
import { HealthUnavailableFilter } from './health-unavailable.filter';
import { LifecycleHealthIndicator } from './lifecycle.health';
import { ReadinessMetrics } from './readiness.metrics';
import { RedisHealthIndicator } from './redis.health';

/**
 * Down when the V8 heap is within 10 % of its limit: the process is about to die of heap
 * exhaustion. A fixed RSS figure would be wrong for every container size (and for test runs that
 * host many apps in one process); the container's memory limit is the orchestrator's business.
 */
const HEAP_LIMIT = Math.floor(getHeapStatistics().heap_size_limit * 0.9);

/** Probes in Terminus' standard body: 200 when every check is up, 503 otherwise. */
@ApiTags('health')
@Public()
@SkipThrottle()
@UseFilters(HealthUnavailableFilter)
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicator: HealthIndicatorService,
    @Inject(MemoryHealthIndicator) private readonly memory: MemoryHealthIndicator,
    @Inject(RedisHealthIndicator) private readonly redis: RedisHealthIndicator,
    @Inject(LifecycleHealthIndicator) private readonly lifecycle: LifecycleHealthIndicator,
    @Inject(ReadinessMetrics) private readonly readiness: ReadinessMetrics,
  ) {}

  @Get()
  @HealthCheck()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Overall health: Redis ("not configured" on the in-memory store) and V8 heap (down within 10 % of its limit). 200 up, 503 down.',
  })
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.redis.isHealthy('redis'),
      () => this.memory.checkHeap('memory_heap', HEAP_LIMIT),
    ]);
  }

  @Get('live')
  @HealthCheck()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Liveness: the process answers. Never depends on Redis, so an outage cannot restart every pod.',
  })
  live(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.indicator.check('process').up({ pid: process.pid, uptimeSeconds: Math.round(process.uptime()) }),
    ]);
  }

  @Get('ready')
  @HealthCheck()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Readiness: 503 as soon as shutdown begins, and while the configured Redis is unreachable.',
  })
  async ready(): Promise<HealthCheckResult> {
    try {
      const result = await this.health.check([
        () => this.lifecycle.isAcceptingTraffic('lifecycle'),
        () => this.redis.isHealthy('redis'),
      ]);
      this.readiness.record(true);
      return result;
    } catch (err) {
      this.readiness.record(false);
      throw err;
    }
  }
}
