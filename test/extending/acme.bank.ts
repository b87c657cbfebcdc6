import { Injectable } from '@nestjs/common';
import {
  Charge,
  ChargeProvider,
  ChargeType,
  CreateChargeInput,
  CreateOptions,
  ProviderContext,
  ProviderError,
  ProviderSession,
} from '@lib/providers';

interface AcmeCredentials {
  accountId: string;
}

/**
 * A throwaway bank that exists only in this test: everything a real bank folder holds (credentials parsing,
 * create/get/cancel, its own status words) in one class, kept in the tenant's provider state. Registering it is
 * the whole integration: the gateway's REST routes and MCP tools serve it with nothing else added.
 */
@Injectable()
export class AcmeProvider implements ChargeProvider<AcmeCredentials> {
  readonly id = 'acme';
  readonly displayName = 'Acme Test Bank';
  readonly capabilities = {
    types: ['pix'] as ChargeType[],
    idempotentCreate: true,
    asyncRegistration: false,
    requiresSession: false,
    cancel: true,
    list: false,
    refund: false,
    boletoPdf: false,
  };

  parseCredentials(raw: unknown): AcmeCredentials {
    const accountId = (raw as { accountId?: unknown } | null)?.accountId;
    if (typeof accountId !== 'string' || !/^acme-\d+$/.test(accountId))
      throw new ProviderError('AUTH_INVALID_TOKEN', 'accountId must look like acme-<digits>');
    return { accountId };
  }

  async authenticate(): Promise<ProviderSession> {
    return { cached: false };
  }

  async create(
    ctx: ProviderContext<AcmeCredentials>,
    input: CreateChargeInput,
    options: CreateOptions,
  ): Promise<Charge> {
    const id = `acme-${options.idempotencyKey ?? Math.random().toString(36).slice(2)}`;
    const now = new Date().toISOString();
    const charge: Charge = {
      id,
      providerId: this.id,
      type: input.type,
      status: 'PENDING',
      providerStatus: 'OPEN',
      amount: input.amount,
      currency: 'BRL',
      ...(input.description ? { description: input.description } : {}),
      ...(input.externalId ? { externalId: input.externalId } : {}),
      payer: input.payer,
      pix: { brCode: `ACME|${ctx.credentials.accountId}|${input.amount}` },
      createdAt: now,
      updatedAt: now,
    };
    await ctx.state.set(`charge:${id}`, JSON.stringify(charge), { nx: true });
    return JSON.parse((await ctx.state.get(`charge:${id}`)) as string) as Charge;
  }

  async get(ctx: ProviderContext<AcmeCredentials>, id: string): Promise<Charge> {
    const stored = await ctx.state.get(`charge:${id}`);
    if (!stored) throw new ProviderError('CHARGE_NOT_FOUND', `Acme has no charge ${id}`);
    return JSON.parse(stored) as Charge;
  }

  async cancel(ctx: ProviderContext<AcmeCredentials>, id: string): Promise<Charge> {
    const charge = await this.get(ctx, id);
    const now = new Date().toISOString();
    const cancelled: Charge = {
      ...charge,
      status: 'CANCELLED',
      providerStatus: 'VOID',
      cancelledAt: now,
      updatedAt: now,
    };
    await ctx.state.set(`charge:${id}`, JSON.stringify(cancelled));
    return cancelled;
  }
}
