import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { requireTenant } from '../auth/tenant-context';
import { requireScope } from '../auth/token-scopes';
import { KvStore } from '../cache/kv-store';
import { AppError } from '../common/errors/app-error';
import { Public } from '../common/http/public.decorator';
import { rawRequest, requestIdOf } from '../common/http/request-context';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';
import { ApiProblemResponses } from '../docs/api-problem-responses.decorator';
import type { DeadLetter } from './dead-letter.store';
import { InboundNotificationsService, InboundResult } from './inbound-notifications.service';
import { WebhookDispatcher } from './webhook-dispatcher';

const SEGMENT = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Bank notifications in (public: the URL token authenticates, limited per source IP by WEBHOOK_RATE_LIMIT) and the
 * tenant's dead-letter list (Bearer, per-tenant rate limit). The dead-letter routes are declared first so their
 * static segment wins over the inbound route's parameters on both adapters.
 */
@ApiTags('webhooks')
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(
    @Inject(InboundNotificationsService) private readonly inbound: InboundNotificationsService,
    @Inject(WebhookDispatcher) private readonly dispatcher: WebhookDispatcher,
    @Inject(KvStore) private readonly kv: KvStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('dead-letter')
  @ApiBearerAuth()
  @ApiOperation({ summary: "List this tenant's webhook events whose delivery was given up (newest first)." })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 100 (default 50).', example: 50 })
  @ApiOkResponse({ description: '`{ data: [{ id, deadLetteredAt, attempts, lastError, destination, event }] }`' })
  @ApiProblemResponses('VALIDATION_ERROR', 'INSUFFICIENT_SCOPE', 'SERVICE_UNAVAILABLE')
  async deadLetters(@Req() req: unknown, @Query('limit') limit?: string): Promise<{ data: DeadLetter[] }> {
    const tenant = requireTenant(req);
    requireScope(tenant, 'webhooks:manage');
    const n = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 100)
      throw new AppError('VALIDATION_ERROR', '1 invalid field: limit', {
        errors: [{ field: 'limit', message: 'limit must be an integer from 1 to 100' }],
      });
    try {
      return { data: await this.dispatcher.listDeadLetters(tenant.tenantId, n) };
    } catch {
      throw new AppError('SERVICE_UNAVAILABLE', 'The dead-letter list cannot be read right now.');
    }
  }

  @Post('dead-letter/:id/replay')
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Queue a dead-lettered event again (removed from the list; delivered with fresh retries).' })
  @ApiParam({ name: 'id', description: 'A dead-letter id from the list (`dl_…`).' })
  @ApiOkResponse({ description: '`{ replayed: true, id }`' })
  @ApiProblemResponses('NOT_FOUND', 'INSUFFICIENT_SCOPE', 'SERVICE_UNAVAILABLE')
  async replay(@Req() req: unknown, @Param('id') id: string): Promise<{ replayed: true; id: string }> {
    const tenant = requireTenant(req);
    requireScope(tenant, 'webhooks:manage');
    if (!/^dl_[A-Za-z0-9_]{1,80}$/.test(id)) throw new AppError('NOT_FOUND', 'No such dead-lettered event.');
    let found: boolean;
    try {
      found = await this.dispatcher.replay(tenant.tenantId, id);
    } catch {
      throw new AppError('SERVICE_UNAVAILABLE', 'The event could not be queued again right now; retry later.');
    }
    if (!found) throw new AppError('NOT_FOUND', 'No such dead-lettered event (unknown, expired or already replayed).');
    return { replayed: true, id };
  }

  @Post([':providerId/:tenantId/:urlToken', ':providerId/:tenantId/:urlToken/pix'])
  @HttpCode(200)
  @Public()
  @SkipThrottle()
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiOperation({
    summary:
      "A bank's notification (register the URL `npm run --silent webhook-url` prints at the bank). The URL token is " +
      'the authentication; the body is the bank’s own shape (Cora: none, headers only). Efí appends `/pix` to the ' +
      'URL registered for Pix: the same route answers there.',
  })
  @ApiParam({ name: 'providerId', description: 'The bank (cora, inter, asaas, efi).' })
  @ApiParam({ name: 'tenantId', description: 'The tenant the URL was made for.' })
  @ApiParam({ name: 'urlToken', description: 'base64url HMAC-SHA256 of `<providerId>:<tenantId>` (see README).' })
  @ApiOkResponse({
    description: '`{ received, emitted, duplicates }`: how many changes it carried, sent, or had seen.',
  })
  @ApiProblemResponses('VALIDATION_ERROR', 'WEBHOOK_UNAUTHORIZED', 'NOT_FOUND', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  async receive(
    @Req() req: unknown,
    @Param('providerId') providerId: string,
    @Param('tenantId') tenantId: string,
    @Param('urlToken') urlToken: string,
    @Body() body: unknown,
  ): Promise<InboundResult> {
    if (!SEGMENT.test(providerId) || !SEGMENT.test(tenantId) || !/^[A-Za-z0-9_-]{43}$/.test(urlToken))
      throw new AppError('WEBHOOK_UNAUTHORIZED', 'The webhook URL token is not valid for this provider and tenant.');
    await this.limitSource(req);
    const raw = rawRequest(req);
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(raw.headers))
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    const rawBody = body === undefined || body === null ? '' : JSON.stringify(body);
    return this.inbound.receive(providerId, tenantId, urlToken, { headers, body, rawBody }, requestIdOf(req));
  }

  /** WEBHOOK_RATE_LIMIT notifications per source IP per minute (429 RATE_LIMITED with Retry-After above it). */
  private async limitSource(req: unknown): Promise<void> {
    const ip = (req as { ip?: string }).ip ?? rawRequest(req).socket?.remoteAddress ?? 'unknown';
    let window: { count: number; ttlMs: number };
    try {
      window = await this.kv.incrWindow(`${this.config.redisGlobalPrefix}:rl:wh:${ip}`, 60_000);
    } catch {
      return; // the limiter's store is down: the URL token still guards the route
    }
    if (window.count > this.config.webhooks.rateLimitPerMinute)
      throw new AppError('RATE_LIMITED', 'Too many notifications from this address; retry later.', {
        headers: { 'Retry-After': String(Math.max(1, Math.ceil(window.ttlMs / 1000))) },
      });
  }
}
