import { Inject, Injectable, Optional } from '@nestjs/common';
import { canRefund, ProviderCallRunner } from '@lib/providers';
import type { TenantContext } from '../../auth/tenant-context';
import { AppError } from '../../common/errors/app-error';
import { ChargeChangeListener, ChargeChangeListeners } from '../charge-changes';
import type { ChargeOutcome } from '../charge-outcome';
import { ChargeReadCache } from '../charge-read.cache';
import { parseIdempotencyKey, providerIdempotencyKey, requestFingerprint } from '../idempotency/idempotency-key';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { assertChargeId, presentCharge } from '../present-charge';
import { parseRefund } from './parse-refund';

/**
 * Refunds (all or part of) a paid charge at its provider, with Idempotency-Key semantics identical to create: the
 * key is claimed and the answer recorded, a store that is down refuses a keyed refund (money moves), and the bank
 * sees a refund id derived from tenant, provider and key, so even a retry past a lost record refunds once.
 */
@Injectable()
export class ChargeRefundsService {
  constructor(
    @Inject(ProviderCallRunner) private readonly runner: ProviderCallRunner,
    @Inject(ChargeReadCache) private readonly cache: ChargeReadCache,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Optional() @Inject(ChargeChangeListeners) private readonly listeners: ChargeChangeListener[] = [],
  ) {}

  /** The caller's scope is checked by ChargesService before this runs. */
  async refund(
    tenant: TenantContext,
    id: string,
    body: unknown,
    opts: { idempotencyKey?: string; requestId?: string },
  ): Promise<ChargeOutcome> {
    assertChargeId(id);
    const key = parseIdempotencyKey(opts.idempotencyKey);
    const input = parseRefund(body);
    const execute = async (): Promise<ChargeOutcome> => {
      const provider = this.runner.provider(tenant);
      if (!canRefund(provider))
        throw new AppError(
          'UNSUPPORTED_OPERATION',
          `${provider.displayName} does not offer refunds through this gateway.`,
        );
      // 32 hex characters: valid as a Pix devolução id ([a-zA-Z0-9]{1,35}) and as most banks' own refund keys.
      const refundKey = key === undefined ? undefined : providerIdempotencyKey(tenant, 'refund', key).replace(/-/g, '');
      const { result } = await this.runner.run(tenant, 'refund', opts.requestId, (_p, ctx) =>
        provider.refund(ctx, id, input, refundKey === undefined ? {} : { refundKey }),
      );
      await this.cache.forget(tenant, id);
      // charge.refunded once nothing is left, at every bank: Inter and the sandbox announce no refund themselves, and
      // where the bank does (Asaas, Efí) its notification of the REFUNDED state carries the same event id. A partial
      // refund leaves the charge PAID, whose event already went out with the payment.
      if (result.status === 'REFUNDED') for (const listener of this.listeners) await listener.changed(tenant, result);
      return { httpStatus: 201, charge: presentCharge(result), replayed: false };
    };
    if (key === undefined) return execute();
    return this.idempotency.run({
      tenant,
      key,
      fingerprint: requestFingerprint('refund', { id, ...input }),
      whenStoreDown: 'refuse',
      execute,
    });
  }
}
