import { Inject, Injectable } from '@nestjs/common';
import type { ProviderContext } from '../../libs/providers/src';
import type { SandboxCredentials } from '../../libs/providers/src/sandbox/sandbox.credentials';
import { SandboxProvider } from '../../libs/providers/src/sandbox/sandbox.provider';
import type { TenantContext } from '../auth/tenant-context';
import { AppError } from '../common/errors/app-error';
import { ProviderCallRunner } from '../providers/provider-call.runner';
import type { ChargeOutcome } from './charge-outcome';
import { ChargeReadCache } from './charge-read.cache';
import { assertChargeId, presentCharge } from './present-charge';

/** POST /v1/sandbox/charges/:id/pay: the payer paying at the sandbox bank (sandbox tokens only). */
@Injectable()
export class SandboxPaymentsService {
  constructor(
    @Inject(ProviderCallRunner) private readonly runner: ProviderCallRunner,
    @Inject(ChargeReadCache) private readonly cache: ChargeReadCache,
  ) {}

  async pay(tenant: TenantContext, id: string, opts: { requestId?: string }): Promise<ChargeOutcome> {
    assertChargeId(id);
    const provider = this.runner.provider(tenant);
    if (!(provider instanceof SandboxProvider)) {
      throw new AppError('SANDBOX_ONLY', `Payments can only be simulated at the sandbox provider; this token's provider is ${provider.id}.`);
    }
    const { result } = await this.runner.run(tenant, 'pay', opts.requestId, (_p, ctx) => provider.pay(ctx as ProviderContext<SandboxCredentials>, id));
    await this.cache.forget(tenant, id);
    return { httpStatus: 200, charge: presentCharge(result), replayed: false };
  }
}
