import { Inject, Injectable } from '@nestjs/common';
import { Charge, eventTypeForStatus } from '@lib/providers';
import type { Logger } from 'pino';
import type { InitializeHook } from '../auth/initialize-hooks';
import type { TenantContext } from '../auth/tenant-context';
import type { ChargeChangeListener } from '../charges/charge-changes';
import { presentCharge } from '../charges/present-charge';
import { AppError } from '../common/errors/app-error';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { DestinationGuard } from './destination-guard';
import { WebhookDispatcher } from './webhook-dispatcher';
import { TenantProfileStore } from './tenant-profile.store';

/** At POST /initialize: a tenant's meta.webhookUrl must pass the SSRF rules (400 otherwise); the profile is remembered. */
@Injectable()
export class WebhookInitializeHook implements InitializeHook {
  constructor(
    @Inject(DestinationGuard) private readonly guard: DestinationGuard,
    @Inject(TenantProfileStore) private readonly profiles: TenantProfileStore,
  ) {}

  async beforeInitialize(tenant: TenantContext): Promise<void> {
    const url = tenant.meta.webhookUrl;
    if (url === undefined) return;
    const problem = await this.guard.problem(url);
    if (problem)
      throw new AppError('VALIDATION_ERROR', `1 invalid field: meta.webhookUrl`, {
        errors: [{ field: 'meta.webhookUrl', message: `meta.webhookUrl ${problem}` }],
      });
  }

  async afterInitialize(tenant: TenantContext): Promise<void> {
    await this.profiles.save(tenant);
  }
}

/**
 * Changes the gateway itself makes known (see ChargeChangeListener): the sandbox's payments and cancellations, and a
 * refund through the gateway that leaves a charge REFUNDED at any bank. They go out like a bank's notifications,
 * verified (the gateway holds the bank's answer), with the id a bank's own notification of that state gets.
 */
@Injectable()
export class GatewayChangeEvents implements ChargeChangeListener {
  constructor(
    @Inject(WebhookDispatcher) private readonly dispatcher: WebhookDispatcher,
    @Inject(DestinationGuard) private readonly guard: DestinationGuard,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async changed(tenant: TenantContext, charge: Charge): Promise<void> {
    const url = tenant.meta.webhookUrl;
    try {
      if (url !== undefined && (await this.guard.problem(url)) !== undefined) return; // refused at /initialize too
      await this.dispatcher.emit(
        {
          id: WebhookDispatcher.statusEventId(tenant.providerId, tenant.tenantId, charge.id, charge.status),
          type: eventTypeForStatus(charge.status),
          createdAt: new Date().toISOString(),
          providerId: tenant.providerId,
          tenantId: tenant.tenantId,
          chargeId: charge.id,
          status: charge.status,
          providerStatus: charge.providerStatus,
          verified: true,
          data: presentCharge(charge),
        },
        url,
      );
    } catch (err) {
      this.logger.warn({ tenantId: tenant.tenantId, err: (err as Error).message }, 'charge change event not sent');
    }
  }
}
