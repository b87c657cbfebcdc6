import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import type { Charge, CreateChargeInput } from '../charge.model';
import type { ChargeProvider, CreateOptions, ProviderCapabilities, ProviderContext, ProviderSession } from '../charge-provider';
import { ProviderError } from '../provider-error';
import { PROVIDER_SETTINGS, ProviderSettings } from '../provider-settings';
import { defaultResilience, PROVIDER_HTTP_TUNING, ProviderHttpTuning } from '../http/resilience';
import { CoraClient } from './cora.client';
import { CoraCredentials, parseCoraCredentials } from './cora.credentials';
import { fromCoraInvoice, toCoraInvoice } from './cora.mapper';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INVOICE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Cora wants a UUID as Idempotency-Key: keep one, or derive one deterministically from any other key. */
export function coraIdempotencyKey(key: string): string {
  if (UUID.test(key)) return key.toLowerCase();
  const h = createHash('sha256').update(`cora-idempotency:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Cora, "Integração Direta": OAuth client_credentials over mTLS, invoices at /v2/invoices in
 * integer cents, boleto / Pix / bolepix through payment_forms. Creates carry an Idempotency-Key,
 * so they are retried safely after a timeout; Cora returns the Pix BR Code (pix.emv), no QR image.
 */
@Injectable()
export class CoraProvider implements ChargeProvider<CoraCredentials>, OnModuleDestroy {
  readonly id = 'cora';
  readonly displayName = 'Cora';
  readonly capabilities: ProviderCapabilities = { types: ['boleto', 'pix', 'bolepix'], idempotentCreate: true, asyncRegistration: false, requiresSession: true, cancel: true };
  readonly client: CoraClient;

  constructor(@Inject(PROVIDER_SETTINGS) settings: ProviderSettings, @Optional() @Inject(PROVIDER_HTTP_TUNING) tuning?: ProviderHttpTuning) {
    this.client = new CoraClient(settings, { ...defaultResilience(settings.timeoutMs), ...tuning });
  }

  parseCredentials(raw: unknown): CoraCredentials {
    return parseCoraCredentials(raw);
  }

  async authenticate(ctx: ProviderContext<CoraCredentials>): Promise<ProviderSession> {
    const session = await this.client.sessions.session(ctx);
    return { expiresAt: new Date(session.expiresAt).toISOString(), cached: session.cached };
  }

  async create(ctx: ProviderContext<CoraCredentials>, input: CreateChargeInput, options: CreateOptions): Promise<Charge> {
    if (!this.capabilities.types.includes(input.type)) throw new ProviderError('UNSUPPORTED_CHARGE_TYPE', `Cora does not offer ${input.type} charges.`);
    // One key per logical create: our own retries reuse it, so Cora opens at most one invoice.
    const key = coraIdempotencyKey(options.idempotencyKey ?? randomUUID());
    return fromCoraInvoice(await this.client.createInvoice(ctx, toCoraInvoice(input), key));
  }

  async get(ctx: ProviderContext<CoraCredentials>, id: string): Promise<Charge> {
    if (!INVOICE_ID.test(id)) throw new ProviderError('CHARGE_NOT_FOUND', 'No such charge at Cora for this account.');
    return fromCoraInvoice(await this.client.getInvoice(ctx, id));
  }

  async cancel(ctx: ProviderContext<CoraCredentials>, id: string, _options: CreateOptions): Promise<Charge> {
    if (!INVOICE_ID.test(id)) throw new ProviderError('CHARGE_NOT_FOUND', 'No such charge at Cora for this account.');
    const cancelled = await this.client.cancelInvoice(ctx, id);
    const charge = fromCoraInvoice(await this.client.getInvoice(ctx, id));
    if (charge.status === 'CANCELLED') return charge;
    if (!cancelled) throw new ProviderError('CHARGE_NOT_CANCELLABLE', `Cora cannot cancel this charge in status ${charge.providerStatus}.`);
    // Cancelled, but the read has not caught up yet: answer what Cora confirmed.
    const now = new Date().toISOString();
    return { ...charge, status: 'CANCELLED', providerStatus: 'CANCELLED', cancelledAt: now, updatedAt: now };
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.http.close();
  }
}
