import type { OnModuleDestroy } from '@nestjs/common';
import type { Charge, CreateChargeInput } from '../charge.model';
import type {
  ChargeProvider,
  CreateOptions,
  ProviderCapabilities,
  ProviderContext,
  ProviderSession,
} from '../charge-provider';
import { ProviderError } from '../provider-error';
import type { BankCredentials, OAuthMtlsClient } from './oauth-mtls.client';

/**
 * What every bank behind OAuth client_credentials over mTLS does alike: the session (the cached
 * token), reads and cancels of an id of the bank's shape, and closing its connections at shutdown.
 * A bank extends it with its credentials, its create, and how it reads and cancels one charge.
 */
export abstract class OAuthMtlsProvider<C extends BankCredentials, Client extends OAuthMtlsClient<C>>
  implements ChargeProvider<C>, OnModuleDestroy
{
  abstract readonly id: string;
  abstract readonly displayName: string;
  abstract readonly capabilities: ProviderCapabilities;
  /** The shape of the bank's charge ids: any other id is CHARGE_NOT_FOUND without a call. */
  protected abstract readonly chargeId: RegExp;
  /** The bank's status word for a cancelled charge, answered when the bank confirmed a cancel its reads do not show yet. */
  protected abstract readonly cancelledStatus: string;

  protected constructor(readonly client: Client) {}

  abstract parseCredentials(raw: unknown): C;
  abstract create(ctx: ProviderContext<C>, input: CreateChargeInput, options: CreateOptions): Promise<Charge>;
  /** Reads one charge by an id of the bank's shape. */
  protected abstract read(ctx: ProviderContext<C>, id: string): Promise<Charge>;
  /** Asks the bank to cancel: true when it accepted, false when it refuses in the charge's state. */
  protected abstract requestCancel(ctx: ProviderContext<C>, id: string): Promise<boolean>;

  async authenticate(ctx: ProviderContext<C>): Promise<ProviderSession> {
    const session = await this.client.sessions.session(ctx);
    return { expiresAt: new Date(session.expiresAt).toISOString(), cached: session.cached };
  }

  async get(ctx: ProviderContext<C>, id: string): Promise<Charge> {
    this.assertChargeId(id);
    return this.read(ctx, id);
  }

  async cancel(ctx: ProviderContext<C>, id: string, _options: CreateOptions): Promise<Charge> {
    this.assertChargeId(id);
    const accepted = await this.requestCancel(ctx, id);
    const charge = await this.read(ctx, id);
    if (charge.status === 'CANCELLED') return charge;
    if (!accepted)
      throw new ProviderError(
        'CHARGE_NOT_CANCELLABLE',
        `${this.displayName} cannot cancel this charge in status ${charge.providerStatus}.`,
      );
    // Cancelled, but the read has not caught up yet: answer what the bank confirmed.
    const now = new Date().toISOString();
    return { ...charge, status: 'CANCELLED', providerStatus: this.cancelledStatus, cancelledAt: now, updatedAt: now };
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.close();
  }

  private assertChargeId(id: string): void {
    if (!this.chargeId.test(id))
      throw new ProviderError('CHARGE_NOT_FOUND', `No such charge at ${this.displayName} for this account.`);
  }
}
