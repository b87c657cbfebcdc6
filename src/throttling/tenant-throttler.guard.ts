import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { AppError } from '../common/errors/app-error';
import { requestFacts } from '../common/http/request-context';
import { AppMetrics } from '../metrics/app-metrics';
import { skipThrottleKey } from '../common/http/skip-throttle.key';

/**
 * Global rate limit per tenant (the verified token's tenantId; the client IP on public routes).
 * Runs after the AuthGuard, so requests refused with 401 never count against a tenant. One window
 * covers every route of a tenant (REST, /initialize and MCP alike), not one window per route.
 * Health, metrics and docs are not limited (@SkipThrottle / not Nest routes).
 */
@Injectable()
export class TenantThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    @Inject(Reflector) reflector: Reflector,
    @Inject(AppMetrics) private readonly metrics: AppMetrics,
  ) {
    super(options, storage, reflector);
    // RateLimit-Limit / -Remaining / -Reset (draft-ietf-httpapi-ratelimit-headers) instead of X-RateLimit-*.
    this.headerPrefix = 'RateLimit';
  }

  /** Per handler: skipped (@SkipThrottle), looked up once. */
  private readonly skipped = new WeakMap<object, boolean>();

  /**
   * The library's canActivate resolves five route-level overrides through the Reflector on every
   * request (~8% of a cached read). This service sets none (one global window per tenant), so the
   * hot path resolves @SkipThrottle once per handler and goes straight to the library's
   * handleRequest (storage, RateLimit-* headers, 429).
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const handler = context.getHandler();
    const throttler = this.throttlers[0];
    let skip = this.skipped.get(handler);
    if (skip === undefined) {
      skip =
        this.reflector.getAllAndOverride<boolean>(skipThrottleKey(throttler.name), [handler, context.getClass()]) ===
        true;
      this.skipped.set(handler, skip);
    }
    if (skip) return true;
    const ttl = throttler.ttl as number;
    return this.handleRequest({
      context,
      limit: throttler.limit as number,
      ttl,
      throttler,
      blockDuration: ttl,
      getTracker: (req) => this.getTracker(req),
      generateKey: (_ctx, tracker) => tracker,
    });
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const tenantId = requestFacts(req).tenantId;
    return tenantId ? `t:${tenantId}` : `ip:${await super.getTracker(req)}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return tracker;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const scope = detail.tracker.startsWith('t:') ? 'tenant' : 'ip';
    this.metrics.rateLimitedRequest(scope);
    const retryAfter = String(Math.max(1, detail.timeToBlockExpire));
    throw new AppError(
      'RATE_LIMITED',
      `Rate limit of ${detail.limit} requests per ${Math.round(detail.ttl / 1000)} s exceeded for this ${scope}; retry after ${retryAfter} s.`,
      {
        headers: {
          'Retry-After': retryAfter,
          'RateLimit-Limit': String(detail.limit),
          'RateLimit-Remaining': '0',
          'RateLimit-Reset': retryAfter,
        },
      },
    );
  }
}
