import { Inject, Injectable, Optional } from '@nestjs/common';
import { matchesFilters } from '../charge-filters';
import type { Charge, ChargeListFilters, CreateChargeInput, RefundChargeInput } from '../charge.model';
import type {
  CreateOptions,
  ListPage,
  ListResult,
  ProviderCapabilities,
  ProviderContext,
  RefundOptions,
} from '../charge-provider';
import type { InboundNotification, ProviderNotification } from '../notification.model';
import { ProviderError } from '../provider-error';
import { ProviderSettings } from '../provider-settings';
import { OAuthMtlsProvider } from '../http/oauth-mtls.provider';
import { PROVIDER_HTTP_TUNING, ProviderHttpTuning } from '../http/resilience';
import { InterClient } from './inter.client';
import { InterCreateFlow } from './inter.create-flow';
import { InterCredentials, parseInterCredentials } from './inter.credentials';
import { interBoletoPdf } from './inter.documents';
import { interListQuery } from './inter.listing';
import { fromInterCobranca } from './inter.mapper';
import { INTER_CODIGO, parseInterNotification } from './inter.notifications';
import { InterPixClient } from './inter-pix.client';
import { InterRefunds } from './inter.refunds';

/** motivoCancelamento (free text, at most 50 characters at Inter). */
const CANCEL_REASON = 'APEDIDODOCLIENTE';

/**
 * Banco Inter, API Cobrança v3: OAuth client_credentials (with scopes) over mTLS, bolepix charges
 * (boleto + Pix) in reais. Registration is asynchronous: create answers PROCESSING with only the
 * codigoSolicitacao, and reads fill in the barcode, digitable line and Pix code once Inter has
 * them. Inter honours no idempotency key, so an ambiguous create is reconciled by seuNumero.
 */
@Injectable()
export class InterProvider extends OAuthMtlsProvider<InterCredentials, InterClient> {
  readonly id = 'inter';
  readonly displayName = 'Banco Inter';
  readonly capabilities: ProviderCapabilities = {
    types: ['bolepix'],
    idempotentCreate: false,
    asyncRegistration: true,
    requiresSession: true,
    cancel: true,
    list: true,
    refund: true,
    boletoPdf: true,
  };
  protected readonly chargeId = INTER_CODIGO;
  protected readonly cancelledStatus = 'CANCELADO';
  private readonly creates = new InterCreateFlow(this.client);
  /** The API Pix (its own token, scopes pix.read/pix.write): devoluções of a bolepix paid by Pix. */
  private readonly pix: InterPixClient;
  private readonly refunds: InterRefunds;

  constructor(
    @Inject(ProviderSettings) settings: ProviderSettings,
    @Optional() @Inject(PROVIDER_HTTP_TUNING) tuning?: ProviderHttpTuning,
  ) {
    super(new InterClient(settings, tuning));
    this.pix = new InterPixClient(settings, tuning);
    this.refunds = new InterRefunds(this.pix);
  }

  parseCredentials(raw: unknown): InterCredentials {
    return parseInterCredentials(raw);
  }

  create(ctx: ProviderContext<InterCredentials>, input: CreateChargeInput, options: CreateOptions): Promise<Charge> {
    if (!this.capabilities.types.includes(input.type)) {
      return Promise.reject(
        new ProviderError(
          'UNSUPPORTED_CHARGE_TYPE',
          `Banco Inter charges are bolepix (boleto with Pix); ${input.type} is not offered.`,
        ),
      );
    }
    return this.creates.create(ctx, input, options);
  }

  /**
   * Reads Inter's webhook, a JSON array of cobrança items (see parseInterNotification). Inter authenticates with
   * its TLS client certificate, which the gateway's route cannot see, and signs nothing: `ctx` is not needed, the
   * gateway confirms each item by reading the charge.
   */
  async parseNotification(
    request: InboundNotification,
    _ctx: ProviderContext<InterCredentials> | undefined,
  ): Promise<ProviderNotification[]> {
    return parseInterNotification(request);
  }

  /** One page of GET /cobrancas over a period (see interListQuery); the filters Inter has no parameter for apply here. */
  async list(ctx: ProviderContext<InterCredentials>, filters: ChargeListFilters, page: ListPage): Promise<ListResult> {
    if (filters.type && filters.type !== 'bolepix') return { charges: [] };
    const at = interListQuery(filters, page.position, page.limit);
    const { items, last } = await this.client.listCobrancas(ctx, at.query);
    const charges = items.map((item) => fromInterCobranca(item)).filter((c) => matchesFilters(c, filters));
    return last || items.length === 0 ? { charges } : { charges, next: String(at.page + 1) };
  }

  /** A Pix devolução of a bolepix paid by Pix, through Inter's API Pix (see InterRefunds); boleto payments: 422. */
  async refund(
    ctx: ProviderContext<InterCredentials>,
    id: string,
    input: RefundChargeInput,
    options: RefundOptions,
  ): Promise<Charge> {
    if (!INTER_CODIGO.test(id))
      throw new ProviderError('CHARGE_NOT_FOUND', 'No such charge at Banco Inter for this account.');
    return this.refunds.refund(ctx, await this.client.getCobranca(ctx, id), input, options);
  }

  override async onModuleDestroy(): Promise<void> {
    await Promise.all([super.onModuleDestroy(), this.pix.close()]);
  }

  /** Inter's own PDF of the cobrança: GET /cobrancas/{codigoSolicitacao}/pdf (see interBoletoPdf). */
  boletoPdf(ctx: ProviderContext<InterCredentials>, charge: Charge): Promise<Buffer> {
    return interBoletoPdf(this.client, ctx, charge.id);
  }

  protected async read(ctx: ProviderContext<InterCredentials>, id: string): Promise<Charge> {
    return this.refunds.withRefunds(ctx, fromInterCobranca(await this.client.getCobranca(ctx, id)));
  }

  protected requestCancel(ctx: ProviderContext<InterCredentials>, id: string): Promise<boolean> {
    return this.client.cancelCobranca(ctx, id, CANCEL_REASON);
  }
}
