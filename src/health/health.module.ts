import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { LifecycleHealthIndicator } from './lifecycle.health';
import { ReadinessMetrics } from './readiness.metrics';
import { RedisHealthIndicator } from './redis.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [RedisHealthIndicator, LifecycleHealthIndicator, ReadinessMetrics],
})
export class HealthModule {}
