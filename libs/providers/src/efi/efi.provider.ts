import { Inject, Injectable, Optional } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { centsToDecimal } from '@lib/brazil';
import type { Charge, ChargeListFilters, CreateChargeInput, RefundChargeInput } from '../charge.model';
import type {
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
import { OAuthMtlsProvider } from '../http/oauth-mtls.provider';
import { PROVIDER_HTTP_TUNING, ProviderHttpTuning } from '../http/resilience';
import { fromEfiCharge } from './efi-boleto.mapper';
import { EfiBoletoCreateFlow } from './efi-boleto.create';
import { EfiChargesClient } from './efi-charges.client';
import { EfiCredentials, parseEfiCredentials } from './efi.credentials';
import { EfiDocuments } from './efi.documents';
import { EFI_CHARGE_ID, efiTxid, parseEfiId, pixKindOf } from './efi.mapper';
import { parseEfiNotification } from './efi.notifications';
import { fromEfiCob, refundableE2e, toEfiCob } from './efi-pix.mapper';
import { CobKind, EfiPixClient } from './efi-pix.client';
import { listEfiCharges } from './efi.listing';

type Ctx = ProviderContext<EfiCredentials>;

/**
 * Efí (ex-Gerencianet): two APIs behind one provider. Boleto and bolepix ("Bolix", an account setting) go to the
 * API Cobranças (Basic -> bearer, cents, no mTLS), Pix to the API Pix (OAuth over mTLS, reais as strings, cob
 * without a due date, cobv with one). Charge ids say their API (`boleto-<charge_id>`, `pix-<txid>`), so reads and
 * cancels route without a lookup. Pix creates are idempotent (our txid, derived from the idempotency key; Efí
 * refuses a duplicate txid); boleto creates are reconciled by custom_id.
 */
@Injectable()
export class EfiProvider extends OAuthMtlsProvider<EfiCredentials, EfiChargesClient> {
  readonly id = 'efi';
  readonly displayName = 'Efí';
  readonly capabilities: ProviderCapabilities = {
    types: ['boleto', 'pix', 'bolepix'],
    // Pix: yes (txid). Boleto: no key at Efí, but the create flow reconciles by custom_id before re-creating.
    idempotentCreate: true,
    asyncRegistration: false,
    requiresSession: true,
    cancel: true,
    list: true,
    refund: true,
    boletoPdf: true,
  };
  protected readonly chargeId = EFI_CHARGE_ID;
  /** The Cobranças word; a Pix cancel is confirmed by the PATCH's own answer and the read that follows it. */
  protected readonly cancelledStatus = 'canceled';
  readonly pix: EfiPixClient;
  private readonly boletos: EfiBoletoCreateFlow;
  private readonly documents: EfiDocuments;

  constructor(
    @Inject(ProviderSettings) settings: ProviderSettings,
    @Optional() @Inject(PROVIDER_HTTP_TUNING) tuning?: ProviderHttpTuning,
  ) {
    super(new EfiChargesClient(settings, tuning));
    this.pix = new EfiPixClient(settings, tuning);
    this.boletos = new EfiBoletoCreateFlow(this.client);
    this.documents = new EfiDocuments(this.client, settings);
  }

  /** Efí's own PDF: the boleto's pdf.charge link, on an allowed origin only (see EfiDocuments). */
  boletoPdf(ctx: Ctx, charge: Charge): Promise<Buffer | undefined> {
    return this.documents.boletoPdf(ctx, charge);
  }

  parseCredentials(raw: unknown): EfiCredentials {
    return parseEfiCredentials(raw);
  }

  /** The API Cobranças session, and the API Pix one too when the credentials carry a certificate. */
  override async authenticate(ctx: Ctx): Promise<ProviderSession> {
    const sessions = await Promise.all([
      this.client.session(ctx),
      ...(ctx.credentials.certificate ? [this.pix.session(ctx)] : []),
    ]);
    const expiresAt = Math.min(...sessions.map((s) => s.expiresAt));
    return { expiresAt: new Date(expiresAt).toISOString(), cached: sessions.every((s) => s.cached) };
  }

  async create(ctx: Ctx, input: CreateChargeInput, options: CreateOptions): Promise<Charge> {
    if (!this.capabilities.types.includes(input.type))
      throw new ProviderError('UNSUPPORTED_CHARGE_TYPE', `Efí does not offer ${input.type} charges.`);
    if (input.type !== 'pix') return this.boletos.create(ctx, input, options);
    const { pixKey, certificate } = ctx.credentials;
    if (!pixKey || !certificate)
      throw new ProviderError(
        'UNSUPPORTED_CHARGE_TYPE',
        `Efí Pix charges need credentials.${pixKey ? 'certificate and privateKey (the application .p12 as PEM)' : 'pixKey (the Efí account key that receives them)'}; this token's credentials carry none.`,
      );
    const { kind, body } = toEfiCob(input, pixKey);
    const txid = efiTxid(kind, options.idempotencyKey);
    const put = await this.pix.putCob(ctx, kind, txid, body);
    if (put.created) return fromEfiCob(put.body);
    // The txid exists: our own retry after a lost answer (same key, same charge), unless the data differ.
    const existing = fromEfiCob(await this.pix.getCob(ctx, kind, txid));
    if (existing.amount !== input.amount || existing.payer.document !== input.payer.document)
      throw new ProviderError('PROVIDER_ERROR', 'Efí already holds another Pix charge under this txid.');
    return existing;
  }

  /**
   * Pix only: a devolução (PUT /v2/pix/:e2eid/devolucao/:id) of the received Pix, named by our refund key (a repeat
   * cannot refund twice); a Cobranças boleto has no refund in Efí's API (UNSUPPORTED_OPERATION).
   */
  async refund(ctx: Ctx, id: string, input: RefundChargeInput, options: RefundOptions): Promise<Charge> {
    const ref = parseEfiId(id);
    if (ref?.api === 'charges')
      throw new ProviderError(
        'UNSUPPORTED_OPERATION',
        "Efí's API refunds Pix charges only (a devolução), not boletos.",
      );
    if (ref?.api !== 'pix') throw new ProviderError('CHARGE_NOT_FOUND', 'No such charge at Efí for this account.');
    const raw = await this.withCobKind(ref.txid, (kind) => this.pix.getCob(ctx, kind, ref.txid));
    const charge = fromEfiCob(raw);
    if (options.refundKey && charge.refunds?.some((r) => r.id === options.refundKey)) return charge;
    const left = (charge.paidAmount ?? charge.amount) - (charge.refundedAmount ?? 0);
    if (charge.status !== 'PAID' || left <= 0)
      throw new ProviderError(
        'CHARGE_NOT_REFUNDABLE',
        `The charge is ${charge.status}; only a paid Pix can be refunded.`,
      );
    const amount = input.amount ?? left;
    if (amount > left)
      throw new ProviderError(
        'REFUND_EXCEEDS_PAID',
        `The refund of ${amount} cents is above what is left to refund: ${left} cents.`,
      );
    const e2eid = refundableE2e(raw, amount);
    if (!e2eid)
      throw new ProviderError(
        'REFUND_EXCEEDS_PAID',
        'No single Pix payment of this charge has that much left to refund.',
      );
    await this.pix.putDevolucao(ctx, e2eid, options.refundKey ?? randomBytes(16).toString('hex'), {
      valor: centsToDecimal(amount),
      ...(input.reason ? { descricao: input.reason } : {}),
    });
    return this.read(ctx, id);
  }

  /** One page over both APIs: Cobranças boletos, then Pix cob and cobv (see listEfiCharges). */
  async list(ctx: Ctx, filters: ChargeListFilters, page: ListPage): Promise<ListResult> {
    return listEfiCharges({ charges: this.client, pix: this.pix }, ctx, filters, page);
  }

  async parseNotification(request: InboundNotification, ctx: Ctx | undefined): Promise<ProviderNotification[]> {
    return parseEfiNotification(request, ctx, this.client);
  }

  protected async read(ctx: Ctx, id: string): Promise<Charge> {
    const ref = parseEfiId(id);
    if (ref?.api === 'charges') return fromEfiCharge(await this.client.getCharge(ctx, ref.chargeId));
    if (ref?.api !== 'pix') throw new ProviderError('CHARGE_NOT_FOUND', 'No such charge at Efí for this account.');
    return fromEfiCob(await this.withCobKind(ref.txid, (kind) => this.pix.getCob(ctx, kind, ref.txid)));
  }

  protected requestCancel(ctx: Ctx, id: string): Promise<boolean> {
    const ref = parseEfiId(id);
    if (ref?.api === 'charges') return this.client.cancelCharge(ctx, ref.chargeId);
    if (ref?.api !== 'pix') throw new ProviderError('CHARGE_NOT_FOUND', 'No such charge at Efí for this account.');
    return this.withCobKind(ref.txid, (kind) => this.pix.removeCob(ctx, kind, ref.txid));
  }

  override async onModuleDestroy(): Promise<void> {
    await Promise.all([super.onModuleDestroy(), this.pix.close()]);
  }

  /** Tries the txid's likely endpoint (cob or cobv, from our txid's first letter), then the other on CHARGE_NOT_FOUND. */
  private async withCobKind<T>(txid: string, fn: (kind: CobKind) => Promise<T>): Promise<T> {
    const first = pixKindOf(txid);
    try {
      return await fn(first);
    } catch (err) {
      if (!(err instanceof ProviderError) || err.code !== 'CHARGE_NOT_FOUND') throw err;
      return fn(first === 'cob' ? 'cobv' : 'cob');
    }
  }
}
