import { getPixPayloadInfo } from '@brazilian-utils/brazilian-utils/get-pix-payload-info';
import { isValidPixPayload } from '@brazilian-utils/brazilian-utils/is-valid-pix-payload';
import { randomInt, seededRandom } from '../test/seeded-random';
import { BrCodeFormatError, crc16, parseTlvRecord } from './emv-tlv';
import { buildPixBrCode, normalizePixKey, parsePixBrCode, PixBrCodeInput } from './pix-br-code';

// BCB "Manual de Padrões para Iniciação do Pix", static example (§2.6) and dynamic example (§2.7.2).
const BCB_STATIC =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';
const BCB_DYNAMIC =
  '00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***630464E4';
const EVP = '123e4567-e12b-12d1-a456-426655440000';
const base: PixBrCodeInput = { key: EVP, merchantName: 'Fulano de Tal', merchantCity: 'BRASILIA', txid: '***' };

describe('crc16', () => {
  it('gives the CRC-16/CCITT-FALSE check value 29B1 for "123456789"', () => {
    expect(crc16('123456789')).toBe('29B1');
  });

  it('reproduces the CRCs of the two BCB manual examples', () => {
    expect(crc16(BCB_STATIC.slice(0, -4))).toBe('1D3D');
    expect(crc16(BCB_DYNAMIC.slice(0, -4))).toBe('64E4');
  });
});

describe('buildPixBrCode', () => {
  it('reproduces the BCB manual static example byte for byte', () => {
    expect(buildPixBrCode(base)).toBe(BCB_STATIC);
  });

  it('writes amount, txid, description and a single-use marker, and an independent validator accepts it', () => {
    const code = buildPixBrCode({
      ...base,
      amountCents: 12345,
      txid: 'PEDIDO42',
      description: 'Pedido 42',
      pointOfInitiation: 'dynamic',
    });
    expect(code.startsWith('000201010212')).toBe(true);
    expect(code).toContain('0209Pedido 42');
    expect(code).toContain('5406123.45');
    expect(code).toContain('62120508PEDIDO42');
    expect(code).toMatch(/6304[0-9A-F]{4}$/);
    expect(isValidPixPayload(code)).toBe(true);
    expect(buildPixBrCode({ ...base, pointOfInitiation: 'static' })).toContain('0002010102112658');
  });

  it('writes the key in its canonical DICT form', () => {
    const keyOf = (key: string) => parsePixBrCode(buildPixBrCode({ ...base, key })).key;
    expect(keyOf('(11) 98765-4321')).toBe('+5511987654321');
    expect(keyOf('123.456.789-09')).toBe('12345678909');
    expect(keyOf('12.ABC.345/01DE-35')).toBe('12ABC34501DE35');
    expect(keyOf(' Fulano@Example.COM ')).toBe('fulano@example.com');
    expect(keyOf(EVP.toUpperCase())).toBe(EVP);
  });

  it('folds name, city and description to ASCII and cuts them to the BR Code limits', () => {
    const parsed = parsePixBrCode(
      buildPixBrCode({
        ...base,
        merchantName: 'João da Conceição\tComércio de Alimentos',
        merchantCity: 'São Gonçalo do Rio Abaixo',
        description: 'Café nº 1 ☕',
      }),
    );
    expect(parsed.merchantName).toBe('Joao da Conceicao Comerci');
    expect(parsed.merchantCity).toBe('Sao Goncalo do');
    expect(parsed.description).toBe('Cafe n 1');
  });

  it('cuts the description to the room left in the 99-character account template', () => {
    const code = buildPixBrCode({ ...base, description: 'x'.repeat(140) });
    const template = parsePixBrCode(code).fields['26'];
    expect(template).toHaveLength(99);
    expect(parseTlvRecord(template)['02']).toBe('x'.repeat(37));
    const longKey = `${'a'.repeat(65)}@example.com`;
    expect(
      parsePixBrCode(buildPixBrCode({ ...base, key: longKey, description: 'dropped' })).description,
    ).toBeUndefined();
  });

  it.each([
    ['a key that is not a Pix key', { key: 'sandbox-key' }],
    ['an empty key', { key: '' }],
    ['an empty txid', { txid: '' }],
    ['a 26-character txid', { txid: 'A'.repeat(26) }],
    ['a txid with a dash', { txid: 'abc-123' }],
    ['a zero amount', { amountCents: 0 }],
    ['a negative amount', { amountCents: -100 }],
    ['a fractional amount', { amountCents: 10.5 }],
    ['an amount longer than 13 characters', { amountCents: 1_000_000_000_000 }],
    ['a name with no printable ASCII', { merchantName: '☕☕' }],
    ['a blank city', { merchantCity: '   ' }],
  ])('throws RangeError for %s', (_case, override) => {
    expect(() => buildPixBrCode({ ...base, ...override })).toThrow(RangeError);
  });

  it('accepts the largest amount the field holds and a 25-character txid', () => {
    const code = buildPixBrCode({ ...base, amountCents: 999_999_999_999, txid: 'Z'.repeat(25) });
    expect(parsePixBrCode(code)).toMatchObject({ amountCents: 999_999_999_999, txid: 'Z'.repeat(25), crcValid: true });
  });
});

describe('normalizePixKey', () => {
  it('returns undefined for values that are not Pix keys', () => {
    expect(normalizePixKey('(11) 3333-4444')).toBeUndefined(); // a landline is not a Pix key
    expect(normalizePixKey('123.456.789-00')).toBeUndefined();
    expect(normalizePixKey(undefined as unknown as string)).toBeUndefined();
  });
});

describe('parsePixBrCode', () => {
  it('reads the BCB static example', () => {
    expect(parsePixBrCode(BCB_STATIC)).toEqual({
      payloadFormat: '01',
      key: EVP,
      txid: '***',
      merchantName: 'Fulano de Tal',
      merchantCity: 'BRASILIA',
      pointOfInitiation: 'static',
      crcValid: true,
      fields: expect.objectContaining({ '00': '01', '52': '0000', '53': '986', '58': 'BR', '63': '1D3D' }),
    });
  });

  it('reads the BCB dynamic example, whose account template carries a location instead of a key', () => {
    const parsed = parsePixBrCode(`${BCB_DYNAMIC}\n`);
    expect(parsed).toMatchObject({
      url: 'pix.example.com/8b3da2f39a4140d1a91abd93113bd441',
      pointOfInitiation: 'dynamic',
      crcValid: true,
    });
    expect(parsed.key).toBeUndefined();
  });

  it('reports a wrong CRC without throwing, and accepts a lowercase CRC', () => {
    expect(parsePixBrCode(BCB_STATIC.replace('1D3D', '1D3E')).crcValid).toBe(false);
    expect(parsePixBrCode(BCB_STATIC.replace('Fulano', 'Fulana')).crcValid).toBe(false);
    expect(parsePixBrCode(BCB_STATIC.replace('1D3D', '1d3d')).crcValid).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'hello'],
    ['a truncated code', BCB_STATIC.slice(0, -1)],
    ['a code without CRC', BCB_STATIC.slice(0, -8)],
    ['a code not starting with 00', BCB_STATIC.slice(6)],
    ['a non-numeric length', BCB_STATIC.replace('5913', '59AB')],
    ['a duplicated object', BCB_STATIC.replace('5802BR', '5802BR5802BR')],
    ['a broken additional data template', BCB_STATIC.replace('62070503***', '62070599***')],
    ['an amount with a comma', BCB_STATIC.replace('5802BR', '540512,505802BR')],
    ['no merchant name', BCB_STATIC.replace('5913Fulano de Tal', '')],
  ])('throws BrCodeFormatError for %s', (_case, code) => {
    expect(() => parsePixBrCode(code)).toThrow(BrCodeFormatError);
  });
});

describe('round trip: build -> parse -> validate', () => {
  it('holds for 1500 random codes, and an independent parser agrees', () => {
    const random = seededRandom(986);
    const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[randomInt(random, 0, 15)]).join('');
    const alnum = (n: number) =>
      Array.from(
        { length: n },
        () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[randomInt(random, 0, 61)],
      ).join('');
    const keys = [
      () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
      () => `${alnum(randomInt(random, 1, 20)).toLowerCase()}@example.com.br`,
      () =>
        `+55${[11, 21, 31, 41, 51, 61, 71, 81, 91][randomInt(random, 0, 8)]}9${String(randomInt(random, 0, 99_999_999)).padStart(8, '0')}`,
    ];
    for (let n = 0; n < 1500; n++) {
      const input: PixBrCodeInput = {
        key: keys[n % keys.length](),
        merchantName: alnum(randomInt(random, 1, 25)),
        merchantCity: alnum(randomInt(random, 1, 15)),
        amountCents: n % 5 === 0 ? undefined : randomInt(random, 1, 999_999_999_999),
        txid: n % 7 === 0 ? '***' : alnum(randomInt(random, 1, 25)),
        description: n % 3 === 0 ? undefined : alnum(randomInt(random, 1, 20)),
      };
      const code = buildPixBrCode(input);
      const parsed = parsePixBrCode(code);
      expect(parsed).toMatchObject({ ...JSON.parse(JSON.stringify(input)), crcValid: true, payloadFormat: '01' });
      expect(getPixPayloadInfo(code)).toMatchObject({
        key: input.key,
        merchantName: input.merchantName,
        merchantCity: input.merchantCity,
        ...(input.amountCents === undefined ? {} : { amount: input.amountCents / 100 }),
        ...(input.txid === '***' ? {} : { txid: input.txid }),
      });
    }
  });
});
