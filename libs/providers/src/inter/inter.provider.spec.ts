import { generateSimPki, SimPki } from '../../../../test/pki/sim-pki';
import { CreateChargeInput } from '../charge.model';
import { seuNumeroFor } from './inter.create-flow';
import { INTER_BASE_URLS } from './inter.credentials';
import { InterProvider } from './inter.provider';

const input = (externalId?: string): CreateChargeInput => ({
  type: 'bolepix',
  amount: 1000,
  dueDate: '2030-01-01',
  externalId,
  payer: { name: 'A', document: '52998224725', documentType: 'CPF' },
});

describe('InterProvider', () => {
  let pki: SimPki;
  const provider = new InterProvider({ timeoutMs: 1000, baseUrls: {} });
  beforeAll(() => {
    pki = generateSimPki();
  });
  afterAll(async () => {
    await provider.onModuleDestroy();
    pki.cleanup();
  });
  const base = () => ({
    clientId: 'abc-123',
    clientSecret: 's3cr3t-value',
    certificate: pki.clientCertPem,
    privateKey: pki.clientKeyPem,
    environment: 'sandbox',
  });

  it('declares asynchronous bolepix without provider idempotency', () => {
    expect(provider.capabilities).toEqual({
      types: ['bolepix'],
      idempotentCreate: false,
      asyncRegistration: true,
      requiresSession: true,
      cancel: true,
      list: true,
      refund: true,
      boletoPdf: true,
    });
  });

  it('parses credentials, validates accountNumber, and picks the host by environment', () => {
    const creds = provider.parseCredentials({ ...base(), accountNumber: '12345678' });
    expect(creds.accountNumber).toBe('12345678');
    expect(provider.client.baseUrl(creds)).toBe(INTER_BASE_URLS.sandbox);
    expect(INTER_BASE_URLS.production).toBe('https://cdpj.partners.bancointer.com.br');
    expect(() => provider.parseCredentials({ ...base(), accountNumber: '0123' })).toThrow(
      /accountNumber is invalid \(digits only, check digit included, no leading zeros\)/,
    );
    expect(() => provider.parseCredentials({ ...base(), environment: 'uat' })).toThrow(
      /environment must be one of "sandbox", "production"/,
    );
    for (const field of ['clientId', 'clientSecret']) {
      const e = (() => {
        try {
          provider.parseCredentials({ ...base(), [field]: '' });
        } catch (err) {
          return err as Error;
        }
        return undefined;
      })();
      expect(e?.message).toBe(`inter credentials: ${field} is required (a non-empty string)`);
    }
    expect(() => provider.parseCredentials({ ...base(), clientSecret: 'has space' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('has space') }),
    );
  });

  it('uses externalId as seuNumero, else derives one from the idempotency key (deterministic), else a random one', () => {
    expect(seuNumeroFor(input('ped-1'))).toBe('ped-1');
    expect(() => seuNumeroFor(input('x'.repeat(16)))).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    const a = seuNumeroFor(input(), 'key-1');
    expect(a).toMatch(/^[0-9A-Z]{15}$/);
    expect(seuNumeroFor(input(), 'key-1')).toBe(a);
    expect(seuNumeroFor(input(), 'key-2')).not.toBe(a);
    expect(seuNumeroFor(input())).not.toBe(seuNumeroFor(input()));
  });
});
