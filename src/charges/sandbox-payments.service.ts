import { Inject, Injectable, Optional } from '@nestjs/common';
import { canSimulatePayment, ProviderCallRunner } from '@lib/providers';
import type { TenantContext } from '../auth/tenant-context';
import { AppError } from '../common/errors/app-error';
import { ChargeChangeListener, ChargeChangeListeners } from './charge-changes';
import type { ChargeOutcome } from './charge-outcome';
import { ChargeReadCache } from './charge-read.cache';
import { assertChargeId, presentCharge } from './present-charge';

/**
 * POST /v1/sandbox/charges/:id/pay: the payer paying, at a provider that can simulate it (the contract's optional
 * `simulatePayment`, which only test banks implement); 403 SANDBOX_ONLY for any other.
 */
@Injectable()
export class SandboxPaymentsService {
  constructor(
    @Inject(ProviderCallRunner) private readonly runner: ProviderCallRunner,
    @Inject(ChargeReadCache) private readonly cache: ChargeReadCache,
    @Optional() @Inject(ChargeChangeListeners) private readonly listeners: ChargeChangeListener[] = [],
  ) {}

  async pay(tenant: TenantContext, id: string, opts: { requestId?: string }): Promise<ChargeOutcome> {
    assertChargeId(id);
    const provider = this.runner.provider(tenant);
    if (!canSimulatePayment(provider)) {
      throw new AppError(
        'SANDBOX_ONLY',
        `Payments can only be simulated at the sandbox provider; this token's provider is ${provider.id}.`,
      );
    }
    const { result } = await this.runner.run(tenant, 'pay', opts.requestId, (_p, ctx) =>
      provider.simulatePayment(ctx, id),
    );
    await this.cache.forget(tenant, id);
    for (const listener of this.listeners) await listener.changed(tenant, result);
    return { httpStatus: 200, charge: presentCharge(result), replayed: false };
  }
}
