import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { matchesFilters } from '../charge-filters';
import type { Charge, ChargeListFilters, CreateChargeInput } from '../charge.model';
import type { CreateOptions, ListPage, ListResult, ProviderCapabilities, ProviderContext } from '../charge-provider';
import type { InboundNotification, ProviderNotification } from '../notification.model';
import { hashUuid } from '../hash-uuid';
import { ProviderError } from '../provider-error';
import { ProviderSettings } from '../provider-settings';
import { OAuthMtlsProvider } from '../http/oauth-mtls.provider';
import { PROVIDER_HTTP_TUNING, ProviderHttpTuning } from '../http/resilience';
import { CoraClient } from './cora.client';
import { CoraCredentials, parseCoraCredentials } from './cora.credentials';
import { CoraDocuments } from './cora.documents';
import { coraListQuery } from './cora.listing';
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
    list: true,
    refund: false,
    boletoPdf: true,
  };
  protected readonly chargeId = CORA_INVOICE_ID;
  private readonly documents: CoraDocuments;
  protected readonly cancelledStatus = 'CANCELLED';

  constructor(
    @Inject(ProviderSettings) settings: ProviderSettings,
    @Optional() @Inject(PROVIDER_HTTP_TUNING) tuning?: ProviderHttpTuning,
  ) {
    super(new CoraClient(settings, tuning));
    this.documents = new CoraDocuments(this.client, settings);
  }

  /** Cora's own PDF: the invoice's bank_slip.url, on an allowed origin only (see CoraDocuments). */
  boletoPdf(ctx: ProviderContext<CoraCredentials>, charge: Charge): Promise<Buffer | undefined> {
    return this.documents.boletoPdf(ctx, charge);
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

  /** One page of Cora's invoice search (see coraListQuery); filters Cora has no parameter for apply here. */
  async list(ctx: ProviderContext<CoraCredentials>, filters: ChargeListFilters, page: ListPage): Promise<ListResult> {
    const at = coraListQuery(filters, page.position, page.limit);
    const { items, totalItems } = await this.client.listInvoices(ctx, at.query);
    const charges = items.map((item) => fromCoraInvoice(item)).filter((c) => matchesFilters(c, filters));
    // Cora may ignore perPage (reported: always 20): stop on an empty page or once totalItems are behind us.
    const more = items.length > 0 && (at.page - 1) * Math.max(page.limit, items.length) + items.length < totalItems;
    return more ? { charges, next: String(at.page + 1) } : { charges };
  }

  protected async read(ctx: ProviderContext<CoraCredentials>, id: string): Promise<Charge> {
    return fromCoraInvoice(await this.client.getInvoice(ctx, id));
  }

  protected requestCancel(ctx: ProviderContext<CoraCredentials>, id: string): Promise<boolean> {
    return this.client.cancelInvoice(ctx, id);
  }
}
