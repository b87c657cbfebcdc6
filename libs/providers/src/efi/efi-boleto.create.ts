import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { todayInSaoPaulo } from '@lib/brazil';
import type { Charge, CreateChargeInput } from '../charge.model';
import type { CreateOptions } from '../charge-provider';
import { ProviderError } from '../provider-error';
import { ProviderHttpError } from '../http/http-failure';
import type { EfiCtx } from './efi.client';
import type { EfiChargesClient } from './efi-charges.client';
import { fromEfiCharge, fromEfiCreated, toEfiOneStep } from './efi-boleto.mapper';
import { fromEfiListed } from './efi.listing';
import { parseEfiId } from './efi.mapper';

const MARKER_TTL_MS = 24 * 3600 * 1000;

/** custom_id: the caller's externalId, else one derived from the idempotency key (so a lookup can find the charge). */
export function efiCustomId(input: CreateChargeInput, idempotencyKey?: string): string | undefined {
  if (input.externalId !== undefined) return input.externalId;
  if (!idempotencyKey) return undefined;
  return `gw-${createHash('sha256').update(`efi-custom-id:${idempotencyKey}`).digest('hex').slice(0, 32)}`;
}

/** A failure after which Efí may or may not have registered the charge. */
function ambiguous(err: unknown): boolean {
  if (!(err instanceof ProviderHttpError) || !err.failure.sent) return false;
  return err.failure.kind === 'timeout' || err.failure.kind === 'reset' || err.failure.kind === 'status';
}

/**
 * Boleto and bolepix at Efí, which honours no idempotency key (and refuses a third identical charge, 4600210).
 * An ambiguous failure is reconciled by looking the charge up by custom_id (+ amount, due date, payer) before
 * creating once more; with a gateway idempotency key a marker in the tenant's state remembers the charge id,
 * so a caller's retry after a lost answer finds the same charge.
 */
export class EfiBoletoCreateFlow {
  constructor(
    private readonly client: EfiChargesClient,
    private readonly reconcileDelayMs = 300,
  ) {}

  async create(ctx: EfiCtx, input: CreateChargeInput, options: CreateOptions): Promise<Charge> {
    const customId = efiCustomId(input, options.idempotencyKey);
    const body = toEfiOneStep(input, customId);
    const marker = options.idempotencyKey
      ? `efi-create:${createHash('sha256').update(options.idempotencyKey).digest('hex').slice(0, 32)}`
      : undefined;
    if (marker) {
      const prior = await this.readMarker(ctx, marker);
      const ref = prior?.id ? parseEfiId(prior.id) : undefined;
      if (ref?.api === 'charges') return fromEfiCharge(await this.client.getCharge(ctx, ref.chargeId));
      if (prior) {
        const found = await this.lookup(ctx, input, customId);
        if (found) return this.remember(ctx, marker, found);
      }
      await this.writeMarker(ctx, marker, {});
    }
    let created: Charge;
    try {
      created = fromEfiCreated(await this.client.createOneStep(ctx, body), input, customId);
    } catch (err) {
      if (!ambiguous(err)) throw err;
      await sleep(this.reconcileDelayMs);
      let found: Charge | undefined;
      try {
        found = await this.lookup(ctx, input, customId);
      } catch {
        throw err; // cannot tell whether it exists: never risk a second charge
      }
      if (found) return marker ? this.remember(ctx, marker, found) : found;
      if (customId === undefined) throw err; // nothing to look it up by next time either
      created = fromEfiCreated(await this.client.createOneStep(ctx, body), input, customId);
    }
    if (marker) await this.writeMarker(ctx, marker, { id: created.id });
    if (input.type === 'bolepix' && !created.pix) await this.refuseWithoutBolix(ctx, created);
    return created;
  }

  /** Bolix (the Pix QR on the boleto) is an account setting at Efí: without it a bolepix cannot be honoured. */
  private async refuseWithoutBolix(ctx: EfiCtx, created: Charge): Promise<never> {
    const ref = parseEfiId(created.id);
    if (ref?.api === 'charges') await this.client.cancelCharge(ctx, ref.chargeId).catch(() => false);
    throw new ProviderError(
      'UNSUPPORTED_CHARGE_TYPE',
      'Efí issued the boleto without a Pix QR code: enable Bolix (boleto com Pix) on the Efí account to create bolepix charges. The boleto was cancelled.',
    );
  }

  /** The charge issued yesterday..tomorrow (Sao Paulo) with this custom_id, amount, due date and payer document. */
  private async lookup(
    ctx: EfiCtx,
    input: CreateChargeInput,
    customId: string | undefined,
  ): Promise<Charge | undefined> {
    if (customId === undefined) return undefined;
    const now = Date.now();
    const from = todayInSaoPaulo(new Date(now - 86_400_000));
    const to = todayInSaoPaulo(new Date(now + 86_400_000));
    for (const item of await this.client.findByCustomId(ctx, customId, from, to)) {
      let listed: Charge;
      try {
        listed = fromEfiListed(item);
      } catch {
        continue;
      }
      if (listed.externalId !== customId || listed.amount !== input.amount || listed.status === 'CANCELLED') continue;
      const ref = parseEfiId(listed.id);
      if (ref?.api !== 'charges') continue;
      const charge = fromEfiCharge(await this.client.getCharge(ctx, ref.chargeId));
      if (charge.dueDate === input.dueDate && charge.payer.document === input.payer.document) return charge;
    }
    return undefined;
  }

  private async remember(ctx: EfiCtx, marker: string, charge: Charge): Promise<Charge> {
    await this.writeMarker(ctx, marker, { id: charge.id });
    return charge;
  }

  private async readMarker(ctx: EfiCtx, name: string): Promise<{ id?: string } | undefined> {
    try {
      const raw = await ctx.state.get(name);
      return raw === undefined ? undefined : (JSON.parse(raw) as { id?: string });
    } catch {
      return undefined;
    }
  }

  private async writeMarker(ctx: EfiCtx, name: string, value: { id?: string }): Promise<void> {
    await ctx.state.set(name, JSON.stringify(value), { ttlMs: MARKER_TTL_MS }).catch(() => undefined);
  }
}
