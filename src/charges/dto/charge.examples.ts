/**
 * Example values for the OpenAPI document, one per nested object, so every property of the charge
 * schemas (nested ones included) shows an example in Swagger UI.
 */
export const ADDRESS_EXAMPLE = { street: 'Avenida Paulista', number: '1000', complement: 'Conjunto 101', district: 'Bela Vista', city: 'São Paulo', state: 'SP', zipCode: '01310-100' };
export const PAYER_EXAMPLE = { name: 'Maria da Silva', document: '123.456.789-09', email: 'maria@example.com', phone: '+55 11 98765-4321', address: ADDRESS_EXAMPLE };
export const PAYER_VIEW_EXAMPLE = { ...PAYER_EXAMPLE, document: '12345678909', documentType: 'CPF', address: { ...ADDRESS_EXAMPLE, zipCode: '01310100' } };
export const FINE_EXAMPLE = { percent: 2 };
export const INTEREST_EXAMPLE = { monthlyPercent: 1 };
export const DISCOUNT_EXAMPLE = { percent: 5, until: '2026-12-05' };
export const BOLETO_EXAMPLE = {
  digitableLine: '00091210961669835552223110500719516560000015990',
  barcode: '00095165600000159901210916698355522311050071',
  pdfUrl: 'https://bank.example/boletos/123.pdf',
};
export const PIX_EXAMPLE = {
  brCode: '00020101021226580014br.gov.bcb.pix0136e30e67e9-b986-4444-9333-25e3714682be5204000053039865406159.905802BR5916MAAX COB SANDBOX6009SAO PAULO62290525SBXc35ec50837e6098160724263044F9B',
  txid: 'SBXc35ec50837e60981607242',
};
export const CAPABILITIES_EXAMPLE = { types: ['boleto', 'pix', 'bolepix'], idempotentCreate: true, asyncRegistration: false, requiresSession: false, cancel: true };
