import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { EnvelopeCipher } from '../auth/envelope';
import { InitializeHooks } from '../auth/initialize-hooks';
import { ChargeChangeListeners } from '../charges/charge-changes';
import { ChargesModule } from '../charges/charges.module';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';
import { BullmqDeliveryQueue } from './bullmq-delivery.queue';
import { DeadLetterStore, MemoryDeadLetterStore, RedisDeadLetterStore } from './dead-letter.store';
import type { DeliveryQueue } from './delivery-job';
import { DestinationGuard } from './destination-guard';
import { InboundNotificationsService } from './inbound-notifications.service';
import { MemoryDeliveryQueue } from './memory-delivery.queue';
import { TenantProfileStore } from './tenant-profile.store';
import { WebhookDispatcher } from './webhook-dispatcher';
import { GatewayChangeEvents, WebhookInitializeHook } from './webhook-hooks';
import { WebhookMetrics } from './webhook-metrics';
import { WebhookSender } from './webhook-sender';
import { WebhooksController } from './webhooks.controller';

const DELIVERY_QUEUE = Symbol('WebhookDeliveryQueue');

/** Closes the queue (and its Redis connections) and the HTTP agents when the app stops. */
@Injectable()
class WebhookLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(DELIVERY_QUEUE) private readonly queue: DeliveryQueue,
    @Inject(WebhookSender) private readonly sender: WebhookSender,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    await this.sender.close();
  }
}

function createQueue(config: AppConfig, cipher: EnvelopeCipher, logger: Logger): DeliveryQueue {
  const w = config.webhooks;
  const policy = { maxAttempts: w.maxAttempts, backoffBaseMs: w.backoffBaseMs };
  if (!config.redisUrl) {
    logger.info(
      'webhooks: no REDIS_URL, events are delivered with in-process retries; undelivered events and the dead-letter list do not survive a restart',
    );
    return new MemoryDeliveryQueue(policy);
  }
  return new BullmqDeliveryQueue({
    redisUrl: config.redisUrl,
    redisMode: config.redisMode,
    redisNodes: config.redisNodes,
    prefix: `${config.redisGlobalPrefix}:{wh}`,
    concurrency: w.concurrency,
    commandTimeoutMs: config.redisCommandTimeoutMs,
    policy,
    seal: (s) => cipher.seal(s, 'cache'),
    open: (s) => cipher.open(s, 'cache'),
    logger,
  });
}

function createDeadLetters(config: AppConfig, queue: DeliveryQueue, cipher: EnvelopeCipher): DeadLetterStore {
  const ttlMs = config.webhooks.deadLetterTtlSeconds * 1000;
  if (queue instanceof BullmqDeliveryQueue)
    return new RedisDeadLetterStore(
      queue.redis,
      `${config.redisGlobalPrefix}:{wh}`,
      ttlMs,
      (s) => cipher.seal(s, 'cache'),
      (s) => cipher.open(s, 'cache'),
    );
  return new MemoryDeadLetterStore(ttlMs);
}

/**
 * Webhooks (README "Webhooks"): bank notifications in, normalized Standard Webhooks events out through a Redis queue
 * shared by the replicas (BullMQ) or in process without Redis. Global so that its InitializeHooks and
 * ChargeChangeListeners reach the auth and charges modules without them importing this one.
 */
@Global()
@Module({})
export class WebhooksModule {
  static forRoot(): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [ChargesModule],
      controllers: [WebhooksController],
      providers: [
        WebhookMetrics,
        TenantProfileStore,
        InboundNotificationsService,
        WebhookInitializeHook,
        GatewayChangeEvents,
        {
          provide: DestinationGuard,
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => new DestinationGuard(c.webhooks.allowedHosts),
        },
        {
          provide: WebhookSender,
          inject: [APP_CONFIG, DestinationGuard],
          useFactory: (c: AppConfig, guard: DestinationGuard) => new WebhookSender(guard, c.webhooks.timeoutMs),
        },
        {
          provide: DELIVERY_QUEUE,
          inject: [APP_CONFIG, EnvelopeCipher, ROOT_LOGGER],
          useFactory: createQueue,
        },
        {
          provide: WebhookDispatcher,
          inject: [APP_CONFIG, DELIVERY_QUEUE, WebhookSender, EnvelopeCipher, WebhookMetrics, ROOT_LOGGER],
          useFactory: (
            c: AppConfig,
            queue: DeliveryQueue,
            sender: WebhookSender,
            cipher: EnvelopeCipher,
            metrics: WebhookMetrics,
            logger: Logger,
          ) =>
            new WebhookDispatcher(
              queue,
              sender,
              createDeadLetters(c, queue, cipher),
              c.webhooks,
              c.webhookHmacSecret,
              metrics,
              logger,
            ),
        },
        WebhookLifecycle,
        { provide: InitializeHooks, inject: [WebhookInitializeHook], useFactory: (h: WebhookInitializeHook) => [h] },
        {
          provide: ChargeChangeListeners,
          inject: [GatewayChangeEvents],
          useFactory: (l: GatewayChangeEvents) => [l],
        },
      ],
      exports: [InitializeHooks, ChargeChangeListeners],
    };
  }
}
