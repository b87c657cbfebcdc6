import { Inject, Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import { matchesFilters } from '../charge-filters';
import type { Charge, ChargeListFilters, CreateChargeInput, Payer, RefundChargeInput } from '../charge.model';
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
import type { InboundNotification, ProviderNotification } from '../notification.model';
import { ProviderError } from '../provider-error';
import { ProviderSettings } from '../provider-settings';
import { ProviderHttpError } from '../http/http-failure';
import { PROVIDER_HTTP_TUNING, ProviderHttpTuning } from '../http/resilience';
import { AsaasClient } from './asaas.client';
import { AsaasCreateFlow } from './asaas.create-flow';
import { AsaasCredentials, parseAsaasCredentials } from './asaas.credentials';
import { AsaasCustomers } from './asaas.customers';
import { AsaasDocuments } from './asaas.documents';
import { asaasListQuery } from './asaas.listing';
import { boletoRefund, boletoRefundAsked, paidByBoleto, taggedDescription, withPayerLink } from './asaas.refunds';
import { AsaasPaymentData, asaasValue, fromAsaasPayment, str } from './asaas.mapper';
import { parseAsaasNotification } from './asaas.notifications';

type Ctx = ProviderContext<AsaasCredentials>;
type Json = Record<string, unknown>;

const PAYMENT_ID = /^pay_[A-Za-z0-9]{1,64}$/;
/** Payments of a listing page read (payer, line, BR Code) concurrently: a bound on the calls in flight to Asaas. */
const READS_AT_ONCE = 5;

/**
 * Asaas, API v3: the account's API key in the `access_token` header (plain HTTPS, no OAuth, no mTLS), payments in
 * reais for a customer found or created per payer document. Our bolepix is an Asaas BOLETO (it carries a Pix QR
 * too), our pix an Asaas PIX; the digitable line and the BR Code come from two side endpoints. Asaas honours no
 * idempotency key, so an ambiguous create is reconciled by externalReference. A deleted payment is our CANCELLED.
 */
@Injectable()
export class AsaasProvider implements ChargeProvider<AsaasCredentials>, OnModuleDestroy {
  readonly id = 'asaas';
  readonly displayName = 'Asaas';
  readonly capabilities: ProviderCapabilities = {
    types: ['pix', 'bolepix'],
    idempotentCreate: false,
    asyncRegistration: false,
    requiresSession: false,
    cancel: true,
    list: true,
    refund: true,
    boletoPdf: true,
  };
  readonly client: AsaasClient;
  private readonly documents: AsaasDocuments;
  private readonly customers: AsaasCustomers;
  private readonly creates: AsaasCreateFlow;

  constructor(
    @Inject(ProviderSettings) settings: ProviderSettings,
    @Optional() @Inject(PROVIDER_HTTP_TUNING) tuning?: ProviderHttpTuning,
  ) {
    this.client = new AsaasClient(settings, tuning);
    this.customers = new AsaasCustomers(this.client);
    this.creates = new AsaasCreateFlow(this.client, this.customers);
    this.documents = new AsaasDocuments(this.client, settings);
  }

  /** Asaas's own PDF: the payment's bankSlipUrl, on an allowed origin only (see AsaasDocuments). */
  boletoPdf(ctx: Ctx, charge: Charge): Promise<Buffer | undefined> {
    return this.documents.boletoPdf(ctx, charge);
  }

  parseCredentials(raw: unknown): AsaasCredentials {
    return parseAsaasCredentials(raw);
  }

  /** Asaas has no session: the key goes with every call. */
  authenticate(_ctx: Ctx): Promise<ProviderSession> {
    return Promise.resolve({ cached: false });
  }

  async create(ctx: Ctx, input: CreateChargeInput, options: CreateOptions): Promise<Charge> {
    if (!this.capabilities.types.includes(input.type))
      throw new ProviderError(
        'UNSUPPORTED_CHARGE_TYPE',
        `Asaas boletos always carry a Pix QR: ask for bolepix (or pix); ${input.type} is not offered.`,
      );
    const payment = await this.creates.create(ctx, input, options);
    const customer = str(payment.customer);
    const payer = (customer && (await this.customers.payerOf(ctx, customer, false))) || input.payer;
    return this.toCharge(ctx, payment, payer);
  }

  async get(ctx: Ctx, id: string): Promise<Charge> {
    this.assertId(id);
    return this.read(ctx, id);
  }

  async cancel(ctx: Ctx, id: string, _options: CreateOptions): Promise<Charge> {
    this.assertId(id);
    const deleted = await this.client.deletePayment(ctx, id);
    const charge = await this.read(ctx, id);
    if (charge.status === 'CANCELLED') return charge;
    if (!deleted)
      throw new ProviderError(
        'CHARGE_NOT_CANCELLABLE',
        `Asaas cannot cancel this charge in status ${charge.providerStatus} (only PENDING or OVERDUE payments can be deleted).`,
      );
    // Deleted, but the read has not caught up yet: answer what Asaas confirmed.
    const now = new Date().toISOString();
    return { ...charge, status: 'CANCELLED', providerStatus: 'DELETED', cancelledAt: now, updatedAt: now };
  }

  /**
   * One page of GET /payments (Asaas's page = our limit, ≤ 100), each payment read like `get` (payer, boleto line,
   * BR Code), a few at a time; status and payerDocument are filtered here, so a page may hold fewer than `limit`.
   */
  async list(ctx: Ctx, filters: ChargeListFilters, page: ListPage): Promise<ListResult> {
    const at = asaasListQuery(filters, page.position, page.limit);
    if (!at) return { charges: [] };
    if (filters.payerDocument) {
      // Asaas filters by customer id: one customer with this document narrows the query; none matches nothing.
      const customers = await this.client.findCustomers(ctx, filters.payerDocument);
      if (customers.length === 0) return { charges: [] };
      if (customers.length === 1) at.query.set('customer', String(customers[0].id));
    }
    const { data, hasMore } = await this.client.listPayments(ctx, at.query);
    const charges: Charge[] = [];
    for (let i = 0; i < data.length; i += READS_AT_ONCE) {
      const read = await Promise.all(data.slice(i, i + READS_AT_ONCE).map((p) => this.fromPayment(ctx, p)));
      charges.push(...read.filter((c) => matchesFilters(c, filters)));
    }
    return hasMore && data.length > 0 ? { charges, next: String(at.offset + page.limit) } : { charges };
  }

  /**
   * POST /payments/:id/refund of a received payment (all that is left, or `value` of it). Asaas takes no refund id,
   * so the refund key is tagged in the description and looked for first: a retry that already refunded answers the
   * payment as it is. A payment made by boleto goes to POST /payments/:id/bankSlip/refund instead (full only; the key
   * kept in the tenant's state).
   */
  async refund(ctx: Ctx, id: string, input: RefundChargeInput, options: RefundOptions): Promise<Charge> {
    this.assertId(id);
    const payment = await this.client.getPayment(ctx, id);
    const charge = await this.fromPayment(ctx, payment);
    if (options.refundKey && charge.refunds?.some((r) => r.id === options.refundKey)) return charge;
    const boleto = paidByBoleto(payment);
    if (boleto && (await boletoRefundAsked(ctx.state, id, options.refundKey))) return charge;
    const left = (charge.paidAmount ?? charge.amount) - (charge.refundedAmount ?? 0);
    if (charge.status !== 'PAID' || left <= 0)
      throw new ProviderError(
        'CHARGE_NOT_REFUNDABLE',
        `The charge is ${charge.status} at Asaas (${charge.providerStatus}); only a received payment can be refunded.`,
      );
    if (input.amount !== undefined && input.amount > left)
      throw new ProviderError(
        'REFUND_EXCEEDS_PAID',
        `The refund of ${input.amount} cents is above what is left to refund: ${left} cents.`,
      );
    if (boleto) {
      // Paid by boleto: Asaas answers a link where the payer gives a bank account; the refund stays PROCESSING until then.
      const link = await boletoRefund(ctx.state, charge, input, options.refundKey, () =>
        this.client.refundPayment(ctx, id, undefined, 'bankSlip/refund'),
      );
      return this.read(ctx, id, link);
    }
    const description = taggedDescription(input.reason, options.refundKey);
    await this.client.refundPayment(ctx, id, {
      ...(input.amount !== undefined ? { value: asaasValue(input.amount) } : {}),
      ...(description ? { description } : {}),
    });
    return this.read(ctx, id);
  }

  parseNotification(request: InboundNotification, ctx: Ctx | undefined): Promise<ProviderNotification[]> {
    return parseAsaasNotification(request, ctx, ctx ? (c) => this.customers.payerOf(ctx, c, false) : undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.close();
  }

  /** `payerLink`: the link a boleto refund just answered (else a pending one's is read from the tenant's state). */
  private async read(ctx: Ctx, id: string, payerLink?: string): Promise<Charge> {
    return this.fromPayment(ctx, await this.client.getPayment(ctx, id), payerLink);
  }

  private async fromPayment(ctx: Ctx, payment: Json, payerLink?: string): Promise<Charge> {
    const customer = str(payment.customer);
    // A customer Asaas no longer shows leaves the payer blank; only transport failures fail the read.
    const payer = customer
      ? await this.customers.payerOf(ctx, customer).catch((err: unknown) => {
          if (err instanceof ProviderHttpError) throw err;
          return undefined;
        })
      : undefined;
    return this.toCharge(ctx, payment, payer ?? { name: '', document: '', documentType: 'CPF' }, payerLink);
  }

  /** The payment with its boleto lines (BOLETO) and Pix BR Code, fetched while it can still be paid. */
  private async toCharge(ctx: Ctx, payment: Json, payer: Payer, payerLink?: string): Promise<Charge> {
    const charge = fromAsaasPayment(payment, payer);
    if (payment.status === 'REFUND_REQUESTED') return withPayerLink(ctx.state, charge, payerLink);
    if (payment.deleted === true || !['PENDING', 'OVERDUE', 'PROCESSING'].includes(charge.status)) return charge;
    const data: AsaasPaymentData = {};
    await Promise.all([
      charge.type === 'pix'
        ? undefined
        : this.client.identificationField(ctx, charge.id).then((v) => (data.identificationField = v)),
      this.client.pixQrCode(ctx, charge.id).then((v) => (data.pixQrCode = v)),
    ]);
    return fromAsaasPayment(payment, payer, data);
  }

  private assertId(id: string): void {
    if (!PAYMENT_ID.test(id)) throw new ProviderError('CHARGE_NOT_FOUND', 'No such charge at Asaas for this account.');
  }
}
