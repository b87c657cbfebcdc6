import { MAX_BOLETO_PDF_BYTES } from '../charge-provider';
import { allowedDocumentUrl, asBoletoPdf, boletoPdfFromBase64, documentOrigins } from './bank-document';

const ctx = { tenantId: 't1', providerId: 'asaas' };
const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');

describe('bank documents', () => {
  it('accepts a PDF and refuses other bytes or more than the cap as PROVIDER_ERROR', () => {
    expect(asBoletoPdf(pdf, 'Asaas')).toBe(pdf);
    for (const bytes of [undefined, Buffer.from(''), Buffer.from('<html>%PDF-</html>'), Buffer.from('%PDF')])
      expect(() => asBoletoPdf(bytes, 'Asaas')).toThrow(expect.objectContaining({ code: 'PROVIDER_ERROR' }));
    const big = Buffer.concat([pdf, Buffer.alloc(MAX_BOLETO_PDF_BYTES)]);
    expect(() => asBoletoPdf(big, 'Asaas')).toThrow(/larger than 5242880 bytes/);
  });

  it('decodes a base64 PDF, refusing what is not base64 or would decode above the cap before decoding it', () => {
    expect(boletoPdfFromBase64(pdf.toString('base64'), 'Banco Inter').equals(pdf)).toBe(true);
    expect(() => boletoPdfFromBase64(42, 'Banco Inter')).toThrow(/without a base64 PDF/);
    expect(() => boletoPdfFromBase64('%PDF-not base64!', 'Banco Inter')).toThrow(/without a base64 PDF/);
    expect(() => boletoPdfFromBase64(Buffer.from('<html/>').toString('base64'), 'Banco Inter')).toThrow(
      /not a PDF|else than a PDF/,
    );
    expect(() => boletoPdfFromBase64('A'.repeat(MAX_BOLETO_PDF_BYTES * 2), 'Banco Inter')).toThrow(/larger than/);
  });

  it('allows the API origin plus the configured origins, or the bank defaults when none are configured', () => {
    const settings = { timeoutMs: 1000, baseUrls: {}, documentOrigins: { asaas: ['https://cdn.example'] } };
    expect([...documentOrigins(settings, 'asaas', 'https://api.asaas.com/v3', ['https://www.asaas.com'])]).toEqual([
      'https://api.asaas.com',
      'https://cdn.example',
    ]);
    expect([
      ...documentOrigins(settings, 'efi', 'https://cobrancas.api.efipay.com.br', ['https://dl.example']),
    ]).toEqual(['https://cobrancas.api.efipay.com.br', 'https://dl.example']);
  });

  it('fetches a link only on an allowed origin, without user info, over http(s)', () => {
    const allowed = new Set(['https://www.asaas.com']);
    expect(allowedDocumentUrl(ctx, 'https://www.asaas.com/b/pdf/abc', allowed)?.pathname).toBe('/b/pdf/abc');
    for (const link of [
      undefined,
      'not a url',
      'https://www.asaas.com.evil.example/b/pdf/abc',
      'https://www.asaas.com:8443/b/pdf/abc',
      'http://www.asaas.com/b/pdf/abc',
      'https://user:pw@www.asaas.com/b/pdf/abc',
      'file:///etc/passwd',
      'https://169.254.169.254/latest/meta-data',
    ])
      expect(allowedDocumentUrl(ctx, link, allowed)).toBeUndefined();
  });
});
