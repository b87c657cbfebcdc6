import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  Charge,
  ChargeProvider,
  eventTypeForStatus,
  InboundNotification,
  ProviderCallRunner,
  ProviderContextFactory,
  ProviderError,
  ProviderNotification,
  ProviderRegistry,
} from '@lib/providers';
import type { Logger } from 'pino';
import type { TenantContext } from '../auth/tenant-context';
import { KvStore } from '../cache/kv-store';
import { ChargeReadCache } from '../charges/charge-read.cache';
import { presentCharge } from '../charges/present-charge';
import { AppError } from '../common/errors/app-error';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';
import { EventNotAcceptedError, WebhookDispatcher } from './webhook-dispatcher';
import type { WebhookEvent } from './webhook-event';
import { WebhookMetrics } from './webhook-metrics';
import { isValidUrlToken } from './webhook-secrets';
import { TenantProfileStore } from './tenant-profile.store';

/** Banks redeliver: a notification already seen within this window is acknowledged and dropped. */
const DEDUPE_TTL_MS = 7 * 86400 * 1000;

export interface InboundResult {
  received: number;
  emitted: number;
  duplicates: number;
}

/**
 * POST /v1/webhooks/:providerId/:tenantId/:urlToken: authenticates the URL, lets the bank parse its notification,
 * drops duplicates, confirms each claim by reading the charge when the tenant's profile is known, invalidates the read
 * cache and hands the events to the dispatcher. Answers only once every event is queued or delivered (else 503).
 */
@Injectable()
export class InboundNotificationsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ProviderRegistry) private readonly registry: ProviderRegistry,
    @Inject(ProviderCallRunner) private readonly runner: ProviderCallRunner,
    @Inject(ProviderContextFactory) private readonly contexts: ProviderContextFactory,
    @Inject(TenantProfileStore) private readonly profiles: TenantProfileStore,
    @Inject(ChargeReadCache) private readonly cache: ChargeReadCache,
    @Inject(KvStore) private readonly kv: KvStore,
    @Inject(WebhookDispatcher) private readonly dispatcher: WebhookDispatcher,
    @Inject(WebhookMetrics) private readonly metrics: WebhookMetrics,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async receive(
    providerId: string,
    tenantId: string,
    urlToken: string,
    request: InboundNotification,
    requestId?: string,
  ): Promise<InboundResult> {
    const provider = this.registry.find(providerId);
    if (!provider || typeof provider.parseNotification !== 'function')
      throw new AppError('NOT_FOUND', 'No provider with notifications is registered under this id.');
    if (!isValidUrlToken(this.config.webhookHmacSecret, providerId, tenantId, urlToken))
      throw new AppError('WEBHOOK_UNAUTHORIZED', 'The webhook URL token is not valid for this provider and tenant.');
    const profile = await this.profiles.load(providerId, tenantId);
    const tenant = profile ? this.tenantOf(provider, TenantProfileStore.tenant(profile)) : undefined;
    let notifications: ProviderNotification[];
    try {
      const ctx = tenant ? this.contexts.for(tenant, requestId) : undefined;
      notifications = await provider.parseNotification(request, ctx);
    } catch (err) {
      this.metrics.notification(providerId, 'rejected');
      throw this.translate(err);
    }
    const result: InboundResult = { received: notifications.length, emitted: 0, duplicates: 0 };
    for (const n of notifications) {
      this.metrics.notification(providerId, 'received');
      const claimed = await this.claim(providerId, tenantId, n, request);
      if (!claimed) {
        result.duplicates++;
        this.metrics.notification(providerId, 'duplicate');
        continue;
      }
      try {
        const event = await this.eventFor(provider, tenantId, n, tenant, claimed.identity, requestId);
        await this.dispatcher.emit(event, tenant?.meta.webhookUrl);
        result.emitted++;
      } catch (err) {
        await this.release(claimed.key);
        if (err instanceof EventNotAcceptedError)
          throw new AppError('SERVICE_UNAVAILABLE', 'The event could not be queued or delivered; retry later.', {
            headers: { 'Retry-After': '30' },
          });
        throw err;
      }
    }
    return result;
  }

  /** Builds the event: the bank's claim, or the charge as read from the bank when the tenant's profile allows it. */
  private async eventFor(
    provider: ChargeProvider,
    tenantId: string,
    n: ProviderNotification,
    tenant: TenantContext | undefined,
    identity: string,
    requestId?: string,
  ): Promise<WebhookEvent> {
    let read: Charge | undefined;
    if (tenant) {
      try {
        read = (await this.runner.run(tenant, 'get', requestId, (p, ctx) => p.get(ctx, n.chargeId))).result;
      } catch (err) {
        this.logger.warn(
          { providerId: provider.id, tenantId, code: (err as { code?: string }).code },
          'webhook: could not confirm the notification by reading the charge; event sent unverified',
        );
      }
      await this.cache.forget(tenant, n.chargeId).catch(() => undefined);
    } else {
      // No profile: the cache key uses the default prefix (the tenant id), as tokens without meta.redisKeyPrefix do.
      await this.cache.forget(this.bareTenant(provider.id, tenantId), n.chargeId).catch(() => undefined);
    }
    this.metrics.notification(provider.id, read ? 'verified' : 'unverified');
    const charge = read ?? n.charge;
    const status = read?.status ?? n.status;
    return {
      // A final REFUNDED gets the id the gateway's own refund event has (ChargeRefundsService): one webhook-id for both.
      id:
        status === 'REFUNDED'
          ? WebhookDispatcher.statusEventId(provider.id, tenantId, n.chargeId, status)
          : WebhookDispatcher.eventId(identity),
      type: read ? eventTypeForStatus(read.status) : n.type,
      createdAt: new Date().toISOString(),
      providerId: provider.id,
      tenantId,
      chargeId: n.chargeId,
      ...(status ? { status } : {}),
      ...((read?.providerStatus ?? n.providerStatus)
        ? { providerStatus: read?.providerStatus ?? n.providerStatus }
        : {}),
      verified: read !== undefined,
      data: charge ? presentCharge(charge) : null,
    };
  }

  /**
   * Marks the notification as seen (7 days): false when it already was, else its identity (the bank's event id, or a
   * hash of what it said) and the mark's key (undefined when the store could not answer: it is let through).
   */
  private async claim(
    providerId: string,
    tenantId: string,
    n: ProviderNotification,
    request: InboundNotification,
  ): Promise<{ identity: string; key?: string } | false> {
    const identity = `${providerId}:${tenantId}:${n.eventId ?? `${n.chargeId}:${request.rawBody}`}`;
    const digest = createHash('sha256').update(identity).digest('base64url').slice(0, 32);
    const key = `${this.config.redisGlobalPrefix}:{wh}:seen:${providerId}:${tenantId}:${digest}`;
    try {
      return (await this.kv.set(key, '1', { ttlMs: DEDUPE_TTL_MS, nx: true })) ? { identity, key } : false;
    } catch {
      return { identity };
    }
  }

  private async release(key: string | undefined | false): Promise<void> {
    if (key) await this.kv.del(key).catch(() => undefined);
  }

  private tenantOf(provider: ChargeProvider, tenant: TenantContext): TenantContext | undefined {
    try {
      return { ...tenant, credentials: provider.parseCredentials(tenant.credentials) };
    } catch {
      return undefined;
    }
  }

  private bareTenant(providerId: string, tenantId: string): TenantContext {
    return {
      tenantId,
      providerId,
      credentials: {},
      credentialFingerprint: '',
      meta: { ttlSeconds: 60, cacheEnabled: true, redisKeyPrefix: tenantId },
      scopes: new Set(),
      exp: 0,
    };
  }

  private translate(err: unknown): AppError {
    if (err instanceof AppError) return err;
    if (err instanceof ProviderError) {
      const retry = err.options.retryAfterSeconds;
      return new AppError(err.code, err.message, {
        ...(retry ? { headers: { 'Retry-After': String(retry) } } : {}),
        ...(err.options.fields ? { errors: err.options.fields } : {}),
      });
    }
    return new AppError('VALIDATION_ERROR', 'The notification could not be read.');
  }
}
