import { Inject, Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import type { Charge, CreateChargeInput, Payer } from '../charge.model';
import type {
  ChargeProvider,
  CreateOptions,
  ProviderCapabilities,
  ProviderContext,
  ProviderSession,
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
import { AsaasPaymentData, fromAsaasPayment, str } from './asaas.mapper';
import { parseAsaasNotification } from './asaas.notifications';

type Ctx = ProviderContext<AsaasCredentials>;
type Json = Record<string, unknown>;

const PAYMENT_ID = /^pay_[A-Za-z0-9]{1,64}$/;

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
  };
  readonly client: AsaasClient;
  private readonly customers: AsaasCustomers;
  private readonly creates: AsaasCreateFlow;

  constructor(
    @Inject(ProviderSettings) settings: ProviderSettings,
    @Optional() @Inject(PROVIDER_HTTP_TUNING) tuning?: ProviderHttpTuning,
  ) {
    this.client = new AsaasClient(settings, tuning);
    this.customers = new AsaasCustomers(this.client);
    this.creates = new AsaasCreateFlow(this.client, this.customers);
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

  parseNotification(request: InboundNotification, ctx: Ctx | undefined): Promise<ProviderNotification[]> {
    return parseAsaasNotification(request, ctx, ctx ? (c) => this.customers.payerOf(ctx, c, false) : undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.close();
  }

  private async read(ctx: Ctx, id: string): Promise<Charge> {
    const payment = await this.client.getPayment(ctx, id);
    const customer = str(payment.customer);
    // A customer Asaas no longer shows leaves the payer blank; only transport failures fail the read.
    const payer = customer
      ? await this.customers.payerOf(ctx, customer).catch((err: unknown) => {
          if (err instanceof ProviderHttpError) throw err;
          return undefined;
        })
      : undefined;
    return this.toCharge(ctx, payment, payer ?? { name: '', document: '', documentType: 'CPF' });
  }

  /** The payment with its boleto lines (BOLETO) and Pix BR Code, fetched while it can still be paid. */
  private async toCharge(ctx: Ctx, payment: Json, payer: Payer): Promise<Charge> {
    const charge = fromAsaasPayment(payment, payer);
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
