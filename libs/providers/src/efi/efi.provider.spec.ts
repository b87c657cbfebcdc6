import { generateSimPki, SimPki } from '../../../../test/pki/sim-pki';
import { baseUrlOverrides } from '../bank-settings';
import { EFI_CHARGES_BASE_URLS, EFI_PIX_BASE_URLS } from './efi.credentials';
import { EfiProvider } from './efi.provider';
import { EFI_SETTINGS } from './efi.settings';

describe('EfiProvider', () => {
  let pki: SimPki;
  const provider = new EfiProvider({ timeoutMs: 1000, baseUrls: {} });
  beforeAll(() => {
    pki = generateSimPki();
  });
  afterAll(async () => {
    await provider.onModuleDestroy();
    pki.cleanup();
  });
  const base = () => ({ clientId: 'Client_Id_abc', clientSecret: 'Client_Secret_s3cr3t', environment: 'homologation' });

  it('declares boleto, pix and bolepix, synchronous, idempotent creates', () => {
    expect(provider.capabilities).toEqual({
      types: ['boleto', 'pix', 'bolepix'],
      idempotentCreate: true,
      asyncRegistration: false,
      requiresSession: true,
      cancel: true,
      list: true,
      refund: true,
      boletoPdf: true,
    });
  });

  it('parses credentials (certificate and pixKey optional, pixKey canonical) and picks both hosts by environment', () => {
    const creds = provider.parseCredentials({
      ...base(),
      certificate: pki.clientCertPem,
      privateKey: pki.clientKeyPem,
      pixKey: '+55 (11) 98765-4321',
    });
    expect(creds.pixKey).toBe('+5511987654321');
    expect(provider.client.baseUrl(creds)).toBe('https://cobrancas-h.api.efipay.com.br');
    expect(provider.pix.baseUrl(creds)).toBe('https://pix-h.api.efipay.com.br');
    expect(EFI_CHARGES_BASE_URLS.production).toBe('https://cobrancas.api.efipay.com.br');
    expect(EFI_PIX_BASE_URLS.production).toBe('https://pix.api.efipay.com.br');
    expect(provider.parseCredentials(base())).toEqual(base());
    expect(() => provider.parseCredentials({ ...base(), pixKey: 'not a key' })).toThrow(
      /efi credentials: pixKey is invalid/,
    );
    expect(() => provider.parseCredentials({ ...base(), environment: 'sandbox' })).toThrow(
      /environment must be one of "homologation", "production"/,
    );
    expect(() => provider.parseCredentials({ ...base(), clientSecret: 'has space' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('has space') }),
    );
  });

  it('declares two base-URL overrides, EFI_BASE_URL (Cobranças) and EFI_PIX_BASE_URL (Pix), each read by its client', () => {
    expect(
      baseUrlOverrides([{ provider: EfiProvider, settings: EFI_SETTINGS }]).map((o) => [o.name, o.providerId]),
    ).toEqual([
      ['EFI_BASE_URL', 'efi'],
      ['EFI_PIX_BASE_URL', 'efi.pix'],
    ]);
    const p = new EfiProvider({
      timeoutMs: 1000,
      baseUrls: { efi: 'https://127.0.0.1:1', 'efi.pix': 'https://127.0.0.1:2' },
    });
    const creds = p.parseCredentials(base());
    expect([p.client.baseUrl(creds), p.pix.baseUrl(creds)]).toEqual(['https://127.0.0.1:1', 'https://127.0.0.1:2']);
    return p.onModuleDestroy();
  });

  it('answers CHARGE_NOT_FOUND for an id of neither shape without calling Efí, and 422 for a Pix without pixKey', async () => {
    const ctx = {
      tenantId: 't',
      providerId: 'efi',
      credentials: provider.parseCredentials(base()),
      credentialFingerprint: 'f',
      sessionTtlSeconds: 60,
      state: {} as never,
    };
    await expect(provider.get(ctx, 'inv_123')).rejects.toMatchObject({ code: 'CHARGE_NOT_FOUND' });
    await expect(provider.cancel(ctx, 'boleto-abc', {})).rejects.toMatchObject({ code: 'CHARGE_NOT_FOUND' });
    await expect(
      provider.create(
        ctx,
        { type: 'pix', amount: 100, payer: { name: 'A', document: '52998224725', documentType: 'CPF' } },
        {},
      ),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED_CHARGE_TYPE', message: expect.stringMatching(/pixKey/) });
  });
});
