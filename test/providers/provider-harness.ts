import { createHash } from 'node:crypto';
import { todayInSaoPaulo } from '@lib/brazil';
import { CreateChargeInput, ProviderContext, ProviderSettings, TenantProviderStateStore } from '@lib/providers';
import { EnvelopeCipher } from '../../src/auth/envelope';
import { RedisKvStore } from '../../src/cache/redis-kv.store';
import { providerStateCipher } from '../../src/provider-bindings/provider-bindings';
import { TEST_ENCRYPTION_KEY } from '../helpers/app';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../helpers/redis';

/**
 * Real provider contexts for integration tests: tenant-scoped state in a real Redis
 * (TenantProviderStateStore + the EnvelopeCipher binding, exactly as the gateway builds it), unique prefixes.
 */
export class ProviderHarness {
  readonly prefix = uniquePrefix('prov');
  readonly cipher = new EnvelopeCipher(TEST_ENCRYPTION_KEY);
  kv!: RedisKvStore;
  redisUrl!: string;

  async start(): Promise<this> {
    this.redisUrl = await testRedisUrl();
    this.kv = new RedisKvStore({ url: this.redisUrl, commandTimeoutMs: 500 });
    await this.kv.connect();
    return this;
  }

  async stop(): Promise<void> {
    await deleteKeys(this.redisUrl, `${this.prefix}:*`).catch(() => undefined);
    await this.kv.close();
  }

  ctx<C>(
    providerId: string,
    credentials: C,
    tenantId = uniquePrefix('tenant'),
    sessionTtlSeconds = 3600,
  ): ProviderContext<C> {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(credentials))
      .update(tenantId)
      .digest('hex')
      .slice(0, 32);
    return {
      tenantId,
      providerId,
      credentials,
      credentialFingerprint: fingerprint,
      sessionTtlSeconds,
      state: new TenantProviderStateStore(this.kv, providerStateCipher(this.cipher), this.prefix, tenantId, providerId),
      requestId: uniquePrefix('req'),
    };
  }
}

export function settingsFor(baseUrls: Record<string, string>, caPem: string, timeoutMs = 1500): ProviderSettings {
  return { timeoutMs, extraCaPem: caPem, baseUrls };
}

/** A valid charge input due in 7 days (CPF 529.982.247-25 is a well-known valid test number). */
export function chargeInput(over: Partial<CreateChargeInput> = {}): CreateChargeInput {
  return {
    type: 'bolepix',
    amount: 12345,
    dueDate: todayInSaoPaulo(new Date(Date.now() + 7 * 86_400_000)),
    description: 'Mensalidade 10/2025',
    payer: {
      name: 'Fulano de Tal',
      document: '52998224725',
      documentType: 'CPF',
      email: 'fulano@example.com',
      address: {
        street: 'Rua Exemplo',
        number: '100',
        district: 'Centro',
        city: 'Sao Paulo',
        state: 'SP',
        zipCode: '01001000',
      },
    },
    ...over,
  };
}
