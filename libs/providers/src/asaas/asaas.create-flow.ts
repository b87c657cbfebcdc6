import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CreateChargeInput } from '../charge.model';
import type { CreateOptions, ProviderContext } from '../charge-provider';
import { ProviderError } from '../provider-error';
import { ProviderHttpError } from '../http/http-failure';
import { AsaasClient, AsaasRefusal } from './asaas.client';
import type { AsaasCredentials } from './asaas.credentials';
import { AsaasCustomers } from './asaas.customers';
import { asaasCents, str, toAsaasPayment } from './asaas.mapper';

type Ctx = ProviderContext<AsaasCredentials>;
type Json = Record<string, unknown>;

const MARKER_TTL_MS = 24 * 3600 * 1000;
const EXTERNAL_REFERENCE = /^[\x20-\x7E]{1,100}$/;

/** externalReference: the caller's externalId, else derived from the idempotency key (deterministic), else random. */
export function externalReferenceFor(input: CreateChargeInput, idempotencyKey?: string): string {
  if (input.externalId !== undefined) {
    if (!EXTERNAL_REFERENCE.test(input.externalId))
      throw new ProviderError('VALIDATION_ERROR', 'Asaas: externalId becomes externalReference: 1 to 100 characters.', {
        fields: [{ field: 'externalId', message: 'at most 100 printable ASCII characters for provider asaas' }],
      });
    return input.externalId;
  }
  const hex = idempotencyKey
    ? createHash('sha256').update(`asaas-external-reference:${idempotencyKey}`).digest('hex')
    : randomBytes(16).toString('hex');
  return `gw-${hex.slice(0, 32)}`;
}

/** A failure after which Asaas may or may not have created the payment. */
function ambiguous(err: unknown): boolean {
  if (!(err instanceof ProviderHttpError) || !err.failure.sent) return false;
  return err.failure.kind === 'timeout' || err.failure.kind === 'reset' || err.failure.kind === 'status';
}

/**
 * Creating at Asaas, which has no idempotency key: the customer first (found or created once), then the payment.
 * An ambiguous failure (timeout, dropped connection, 5xx) is reconciled by `GET /payments?externalReference=` (and
 * the same customer, billing type, value and due date) before creating again, once. With a gateway idempotency key
 * a marker in the tenant's state remembers the attempt, so a caller's retry after a lost answer finds the payment.
 */
export class AsaasCreateFlow {
  constructor(
    private readonly client: AsaasClient,
    private readonly customers: AsaasCustomers,
    private readonly reconcileDelayMs = 300,
  ) {}

  /** The created (or found) payment and its customer id. */
  async create(ctx: Ctx, input: CreateChargeInput, options: CreateOptions): Promise<Json> {
    const externalReference = externalReferenceFor(input, options.idempotencyKey);
    const marker = options.idempotencyKey
      ? `create:${createHash('sha256').update(options.idempotencyKey).digest('hex').slice(0, 32)}`
      : undefined;
    const prior = marker ? await this.readMarker(ctx, marker) : undefined;
    if (prior?.id) return this.client.getPayment(ctx, prior.id);
    const customer = await this.customers.idFor(ctx, input.payer);
    const body = toAsaasPayment(input, customer, externalReference);
    if (prior) {
      const found = await this.lookup(ctx, body);
      if (found) return this.remember(ctx, marker, found);
    }
    if (marker) await this.writeMarker(ctx, marker, {});
    let payment: Json;
    try {
      payment = await this.createOnce(ctx, input, body);
    } catch (err) {
      if (!ambiguous(err)) throw err;
      await sleep(this.reconcileDelayMs);
      let found: Json | undefined;
      try {
        found = await this.lookup(ctx, body);
      } catch {
        throw err; // cannot tell whether it exists: never risk a second payment
      }
      if (found) return this.remember(ctx, marker, found);
      payment = await this.createOnce(ctx, input, body);
    }
    return this.remember(ctx, marker, payment);
  }

  /** POST /payments; a customer Asaas no longer knows (deleted since we remembered it) is found or created again. */
  private async createOnce(ctx: Ctx, input: CreateChargeInput, body: Json): Promise<Json> {
    try {
      return await this.client.createPayment(ctx, body);
    } catch (err) {
      if (!(err instanceof AsaasRefusal) || !err.asaasCodes.includes('invalid_customer')) throw err;
      await this.customers.forget(ctx, input.payer.document);
      body.customer = await this.customers.idFor(ctx, input.payer);
      return this.client.createPayment(ctx, body);
    }
  }

  /** The live payment with this externalReference, customer, billing type, value and due date. */
  private async lookup(ctx: Ctx, body: Json): Promise<Json | undefined> {
    const items = await this.client.findPayments(ctx, String(body.externalReference));
    const value = asaasCents(body.value);
    return items.find(
      (p) =>
        p.deleted !== true &&
        p.externalReference === body.externalReference &&
        p.customer === body.customer &&
        p.billingType === body.billingType &&
        (asaasCents(p.originalValue) ?? asaasCents(p.value)) === value &&
        p.dueDate === body.dueDate,
    );
  }

  private async remember(ctx: Ctx, marker: string | undefined, payment: Json): Promise<Json> {
    const id = str(payment.id);
    if (marker && id) await this.writeMarker(ctx, marker, { id });
    return payment;
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
