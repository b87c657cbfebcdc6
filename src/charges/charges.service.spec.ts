import { todayInSaoPaulo } from '@lib/brazil';
import type { ChargeProvider } from '@lib/providers';
import type { TenantContext } from '../auth/tenant-context';
import { AppError } from '../common/errors/app-error';
import type { AppMetrics } from '../metrics/app-metrics';
import type { ProviderCallRunner } from '@lib/providers';
import type { ProviderRegistry } from '@lib/providers';
import type { ChargeReadCache } from './charge-read.cache';
import type { ChargeListingService } from './listing/charge-listing.service';
import type { ChargeRefundsService } from './refunds/charge-refunds.service';
import { ChargesService } from './charges.service';
import type { IdempotencyService } from './idempotency/idempotency.service';
import { SandboxPaymentsService } from './sandbox-payments.service';

const tenant: TenantContext = {
  tenantId: 't1',
  providerId: 'pixbank',
  credentials: {},
  credentialFingerprint: 'fp',
  meta: { ttlSeconds: 600, cacheEnabled: true, redisKeyPrefix: 'pfx' },
  exp: 0,
  scopes: new Set(['charges:read', 'charges:write', 'charges:cancel', 'webhooks:manage']),
};

/** A provider that only offers pix, behind a runner that records whether it was called. */
function setup() {
  const provider = {
    id: 'pixbank',
    displayName: 'Pix Bank',
    capabilities: {
      types: ['pix'],
      idempotentCreate: false,
      asyncRegistration: false,
      requiresSession: false,
      cancel: true,
    },
  } as unknown as ChargeProvider;
  const run = jest.fn();
  const runner = { provider: () => provider, run } as unknown as ProviderCallRunner;
  const registry = { list: () => [provider] } as unknown as ProviderRegistry;
  const cache = { forget: jest.fn() } as unknown as ChargeReadCache;
  const sandbox = new SandboxPaymentsService(runner, cache);
  const service = new ChargesService(
    runner,
    registry,
    cache,
    {} as IdempotencyService,
    {} as AppMetrics,
    sandbox,
    {} as ChargeListingService,
    {} as ChargeRefundsService,
  );
  return { service, run };
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  return err instanceof AppError ? `${err.status} ${err.code}` : String(err);
}

describe('ChargesService', () => {
  const body = {
    type: 'boleto',
    amount: 1000,
    dueDate: todayInSaoPaulo(),
    payer: { name: 'Maria', document: '529.982.247-25' },
  };

  it('answers 422 UNSUPPORTED_CHARGE_TYPE for a type the provider does not offer, without calling it', async () => {
    const { service, run } = setup();
    expect(await codeOf(service.create(tenant, body, {}))).toBe('422 UNSUPPORTED_CHARGE_TYPE');
    expect(run).not.toHaveBeenCalled();
  });

  it('refuses payment simulation for a provider that is not the sandbox with 403 SANDBOX_ONLY', async () => {
    const { service, run } = setup();
    expect(await codeOf(service.payInSandbox(tenant, 'inv_1', {}))).toBe('403 SANDBOX_ONLY');
    expect(run).not.toHaveBeenCalled();
  });

  it('lists providers as id, displayName and capabilities', () => {
    expect(setup().service.listProviders()).toEqual([
      { id: 'pixbank', displayName: 'Pix Bank', capabilities: expect.objectContaining({ types: ['pix'] }) },
    ]);
  });
});
