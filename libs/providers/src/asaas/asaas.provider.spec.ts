import { CreateChargeInput } from '../charge.model';
import type { ProviderContext, ProviderStateStore } from '../charge-provider';
import { externalReferenceFor } from './asaas.create-flow';
import { ASAAS_BASE_URLS, AsaasCredentials } from './asaas.credentials';
import { AsaasProvider } from './asaas.provider';
import { ASAAS_SETTINGS } from './asaas.settings';

const input = (externalId?: string): CreateChargeInput => ({
  type: 'bolepix',
  amount: 1000,
  dueDate: '2030-01-01',
  externalId,
  payer: { name: 'A', document: '52998224725', documentType: 'CPF' },
});
const KEY = '$aact_hmlg_000MzkwODA2MWY2OGM3MWRlMDU2NWM3MzJlNzZmNGZhZGY6OjQ1';

describe('AsaasProvider', () => {
  const provider = new AsaasProvider({ timeoutMs: 1000, baseUrls: {} });
  afterAll(() => provider.onModuleDestroy());

  it('declares pix and bolepix, no provider idempotency, no session', async () => {
    expect(provider.capabilities).toEqual({
      types: ['pix', 'bolepix'],
      idempotentCreate: false,
      asyncRegistration: false,
      requiresSession: false,
      cancel: true,
      list: true,
      refund: true,
      boletoPdf: true,
    });
    expect(ASAAS_SETTINGS.baseUrlOverride?.name).toBe('ASAAS_BASE_URL');
    const ctx = { credentials: provider.parseCredentials({ apiKey: KEY, environment: 'sandbox' }) };
    await expect(provider.authenticate(ctx as ProviderContext<AsaasCredentials>)).resolves.toEqual({ cached: false });
  });

  it('parses credentials and picks the /v3 base URL by environment unless ASAAS_BASE_URL overrides it', () => {
    const creds = provider.parseCredentials({ apiKey: KEY, environment: 'sandbox', webhookToken: 'tok' });
    expect(creds).toEqual({ apiKey: KEY, environment: 'sandbox', webhookToken: 'tok' });
    expect(provider.client.baseUrl(creds)).toBe('https://api-sandbox.asaas.com/v3');
    expect(ASAAS_BASE_URLS.production).toBe('https://api.asaas.com/v3');
    const overridden = new AsaasProvider({ timeoutMs: 1000, baseUrls: { asaas: 'https://127.0.0.1:4030/v3' } });
    expect(overridden.client.baseUrl(creds)).toBe('https://127.0.0.1:4030/v3');
    void overridden.onModuleDestroy();
  });

  it('refuses bad credentials naming the field, never the value', () => {
    const fail = (raw: unknown) => {
      try {
        provider.parseCredentials(raw);
      } catch (err) {
        return err as Error & { code: string };
      }
      throw new Error('accepted');
    };
    expect(fail({ environment: 'sandbox' }).message).toBe('asaas credentials: apiKey is required (a non-empty string)');
    expect(fail({ apiKey: KEY, environment: 'homolog' }).message).toMatch(
      /environment must be one of "sandbox", "production"/,
    );
    expect(fail({ apiKey: KEY, environment: 'sandbox', clientId: 'x' }).message).toMatch(/unknown field clientId/);
    const spaced = fail({ apiKey: 'has space-SECRET', environment: 'sandbox' });
    expect(spaced).toMatchObject({ code: 'AUTH_INVALID_TOKEN', message: expect.not.stringContaining('SECRET') });
    const wrongEnv = fail({ apiKey: KEY, environment: 'production' });
    expect(wrongEnv.message).toBe(
      'asaas credentials: apiKey is a sandbox key ($aact_hmlg_...) but environment is "production"',
    );
    expect(fail({ apiKey: KEY, environment: 'sandbox', webhookToken: '' }).message).toMatch(/webhookToken is required/);
    // Keys issued before the environment prefixes existed are accepted.
    expect(
      provider.parseCredentials({ apiKey: '$aact_YTU5YTE0M2M2N2I4MTIxNzlkMTY', environment: 'production' }).environment,
    ).toBe('production');
  });

  it('uses externalId as externalReference, else derives one from the idempotency key (deterministic), else a random one', () => {
    expect(externalReferenceFor(input('ped-1'))).toBe('ped-1');
    expect(() => externalReferenceFor(input('x'.repeat(101)))).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR' }),
    );
    const a = externalReferenceFor(input(), 'key-1');
    expect(a).toMatch(/^gw-[0-9a-f]{32}$/);
    expect(externalReferenceFor(input(), 'key-1')).toBe(a);
    expect(externalReferenceFor(input(), 'key-2')).not.toBe(a);
    expect(externalReferenceFor(input())).not.toBe(externalReferenceFor(input()));
  });

  it('refuses plain boleto, and ids Asaas could never have issued, without calling it', async () => {
    const ctx = {
      tenantId: 't',
      providerId: 'asaas',
      credentials: { apiKey: KEY, environment: 'sandbox' },
      credentialFingerprint: 'fp',
      sessionTtlSeconds: 60,
      state: {} as ProviderStateStore,
    } as ProviderContext<AsaasCredentials>;
    await expect(provider.create(ctx, { ...input(), type: 'boleto' }, {})).rejects.toMatchObject({
      code: 'UNSUPPORTED_CHARGE_TYPE',
    });
    for (const id of ['inv_123', 'pay_', 'pay_a-b', '12345'])
      await expect(provider.get(ctx, id)).rejects.toMatchObject({ code: 'CHARGE_NOT_FOUND' });
    await expect(provider.cancel(ctx, 'cus_1', {})).rejects.toMatchObject({ code: 'CHARGE_NOT_FOUND' });
  });
});
