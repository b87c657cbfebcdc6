import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import {
  CANCELLABLE_STATUSES,
  Charge,
  ChargeListFilters,
  ChargeStatus,
  CreateChargeInput,
  RefundChargeInput,
} from '../charge.model';
import type {
  ChargeProvider,
  CreateOptions,
  ListPage,
  ListResult,
  ProviderCapabilities,
  ProviderContext,
  ProviderSession,
  RefundOptions,
} from '../charge-provider';
import { ProviderError } from '../provider-error';
import { ProviderSettings } from '../provider-settings';
import { SandboxBank } from './sandbox.bank';
import { parseSandboxCredentials, SandboxCredentials } from './sandbox.credentials';
import { sandboxBoleto, sandboxBrCode } from './sandbox.documents';
import { applySandboxFaults } from './sandbox.faults';
import { SandboxIndex } from './sandbox.index';
import { listSandboxCharges } from './sandbox.listing';
import { applySandboxRefund } from './sandbox.refunds';
import type { SandboxRecord } from './sandbox.record';
import { SANDBOX_STATUS, sandboxStatusWord } from './sandbox.status';

const SANDBOX_ID = /^sbx_[0-9a-f]{24}$/;
const DEFAULT_PIX_EXPIRY_SECONDS = 86_400;
const PAYABLE: ReadonlySet<ChargeStatus> = new Set(['PENDING', 'OVERDUE']);

type Ctx = ProviderContext<SandboxCredentials>;

function notFound(): ProviderError {
  return new ProviderError('CHARGE_NOT_FOUND', 'No sandbox charge with this id exists for this tenant.');
}

/**
 * The embedded `sandbox` bank: a real strategy that keeps each tenant's charges in the gateway's
 * store, issues valid boletos (FEBRABAN check digits, bank code 000) and Pix BR Codes, and moves
 * status like a bank (pay, cancel, overdue and expiry derived at read time). Its credentials may
 * ask for latency and failures on every call (see sandbox.faults.ts).
 */
@Injectable()
export class SandboxProvider implements ChargeProvider<SandboxCredentials> {
  readonly id = 'sandbox';
  readonly displayName = 'Sandbox (embedded test bank)';
  readonly capabilities: ProviderCapabilities = {
    types: ['boleto', 'pix', 'bolepix'],
    idempotentCreate: true,
    asyncRegistration: false,
    requiresSession: false,
    cancel: true,
    list: true,
    refund: true,
    // The sandbox has no PDF of its own: the gateway renders it (README "Documents").
    boletoPdf: false,
  };
  /** A test bank that moves no money: served only while SANDBOX_ENABLED is on. */
  readonly sandbox = true;

  constructor(@Inject(ProviderSettings) private readonly settings: ProviderSettings) {}

  /** The bank's clock (a hook, so tests can age charges). */
  protected now(): Date {
    return new Date();
  }

  parseCredentials(raw: unknown): SandboxCredentials {
    return parseSandboxCredentials(raw);
  }

  async authenticate(ctx: Ctx): Promise<ProviderSession> {
    await this.faults(ctx);
    // The session cache is best-effort: with the store down, authenticate uncached instead of failing.
    const existing = await ctx.state.get('session').catch(() => undefined);
    if (existing) return { expiresAt: existing, cached: true };
    const expiresAt = new Date(this.now().getTime() + ctx.sessionTtlSeconds * 1000).toISOString();
    await ctx.state.set('session', expiresAt, { ttlMs: ctx.sessionTtlSeconds * 1000, secret: true }).catch(() => false);
    return { expiresAt, cached: false };
  }

  /** With an idempotency key the charge id is derived from it, so the same key can never make two charges. */
  async create(ctx: Ctx, input: CreateChargeInput, options: CreateOptions): Promise<Charge> {
    await this.faults(ctx);
    const id = options.idempotencyKey
      ? `sbx_${createHash('sha256').update(`sandbox-charge:${options.idempotencyKey}`).digest('hex').slice(0, 24)}`
      : `sbx_${randomBytes(12).toString('hex')}`;
    const bank = new SandboxBank(ctx.state);
    const record = this.register(ctx.tenantId, id, input);
    // Indexed before it is stored, so a charge that exists is always listed (an entry whose charge never landed is
    // skipped by listings); an index that cannot be written declines the create before anything is stored. A keyed
    // create, which a retry repeats, is indexed once.
    const index = new SandboxIndex(ctx.state);
    if (options.idempotencyKey !== undefined) await index.appendIfMissing(id);
    else await index.append(id, false);
    if (await bank.insert(record).catch(outcomeUnknown)) return this.toCharge(record);
    const existing = await bank.find(id);
    if (!existing)
      throw new ProviderError(
        'PROVIDER_UNAVAILABLE',
        'The sandbox bank lost track of this charge; try again shortly.',
        { retryAfterSeconds: 1 },
      );
    return this.toCharge(existing);
  }

  async get(ctx: Ctx, id: string): Promise<Charge> {
    await this.faults(ctx);
    const record = SANDBOX_ID.test(id) ? await new SandboxBank(ctx.state).find(id) : undefined;
    if (!record) throw notFound();
    return this.toCharge(record);
  }

  /** Cancels an open charge; cancelling a cancelled one answers it unchanged (idempotent). */
  async cancel(ctx: Ctx, id: string, _options: CreateOptions): Promise<Charge> {
    return this.transition(ctx, id, (record, status, at) => {
      if (status === 'CANCELLED') return record;
      if (!CANCELLABLE_STATUSES.has(status))
        throw new ProviderError('CHARGE_NOT_CANCELLABLE', `The charge is ${status} and can no longer be cancelled.`);
      return { ...record, state: 'CANCELADO', cancelledAt: at, updatedAt: at };
    });
  }

  /** Simulates the payer paying the full amount (POST /v1/sandbox/charges/:id/pay). */
  async simulatePayment(ctx: Ctx, id: string): Promise<Charge> {
    return this.transition(ctx, id, (record, status, at) => {
      if (!PAYABLE.has(status))
        throw new ProviderError(
          'CHARGE_NOT_PAYABLE',
          `The charge is ${status}; only PENDING or OVERDUE charges can be paid.`,
        );
      return { ...record, state: 'PAGO', paidAt: at, paidAmount: record.amount, updatedAt: at };
    });
  }

  /** One page of the tenant's charges, newest first, from the sandbox's per-tenant index. */
  async list(ctx: Ctx, filters: ChargeListFilters, page: ListPage): Promise<ListResult> {
    await this.faults(ctx);
    return listSandboxCharges(ctx.state, filters, page, (record) => this.toCharge(record));
  }

  /** Refunds all or part of a paid charge at once; a retried keyed refund answers the charge unchanged. */
  async refund(ctx: Ctx, id: string, input: RefundChargeInput, options: RefundOptions): Promise<Charge> {
    return this.transition(ctx, id, (record, status, at) =>
      applySandboxRefund(record, status, input, options.refundKey, at),
    );
  }

  private async transition(
    ctx: Ctx,
    id: string,
    change: (record: SandboxRecord, status: ChargeStatus, at: string) => SandboxRecord,
  ): Promise<Charge> {
    await this.faults(ctx);
    if (!SANDBOX_ID.test(id)) throw notFound();
    const updated = await new SandboxBank(ctx.state).update(id, (record) => {
      const now = this.now();
      return change(record, SANDBOX_STATUS[sandboxStatusWord(record, now)], now.toISOString());
    });
    if (!updated) throw notFound();
    return this.toCharge(updated);
  }

  private faults(ctx: Ctx): Promise<void> {
    return applySandboxFaults(ctx.credentials, this.settings.timeoutMs);
  }

  /** Registers the charge: the payment documents are issued at once (the sandbox registers synchronously). */
  private register(tenantId: string, id: string, input: CreateChargeInput): SandboxRecord {
    const now = this.now();
    const at = now.toISOString();
    const record: SandboxRecord = {
      id,
      type: input.type,
      amount: input.amount,
      payer: input.payer,
      state: 'EM_ABERTO',
      createdAt: at,
      updatedAt: at,
    };
    for (const k of ['dueDate', 'description', 'externalId', 'fine', 'interest', 'discount'] as const) {
      if (input[k] !== undefined) Object.assign(record, { [k]: input[k] });
    }
    try {
      if (input.type !== 'pix') {
        if (!input.dueDate)
          throw new ProviderError('VALIDATION_ERROR', 'dueDate is required for boleto and bolepix', {
            fields: [{ field: 'dueDate', message: 'dueDate is required for boleto and bolepix' }],
          });
        record.boleto = sandboxBoleto(id, input.dueDate, input.amount);
      }
      if (input.type !== 'boleto') {
        const pix: SandboxRecord['pix'] = sandboxBrCode(tenantId, id, input.amount);
        if (input.type === 'pix')
          pix.expiresAt = new Date(
            now.getTime() + (input.expiresInSeconds ?? DEFAULT_PIX_EXPIRY_SECONDS) * 1000,
          ).toISOString();
        record.pix = pix;
      }
    } catch (err) {
      if (err instanceof RangeError)
        throw new ProviderError('VALIDATION_ERROR', `The sandbox bank refused the charge: ${err.message}.`, {
          cause: err,
        });
      throw err;
    }
    return record;
  }

  private toCharge(record: SandboxRecord): Charge {
    const word = sandboxStatusWord(record, this.now());
    const charge: Charge = {
      id: record.id,
      providerId: this.id,
      type: record.type,
      status: SANDBOX_STATUS[word],
      providerStatus: word,
      amount: record.amount,
      currency: 'BRL',
      payer: record.payer,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
    for (const k of [
      'dueDate',
      'description',
      'externalId',
      'boleto',
      'pix',
      'paidAt',
      'paidAmount',
      'cancelledAt',
      'refunds',
      'refundedAmount',
    ] as const) {
      if (record[k] !== undefined) Object.assign(charge, { [k]: record[k] });
    }
    return charge;
  }
}

/**
 * A store failure while storing a new charge: when the write was sent (the store timed out or failed after it), the
 * charge may exist once the store answers again, so the caller is told the outcome is unknown (504, as for a bank
 * that timed out after committing) rather than that the call was declined (503). A write that never left stays 503.
 */
function outcomeUnknown(err: unknown): never {
  const cause = err instanceof ProviderError ? err.cause : undefined;
  if (err instanceof ProviderError && err.code === 'PROVIDER_UNAVAILABLE' && mayHaveApplied(cause))
    throw new ProviderError(
      'PROVIDER_TIMEOUT',
      'The sandbox store did not confirm the new charge in time; it may exist. Retry with the same Idempotency-Key, or look it up by externalId before creating it again.',
      { cause },
    );
  throw err;
}

const mayHaveApplied = (cause: unknown): boolean =>
  typeof cause === 'object' && cause !== null && (cause as { mayHaveApplied?: unknown }).mayHaveApplied === true;
