import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Payer } from '../charge.model';
import type { ProviderContext } from '../charge-provider';
import { ProviderHttpError } from '../http/http-failure';
import type { AsaasClient } from './asaas.client';
import type { AsaasCredentials } from './asaas.credentials';
import { payerFromCustomer, str, toAsaasCustomer } from './asaas.mapper';

type Ctx = ProviderContext<AsaasCredentials>;

const CUSTOMER_TTL_MS = 30 * 86_400_000;
const LOCK_TTL_MS = 10_000;

/**
 * The Asaas customer a payment needs, one per payer document and Asaas account: remembered in the tenant's state
 * (sealed), found by `GET /customers?cpfCnpj=` before it is ever created, and created by one caller at a time
 * (single flight in this process, a short lock in the state store across instances). A create that failed
 * ambiguously is looked up again instead of repeated.
 */
export class AsaasCustomers {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly client: AsaasClient,
    private readonly lockWaitMs = 250,
  ) {}

  /** State key of a document: an HMAC under the account's key, so it names neither the document nor a stale account. */
  static keyOf(ctx: Ctx, document: string): string {
    return createHmac('sha256', ctx.credentials.apiKey).update(`asaas-customer:${document}`).digest('hex').slice(0, 40);
  }

  /** The customer id for this payer, found or created. */
  async idFor(ctx: Ctx, payer: Payer): Promise<string> {
    const key = AsaasCustomers.keyOf(ctx, payer.document);
    const cached = await ctx.state.get(`customer:${key}`);
    if (cached) return cached;
    const flight = `${ctx.tenantId}:${key}`;
    let pending = this.inFlight.get(flight);
    if (!pending) {
      pending = this.resolve(ctx, payer, key).finally(() => this.inFlight.delete(flight));
      this.inFlight.set(flight, pending);
    }
    return pending;
  }

  /** Forgets a remembered customer (Asaas no longer knows it). */
  async forget(ctx: Ctx, document: string): Promise<void> {
    await ctx.state.del(`customer:${AsaasCustomers.keyOf(ctx, document)}`);
  }

  /** The payer of a customer id: remembered, else read from Asaas (and remembered). */
  async payerOf(ctx: Ctx, customerId: string, refresh = true): Promise<Payer | undefined> {
    const raw = await ctx.state.get(`payer:${customerId}`).catch(() => undefined);
    if (raw) {
      try {
        return JSON.parse(raw) as Payer;
      } catch {
        // unreadable: read it again
      }
    }
    if (!refresh) return undefined;
    const payer = payerFromCustomer(await this.client.getCustomer(ctx, customerId));
    await this.rememberPayer(ctx, customerId, payer);
    return payer;
  }

  async rememberPayer(ctx: Ctx, customerId: string, payer: Payer): Promise<void> {
    await ctx.state
      .set(`payer:${customerId}`, JSON.stringify(payer), { secret: true, ttlMs: CUSTOMER_TTL_MS })
      .catch(() => undefined);
  }

  private async resolve(ctx: Ctx, payer: Payer, key: string): Promise<string> {
    const again = await ctx.state.get(`customer:${key}`);
    if (again) return again;
    let id = await this.find(ctx, payer.document);
    if (!id) {
      const locked = await ctx.state.set(`customer-lock:${key}`, '1', { nx: true, ttlMs: LOCK_TTL_MS });
      if (!locked) id = await this.awaitOther(ctx, payer.document, key);
      try {
        id ??= await this.create(ctx, payer);
      } finally {
        if (locked) await ctx.state.del(`customer-lock:${key}`).catch(() => undefined);
      }
    }
    await ctx.state.set(`customer:${key}`, id, { secret: true, ttlMs: CUSTOMER_TTL_MS });
    await this.rememberPayer(ctx, id, payer);
    return id;
  }

  /** Another instance is creating this customer: wait for it to show up (remembered or at Asaas), a few times. */
  private async awaitOther(ctx: Ctx, document: string, key: string): Promise<string | undefined> {
    for (let i = 0; i < 8; i++) {
      await sleep(this.lockWaitMs);
      const id = (await ctx.state.get(`customer:${key}`)) ?? (await this.find(ctx, document));
      if (id) return id;
    }
    return undefined;
  }

  private async find(ctx: Ctx, document: string): Promise<string | undefined> {
    const found = await this.client.findCustomers(ctx, document);
    // The oldest: where two got created anyway, every instance settles on the same one.
    const ids = found
      .filter((c) => c.cpfCnpj === undefined || String(c.cpfCnpj).replace(/\W/g, '').toUpperCase() === document)
      .map((c) => ({ id: str(c.id), created: str(c.dateCreated) ?? '' }))
      .filter((c): c is { id: string; created: string } => !!c.id)
      .sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id));
    return ids[0]?.id;
  }

  private async create(ctx: Ctx, payer: Payer): Promise<string> {
    try {
      return String((await this.client.createCustomer(ctx, toAsaasCustomer(payer))).id);
    } catch (err) {
      if (!(err instanceof ProviderHttpError) || !err.failure.sent || err.failure.kind === 'rate-limited') throw err;
      // It may exist now: look before creating again, once.
      await sleep(this.lockWaitMs);
      const found = await this.find(ctx, payer.document).catch(() => undefined);
      if (found) return found;
      throw err;
    }
  }
}
