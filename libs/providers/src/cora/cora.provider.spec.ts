import { generateSimPki, SimPki } from '../../../../test/pki/sim-pki';
import { CORA_BASE_URLS } from './cora.credentials';
import { coraIdempotencyKey, CoraProvider } from './cora.provider';

describe('CoraProvider', () => {
  let pki: SimPki;
  const provider = new CoraProvider({ timeoutMs: 1000, baseUrls: {} });
  beforeAll(() => {
    pki = generateSimPki();
  });
  afterAll(async () => {
    await provider.onModuleDestroy();
    pki.cleanup();
  });

  it('declares what Cora offers', () => {
    expect(provider.capabilities).toEqual({
      types: ['boleto', 'pix', 'bolepix'],
      idempotentCreate: true,
      asyncRegistration: false,
      requiresSession: true,
      cancel: true,
      list: true,
      refund: false,
      boletoPdf: true,
    });
  });

  it('parses credentials and picks the host by environment unless CORA_BASE_URL overrides it', () => {
    const creds = provider.parseCredentials({
      clientId: 'int-abc',
      certificate: pki.clientCertPem,
      privateKey: pki.clientKeyPem,
      environment: 'production',
    });
    expect(provider.client.baseUrl(creds)).toBe(CORA_BASE_URLS.production);
    expect(CORA_BASE_URLS).toEqual({
      stage: 'https://matls-clients.api.stage.cora.com.br',
      production: 'https://matls-clients.api.cora.com.br',
    });
    const overridden = new CoraProvider({ timeoutMs: 1000, baseUrls: { cora: 'https://127.0.0.1:4010' } });
    expect(overridden.client.baseUrl(creds)).toBe('https://127.0.0.1:4010');
  });

  it('refuses bad credentials naming the field, never the value', () => {
    const base = {
      clientId: 'int-abc',
      certificate: pki.clientCertPem,
      privateKey: pki.clientKeyPem,
      environment: 'stage',
    };
    expect(() => provider.parseCredentials({ ...base, environment: 'sandbox' })).toThrow(
      /cora credentials: environment must be one of "stage", "production"/,
    );
    expect(() => provider.parseCredentials({ ...base, clientId: 'has space' })).toThrow(/clientId is invalid/);
    expect(() => provider.parseCredentials({ ...base, clientSecret: 'x' })).toThrow(/unknown field clientSecret/);
    expect(provider.parseCredentials({ ...base, certificate: undefined })).not.toHaveProperty('privateKey');
    expect(() => provider.parseCredentials({ ...base, privateKey: undefined })).toThrow(
      expect.objectContaining({
        code: 'AUTH_INVALID_TOKEN',
        message: 'cora credentials: privateKey is required (PEM text)',
      }),
    );
  });

  it('sends a UUID Idempotency-Key: kept when given one, derived deterministically otherwise', () => {
    expect(coraIdempotencyKey('7F0C2A51-3F7E-4C1E-9A55-1C2D3E4F5A6B')).toBe('7f0c2a51-3f7e-4c1e-9a55-1c2d3e4f5a6b');
    const derived = coraIdempotencyKey('order-123');
    expect(derived).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(coraIdempotencyKey('order-123')).toBe(derived);
    expect(coraIdempotencyKey('order-124')).not.toBe(derived);
  });
});
