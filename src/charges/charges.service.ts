import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Charge, ProviderCapabilities } from '@lib/providers';
import type { TenantContext } from '../auth/tenant-context';
import type { TokenScope } from '../auth/token-claims';
import { requireScope, requireWithinLimit } from '../auth/token-scopes';
import { AppError } from '../common/errors/app-error';
import { AppMetrics } from '../metrics/app-metrics';
import { ProviderCallRunner } from '@lib/providers';
import { ProviderRegistry } from '@lib/providers';
import { ChargeChangeListener, ChargeChangeListeners } from './charge-changes';
import type { ChargeOutcome } from './charge-outcome';
import { ChargeReadCache } from './charge-read.cache';
import { assertBodyShape, parseCreateCharge } from './dto/parse-create-charge';
import { parseIdempotencyKey, providerIdempotencyKey, requestFingerprint } from './idempotency/idempotency-key';
import { IdempotencyService } from './idempotency/idempotency.service';
import { assertChargeId, presentCharge } from './present-charge';
import { SandboxPaymentsService } from './sandbox-payments.service';
import { ChargeListingService, ChargeListResponse } from './listing/charge-listing.service';
import { ChargeRefundsService } from './refunds/charge-refunds.service';

export type { ChargeOutcome } from './charge-outcome';
export { CreateChargeDto } from './dto/create-charge.dto';

/**
 * The scope each operation needs (a token without `scope` has them all): enforced here, for REST and MCP alike;
 * the MCP tools use the same table to hide from tools/list what a token may not call.
 */
export const CHARGE_SCOPES = {
  create: 'charges:write',
  get: 'charges:read',
  cancel: 'charges:cancel',
  payInSandbox: 'charges:write',
  list: 'charges:read',
  /** No scope of its own: giving money back is as consequential as cancelling (README "Scopes and spending limits"). */
  refund: 'charges:cancel',
} as const satisfies Record<string, TokenScope>;

export interface ProviderInfo {
  id: string;
  displayName: string;
  capabilities: ProviderCapabilities;
}

/**
 * The one use-case layer for charges, shared by the REST controllers and the MCP tools: validation,
 * idempotency, the read cache and metrics live here; the provider is picked by the token's
 * providerId through the registry and called through ProviderCallRunner, never named.
 */
@Injectable()
export class ChargesService {
  constructor(
    @Inject(ProviderCallRunner) private readonly runner: ProviderCallRunner,
    @Inject(ProviderRegistry) private readonly registry: ProviderRegistry,
    @Inject(ChargeReadCache) private readonly cache: ChargeReadCache,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(AppMetrics) private readonly metrics: AppMetrics,
    @Inject(SandboxPaymentsService) private readonly sandbox: SandboxPaymentsService,
    @Inject(ChargeListingService) private readonly listing: ChargeListingService,
    @Inject(ChargeRefundsService) private readonly refunds: ChargeRefundsService,
    @Optional() @Inject(ChargeChangeListeners) private readonly listeners: ChargeChangeListener[] = [],
  ) {}

  /** Validates `body` as CreateChargeDto and creates the charge (201); with a key, at most once. */
  async create(
    tenant: TenantContext,
    body: unknown,
    opts: { idempotencyKey?: string; requestId?: string },
  ): Promise<ChargeOutcome> {
    requireScope(tenant, CHARGE_SCOPES.create);
    const provider = this.runner.provider(tenant);
    const key = parseIdempotencyKey(opts.idempotencyKey);
    assertBodyShape(body);
    const parsed = await parseCreateCharge(body);
    // Before the idempotency record: an over-limit create is refused the same way with or without a key.
    if (parsed.ok) requireWithinLimit(tenant, parsed.input.amount);
    // The read-cache write (it never throws) goes out with the idempotency record's completion, in one Redis write
    // instead of one round trip after the other; the answer still waits for both.
    let cacheWrite: Promise<void> | undefined;
    const execute = async (): Promise<ChargeOutcome> => {
      if (!parsed.ok) throw parsed.error;
      const input = parsed.input;
      if (!provider.capabilities.types.includes(input.type)) {
        throw new AppError(
          'UNSUPPORTED_CHARGE_TYPE',
          `${provider.displayName} does not offer ${input.type} charges; it offers ${provider.capabilities.types.join(', ')}.`,
        );
      }
      const idempotencyKey = key === undefined ? undefined : providerIdempotencyKey(tenant, 'create', key);
      const { result } = await this.runner.run(tenant, 'create', opts.requestId, (p, ctx) =>
        p.create(ctx, input, { idempotencyKey }),
      );
      const charge = presentCharge(result);
      this.metrics.chargeCreated(provider.id, charge.type);
      if (tenant.meta.cacheEnabled) cacheWrite = this.cache.write(tenant, charge);
      return { httpStatus: 201, charge, replayed: false };
    };
    const outcome =
      key === undefined
        ? await execute()
        : await this.idempotency.run({
            tenant,
            key,
            fingerprint: requestFingerprint('create', body),
            whenStoreDown: 'refuse',
            rejection: parsed.ok ? undefined : parsed.error,
            execute,
          });
    await cacheWrite;
    return outcome;
  }

  /** Reads a charge: from the tenant's cache when meta.cacheEnabled (HIT/MISS), else from the provider (BYPASS). */
  async get(tenant: TenantContext, id: string, opts: { requestId?: string }): Promise<ChargeOutcome> {
    requireScope(tenant, CHARGE_SCOPES.get);
    assertChargeId(id);
    if (!tenant.meta.cacheEnabled) {
      this.metrics.cache('bypass');
      return {
        httpStatus: 200,
        charge: await this.fetch(tenant, id, opts.requestId),
        replayed: false,
        cache: 'BYPASS',
      };
    }
    const cached = await this.cache.read(tenant, id);
    if (cached) {
      this.metrics.cache('hit');
      return { httpStatus: 200, charge: cached, replayed: false, cache: 'HIT' };
    }
    this.metrics.cache('miss');
    const charge = await this.fetch(tenant, id, opts.requestId);
    await this.cache.write(tenant, charge);
    return { httpStatus: 200, charge, replayed: false, cache: 'MISS' };
  }

  /**
   * Cancels a charge (200; a cancelled one is answered as is). Cancel cannot double-charge, so with
   * the idempotency store down a keyed cancel still goes through, unrecorded.
   */
  async cancel(
    tenant: TenantContext,
    id: string,
    opts: { idempotencyKey?: string; requestId?: string },
  ): Promise<ChargeOutcome> {
    requireScope(tenant, CHARGE_SCOPES.cancel);
    assertChargeId(id);
    const key = parseIdempotencyKey(opts.idempotencyKey);
    const execute = async (): Promise<ChargeOutcome> => {
      if (!this.runner.provider(tenant).capabilities.cancel)
        throw new AppError('CHARGE_NOT_CANCELLABLE', 'This provider does not support cancelling charges.');
      const idempotencyKey = key === undefined ? undefined : providerIdempotencyKey(tenant, 'cancel', key);
      const { result } = await this.runner.run(tenant, 'cancel', opts.requestId, (p, ctx) =>
        p.cancel(ctx, id, { idempotencyKey }),
      );
      await this.cache.forget(tenant, id);
      // A bank that does not notify by itself (the sandbox) announces its own change.
      if (this.runner.provider(tenant).sandbox)
        for (const listener of this.listeners) await listener.changed(tenant, result);
      return { httpStatus: 200, charge: presentCharge(result), replayed: false };
    };
    if (key === undefined) return execute();
    return this.idempotency.run({
      tenant,
      key,
      fingerprint: requestFingerprint('cancel', { id }),
      whenStoreDown: 'proceed',
      execute,
    });
  }

  /** Sandbox only: the payer pays the charge (200); the read cache forgets it. */
  async payInSandbox(tenant: TenantContext, id: string, opts: { requestId?: string }): Promise<ChargeOutcome> {
    requireScope(tenant, CHARGE_SCOPES.payInSandbox);
    return this.sandbox.pay(tenant, id, opts);
  }

  /** One page of the tenant's charges matching the query's filters (GET /v1/charges). */
  async list(
    tenant: TenantContext,
    query: Record<string, unknown>,
    opts: { requestId?: string },
  ): Promise<ChargeListResponse> {
    requireScope(tenant, CHARGE_SCOPES.list);
    return this.listing.list(tenant, query, opts);
  }

  /** Refunds all or part of a paid charge (201); with a key, at most once. */
  async refund(
    tenant: TenantContext,
    id: string,
    body: unknown,
    opts: { idempotencyKey?: string; requestId?: string },
  ): Promise<ChargeOutcome> {
    requireScope(tenant, CHARGE_SCOPES.refund);
    return this.refunds.refund(tenant, id, body, opts);
  }

  listProviders(): ProviderInfo[] {
    return this.registry.list().map((p) => ({ id: p.id, displayName: p.displayName, capabilities: p.capabilities }));
  }

  private async fetch(tenant: TenantContext, id: string, requestId: string | undefined): Promise<Charge> {
    const { result } = await this.runner.run(tenant, 'get', requestId, (p, ctx) => p.get(ctx, id));
    return presentCharge(result);
  }
}
