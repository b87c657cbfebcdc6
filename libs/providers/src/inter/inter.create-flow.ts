import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { todayInSaoPaulo } from '@lib/brazil';
import type { Charge, CreateChargeInput } from '../charge.model';
import type { CreateOptions, ProviderContext } from '../charge-provider';
import { ProviderError } from '../provider-error';
import { ProviderHttpError } from '../http/http-failure';
import type { InterClient } from './inter.client';
import type { InterCredentials } from './inter.credentials';
import { fromInterCobranca, processingCharge, toInterCobranca } from './inter.mapper';

type Ctx = ProviderContext<InterCredentials>;

const SEU_NUMERO = /^[A-Za-z0-9._/-]{1,15}$/;
const MARKER_TTL_MS = 24 * 3600 * 1000;

/** seuNumero: the caller's externalId (1..15 characters), else derived from the idempotency key, else random. */
export function seuNumeroFor(input: CreateChargeInput, idempotencyKey?: string): string {
  if (input.externalId !== undefined) {
    if (!SEU_NUMERO.test(input.externalId)) {
      throw new ProviderError(
        'VALIDATION_ERROR',
        'Banco Inter: externalId becomes seuNumero and must be 1 to 15 letters, digits, ".", "_", "/" or "-".',
        {
          fields: [
            { field: 'externalId', message: 'at most 15 letters, digits, ".", "_", "/" or "-" for provider inter' },
          ],
        },
      );
    }
    return input.externalId;
  }
  const bytes = idempotencyKey
    ? createHash('sha256').update(`inter-seu-numero:${idempotencyKey}`).digest()
    : randomBytes(16);
  return BigInt(`0x${bytes.subarray(0, 12).toString('hex')}`)
    .toString(36)
    .toUpperCase()
    .padStart(15, '0')
    .slice(-15);
}

/** A failure after which Inter may or may not have registered the charge. */
function ambiguous(err: unknown): boolean {
  if (!(err instanceof ProviderHttpError) || !err.failure.sent) return false;
  return err.failure.kind === 'timeout' || err.failure.kind === 'reset' || err.failure.kind === 'status';
}

/**
 * Creating at Inter, which has no idempotency key. An ambiguous failure (timeout, dropped
 * connection, 5xx) is reconciled by looking the charge up by seuNumero (+ amount, due date and
 * payer) before creating again, once. With a gateway idempotency key a marker in the tenant's
 * state remembers the attempt, so a caller's retry after a lost answer finds the same charge.
 */
export class InterCreateFlow {
  constructor(
    private readonly client: InterClient,
    private readonly reconcileDelayMs = 300,
  ) {}

  async create(ctx: Ctx, input: CreateChargeInput, options: CreateOptions): Promise<Charge> {
    const seuNumero = seuNumeroFor(input, options.idempotencyKey);
    const body = toInterCobranca(input, seuNumero);
    const marker = options.idempotencyKey
      ? `inter-create:${createHash('sha256').update(options.idempotencyKey).digest('hex').slice(0, 32)}`
      : undefined;
    if (marker) {
      const prior = await this.readMarker(ctx, marker);
      if (prior?.id) return fromInterCobranca(await this.client.getCobranca(ctx, prior.id));
      if (prior) {
        const found = await this.lookup(ctx, input, seuNumero);
        if (found) return this.remember(ctx, marker, found);
      }
      await this.writeMarker(ctx, marker, {});
    }
    let codigo: string;
    try {
      codigo = await this.client.createCobranca(ctx, body);
    } catch (err) {
      if (!ambiguous(err)) throw err;
      await sleep(this.reconcileDelayMs);
      let found: Charge | undefined;
      try {
        found = await this.lookup(ctx, input, seuNumero);
      } catch {
        throw err; // cannot tell whether it exists: never risk a second charge
      }
      if (found) return marker ? this.remember(ctx, marker, found) : found;
      codigo = await this.client.createCobranca(ctx, body);
    }
    if (marker) await this.writeMarker(ctx, marker, { id: codigo });
    return processingCharge(codigo, input, seuNumero);
  }

  /** The charge issued (yesterday..tomorrow, Sao Paulo) with this seuNumero, amount, due date and payer. */
  private async lookup(ctx: Ctx, input: CreateChargeInput, seuNumero: string): Promise<Charge | undefined> {
    const now = Date.now();
    const from = todayInSaoPaulo(new Date(now - 86_400_000));
    const to = todayInSaoPaulo(new Date(now + 86_400_000));
    const items = await this.client.findBySeuNumero(ctx, seuNumero, from, to);
    for (const item of items) {
      let charge: Charge;
      try {
        charge = fromInterCobranca(item);
      } catch {
        continue;
      }
      if (
        charge.externalId === seuNumero &&
        charge.amount === input.amount &&
        charge.dueDate === input.dueDate &&
        charge.payer.document === input.payer.document
      )
        return charge;
    }
    return undefined;
  }

  private async remember(ctx: Ctx, marker: string, charge: Charge): Promise<Charge> {
    await this.writeMarker(ctx, marker, { id: charge.id });
    return charge;
  }

  private async readMarker(ctx: Ctx, name: string): Promise<{ id?: string } | undefined> {
    try {
      const raw = await ctx.state.get(name);
      return raw === undefined ? undefined : (JSON.parse(raw) as { id?: string });
    } catch {
      return undefined;
    }
  }

  private async writeMarker(ctx: Ctx, name: string, value: { id?: string }): Promise<void> {
    await ctx.state.set(name, JSON.stringify(value), { ttlMs: MARKER_TTL_MS }).catch(() => undefined);
  }
}
