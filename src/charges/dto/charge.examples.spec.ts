import {
  documentType,
  isValidBarcode,
  isValidDigitableLine,
  isValidUf,
  normalizeCep,
  parseBoleto,
  parsePixBrCode,
} from '@lib/brazil';
import { resolveExampleDates } from '../../docs/example-dates';
import {
  ADDRESS_EXAMPLE,
  BOLETO_EXAMPLE,
  CREATE_CHARGE_EXAMPLES,
  PAYER_EXAMPLE,
  PAYER_VIEW_EXAMPLE,
  PIX_EXAMPLE,
} from './charge.examples';
import { parseCreateCharge } from './parse-create-charge';

describe('OpenAPI examples of the charge schemas', () => {
  it('show a boleto whose lines are valid and agree with each other', () => {
    expect(isValidDigitableLine(BOLETO_EXAMPLE.digitableLine)).toBe(true);
    expect(isValidBarcode(BOLETO_EXAMPLE.barcode)).toBe(true);
    expect(parseBoleto(BOLETO_EXAMPLE.digitableLine).barcode).toBe(BOLETO_EXAMPLE.barcode);
  });

  it('show a BR Code with a valid CRC and the txid in 62-05', () => {
    expect(parsePixBrCode(PIX_EXAMPLE.brCode)).toMatchObject({
      crcValid: true,
      txid: PIX_EXAMPLE.txid,
      amountCents: 15990,
    });
  });

  it('show a payer that passes the request rules and its normalized answer', () => {
    expect(documentType(PAYER_EXAMPLE.document)).toBe(PAYER_VIEW_EXAMPLE.documentType);
    expect(isValidUf(ADDRESS_EXAMPLE.state)).toBe(true);
    expect(normalizeCep(ADDRESS_EXAMPLE.zipCode)).toBe(PAYER_VIEW_EXAMPLE.address.zipCode);
  });

  it.each(Object.keys(CREATE_CHARGE_EXAMPLES))(
    'offer a %s create body that passes validation as written, once its dates are resolved',
    async (name) => {
      const body = resolveExampleDates(CREATE_CHARGE_EXAMPLES[name as keyof typeof CREATE_CHARGE_EXAMPLES].value);
      const parsed = await parseCreateCharge(body);
      expect(parsed.ok ? 'valid' : parsed.error).toBe('valid');
    },
  );
});
