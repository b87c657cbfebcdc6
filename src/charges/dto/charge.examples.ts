import { daysFromToday } from '../../docs/example-dates';

/**
 * Example values for the OpenAPI document, one per nested object, so every property of the charge
 * schemas (nested ones included) shows an example in Swagger UI. Dates are relative to the day the
 * document is served (see daysFromToday), so an example never carries a due date in the past.
 */
export const DUE_DATE_EXAMPLE = daysFromToday(7);
export const ADDRESS_EXAMPLE = {
  street: 'Avenida Paulista',
  number: '1000',
  complement: 'Conjunto 101',
  district: 'Bela Vista',
  city: 'São Paulo',
  state: 'SP',
  zipCode: '01310-100',
};
export const PAYER_EXAMPLE = {
  name: 'Maria da Silva',
  document: '123.456.789-09',
  email: 'maria@example.com',
  phone: '+55 11 98765-4321',
  address: ADDRESS_EXAMPLE,
};
export const PAYER_VIEW_EXAMPLE = {
  ...PAYER_EXAMPLE,
  document: '12345678909',
  documentType: 'CPF',
  address: { ...ADDRESS_EXAMPLE, zipCode: '01310100' },
};
export const FINE_EXAMPLE = { percent: 2 };
export const INTEREST_EXAMPLE = { monthlyPercent: 1 };
export const DISCOUNT_EXAMPLE = { percent: 5, until: daysFromToday(5) };
export const BOLETO_EXAMPLE = {
  digitableLine: '00091210961669835552223110500719516560000015990',
  barcode: '00095165600000159901210916698355522311050071',
  pdfUrl: 'https://bank.example/boletos/123.pdf',
};
export const PIX_EXAMPLE = {
  brCode:
    '00020101021226580014br.gov.bcb.pix0136e30e67e9-b986-4444-9333-25e3714682be5204000053039865406159.905802BR5916MAAX COB SANDBOX6009SAO PAULO62290525SBXc35ec50837e6098160724263044F9B',
  txid: 'SBXc35ec50837e60981607242',
};
export const CAPABILITIES_EXAMPLE = {
  types: ['boleto', 'pix', 'bolepix'],
  idempotentCreate: true,
  asyncRegistration: false,
  requiresSession: false,
  cancel: true,
  list: true,
  refund: true,
  boletoPdf: false,
};

/**
 * The request bodies Swagger UI offers for POST /v1/charges ("Try it out" sends the selected one as is),
 * one per charge type, each valid as written: the schema's own sample would mix the fields of every type.
 */
export const CREATE_CHARGE_EXAMPLES = {
  bolepix: {
    summary: 'Bolepix: a boleto that also carries a Pix QR code',
    value: {
      type: 'bolepix',
      amount: 15990,
      dueDate: DUE_DATE_EXAMPLE,
      description: 'Mensalidade dezembro/2026',
      externalId: 'order-2026-000123',
      payer: PAYER_EXAMPLE,
      fine: FINE_EXAMPLE,
      interest: INTEREST_EXAMPLE,
      discount: DISCOUNT_EXAMPLE,
    },
  },
  boleto: {
    summary: 'Boleto with a late fine and interest',
    value: {
      type: 'boleto',
      amount: 15990,
      dueDate: DUE_DATE_EXAMPLE,
      description: 'Mensalidade dezembro/2026',
      payer: PAYER_EXAMPLE,
      fine: FINE_EXAMPLE,
      interest: INTEREST_EXAMPLE,
    },
  },
  pix: {
    summary: 'Pix that expires in one hour (no dueDate, fine, interest or discount)',
    value: {
      type: 'pix',
      amount: 2500,
      expiresInSeconds: 3600,
      description: 'Pedido 123',
      payer: { name: 'Empresa Exemplo Ltda', document: '11.222.333/0001-81' },
    },
  },
};
