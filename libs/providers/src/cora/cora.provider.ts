import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Charge, CreateChargeInput } from '../charge.model';
import type { CreateOptions, ProviderCapabilities, ProviderContext } from '../charge-provider';
import type { InboundNotification, ProviderNotification } from '../notification.model';
import { hashUuid } from '../hash-uuid';
import { ProviderError } from '../provider-error';
import { ProviderSettings } from '../provider-settings';
import { OAuthMtlsProvider } from '../http/oauth-mtls.provider';
import { PROVIDER_HTTP_TUNING, ProviderHttpTuning } from '../http/resilience';
import { CoraClient } from './cora.client';
import { CoraCredentials, parseCoraCredentials } from './cora.credentials';
import { fromCoraInvoice, toCoraInvoice } from './cora.mapper';
import { CORA_INVOICE_ID, parseCoraNotification } from './cora.notifications';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Cora wants a UUID as Idempotency-Key: keep one, or derive one deterministically from any other key. */
export function coraIdempotencyKey(key: string): string {
  return UUID.test(key) ? key.toLowerCase() : hashUuid(`cora-idempotency:${key}`);
}

/**
 * Cora, "Integração Direta": OAuth client_credentials over mTLS, invoices at /v2/invoices in
 * integer cents, boleto / Pix / bolepix through payment_forms. Creates carry an Idempotency-Key,
 * so they are retried safely after a timeout; Cora returns the Pix BR Code (pix.emv), no QR image.
 */
@Injectable()
export class CoraProvider extends OAuthMtlsProvider<CoraCredentials, CoraClient> {
  readonly id = 'cora';
  readonly displayName = 'Cora';
  readonly capabilities: ProviderCapabilities = {
    types: ['boleto', 'pix', 'bolepix'],
    idempotentCreate: true,
    asyncRegistration: false,
    requiresSession: true,
    cancel: true,
  };
  protected readonly chargeId = CORA_INVOICE_ID;
  protected readonly cancelledStatus = 'CANCELLED';

  constructor(
    @Inject(ProviderSettings) settings: ProviderSettings,
    @Optional() @Inject(PROVIDER_HTTP_TUNING) tuning?: ProviderHttpTuning,
  ) {
    super(new CoraClient(settings, tuning));
  }

  parseCredentials(raw: unknown): CoraCredentials {
    return parseCoraCredentials(raw);
  }

  async create(
    ctx: ProviderContext<CoraCredentials>,
    input: CreateChargeInput,
    options: CreateOptions,
  ): Promise<Charge> {
    if (!this.capabilities.types.includes(input.type))
      throw new ProviderError('UNSUPPORTED_CHARGE_TYPE', `Cora does not offer ${input.type} charges.`);
    // One key per logical create: our own retries reuse it, so Cora opens at most one invoice.
    const key = coraIdempotencyKey(options.idempotencyKey ?? randomUUID());
    return fromCoraInvoice(await this.client.createInvoice(ctx, toCoraInvoice(input), key));
  }

  /**
   * Reads Cora's header-only webhook (see parseCoraNotification). Cora signs nothing and the delivery carries no
   * data, so `ctx` is not needed: the gateway itself confirms by reading the invoice.
   */
  async parseNotification(
    request: InboundNotification,
    _ctx: ProviderContext<CoraCredentials> | undefined,
  ): Promise<ProviderNotification[]> {
    return parseCoraNotification(request);
  }

  protected async read(ctx: ProviderContext<CoraCredentials>, id: string): Promise<Charge> {
    return fromCoraInvoice(await this.client.getInvoice(ctx, id));
  }

  protected requestCancel(ctx: ProviderContext<CoraCredentials>, id: string): Promise<boolean> {
    return this.client.cancelInvoice(ctx, id);
  }
}
