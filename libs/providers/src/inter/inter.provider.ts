import { Inject, Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import type { Charge, CreateChargeInput } from '../charge.model';
import type { ChargeProvider, CreateOptions, ProviderCapabilities, ProviderContext, ProviderSession } from '../charge-provider';
import { ProviderError } from '../provider-error';
import { PROVIDER_SETTINGS, ProviderSettings } from '../provider-settings';
import { defaultResilience, PROVIDER_HTTP_TUNING, ProviderHttpTuning } from '../http/resilience';
import { InterClient } from './inter.client';
import { InterCreateFlow } from './inter.create-flow';
import { InterCredentials, parseInterCredentials } from './inter.credentials';
import { fromInterCobranca } from './inter.mapper';

const CODIGO = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** motivoCancelamento (free text, at most 50 characters at Inter). */
const CANCEL_REASON = 'APEDIDODOCLIENTE';

/**
 * Banco Inter, API Cobrança v3: OAuth client_credentials (with scopes) over mTLS, bolepix charges
 * (boleto + Pix) in reais. Registration is asynchronous: create answers PROCESSING with only the
 * codigoSolicitacao, and reads fill in the barcode, digitable line and Pix code once Inter has
 * them. Inter honours no idempotency key, so an ambiguous create is reconciled by seuNumero.
 */
@Injectable()
export class InterProvider implements ChargeProvider<InterCredentials>, OnModuleDestroy {
  readonly id = 'inter';
  readonly displayName = 'Banco Inter';
  readonly capabilities: ProviderCapabilities = { types: ['bolepix'], idempotentCreate: false, asyncRegistration: true, requiresSession: true, cancel: true };
  readonly client: InterClient;
  private readonly creates: InterCreateFlow;

  constructor(@Inject(PROVIDER_SETTINGS) settings: ProviderSettings, @Optional() @Inject(PROVIDER_HTTP_TUNING) tuning?: ProviderHttpTuning) {
    this.client = new InterClient(settings, { ...defaultResilience(settings.timeoutMs), ...tuning });
    this.creates = new InterCreateFlow(this.client);
  }

  parseCredentials(raw: unknown): InterCredentials {
    return parseInterCredentials(raw);
  }

  async authenticate(ctx: ProviderContext<InterCredentials>): Promise<ProviderSession> {
    const session = await this.client.sessions.session(ctx);
    return { expiresAt: new Date(session.expiresAt).toISOString(), cached: session.cached };
  }

  create(ctx: ProviderContext<InterCredentials>, input: CreateChargeInput, options: CreateOptions): Promise<Charge> {
    if (!this.capabilities.types.includes(input.type)) {
      return Promise.reject(new ProviderError('UNSUPPORTED_CHARGE_TYPE', `Banco Inter charges are bolepix (boleto with Pix); ${input.type} is not offered.`));
    }
    return this.creates.create(ctx, input, options);
  }

  async get(ctx: ProviderContext<InterCredentials>, id: string): Promise<Charge> {
    if (!CODIGO.test(id)) throw new ProviderError('CHARGE_NOT_FOUND', 'No such charge at Banco Inter for this account.');
    return fromInterCobranca(await this.client.getCobranca(ctx, id));
  }

  async cancel(ctx: ProviderContext<InterCredentials>, id: string, _options: CreateOptions): Promise<Charge> {
    if (!CODIGO.test(id)) throw new ProviderError('CHARGE_NOT_FOUND', 'No such charge at Banco Inter for this account.');
    const accepted = await this.client.cancelCobranca(ctx, id, CANCEL_REASON);
    const charge = fromInterCobranca(await this.client.getCobranca(ctx, id));
    if (charge.status === 'CANCELLED') return charge;
    if (!accepted) throw new ProviderError('CHARGE_NOT_CANCELLABLE', `Banco Inter cannot cancel this charge in status ${charge.providerStatus}.`);
    const now = new Date().toISOString();
    return { ...charge, status: 'CANCELLED', providerStatus: 'CANCELADO', cancelledAt: now, updatedAt: now };
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.http.close();
  }
}
