import { isValidBoleto } from '@brazilian-utils/brazilian-utils/is-valid-boleto';
import { randomDigits, randomInt, seededRandom } from '../test/seeded-random';
import {
  barcodeToDigitableLine,
  buildBoleto,
  digitableLineToBarcode,
  dueDateFactor,
  dueDateFromFactor,
  formatDigitableLine,
  isValidBarcode,
  isValidDigitableLine,
  parseBoleto,
} from './boleto';
import { dayToIsoDate, isoDateToDay } from './calendar-date';

// Banco do Brasil example from the boleto-api README (quoted in shared CONTRACTS.md §4.3):
// factor 7134 (2017-04-19), R$ 100.00.
const BB_LINE = '00190000090101405100500066673179971340000010000';
const BB_BARCODE = '00199713400000100000000001014051000006667317';
// Banco do Brasil example from the @brazilian-utils/brazilian-utils getBoletoInfo docs: 2018-07-15, R$ 1026.56.
const BB_LINE_2 = '00190000090114971860168524522114675860000102656';

// The general check digit written from the FEBRABAN rule, to forge barcodes the builder refuses to make.
function referenceGeneralDv(body43: string): string {
  let sum = 0;
  [...body43].reverse().forEach((digit, i) => {
    sum += Number(digit) * (2 + (i % 8));
  });
  const dv = 11 - (sum % 11);
  return String(dv === 0 || dv === 10 || dv === 11 ? 1 : dv);
}
function forgeBarcode(body43: string): string {
  return body43.slice(0, 4) + referenceGeneralDv(body43) + body43.slice(4);
}

describe('dueDateFactor', () => {
  // FEBRABAN "Manual Operacional do Fator de Vencimento da Cobrança Bancária" v01 (2012) table, and
  // the FEBRABAN reset rule (restart at 1000 on 2025-02-22, next 9999 on 2049-10-13) as reproduced
  // in the Bradesco "Layout da Cobrança" manual 4008-524-0121.
  it.each([
    ['2000-07-03', '1000'],
    ['2000-07-04', '1001'],
    ['2011-12-31', '5198'],
    ['2012-04-27', '5316'],
    ['2017-04-19', '7134'],
    ['2025-02-20', '9998'],
    ['2025-02-21', '9999'],
    ['2025-02-22', '1000'],
    ['2025-02-23', '1001'],
    ['2049-10-13', '9999'],
    ['2049-10-14', '1000'],
    ['1997-10-08', '0001'],
  ])('gives %s the factor %s', (date, factor) => {
    expect(dueDateFactor(date)).toBe(factor);
  });

  it.each([['2025-02-30'], ['2025-2-3'], ['20250221'], ['1997-10-07'], ['1990-01-01'], ['']])(
    'throws RangeError for %p',
    (date) => {
      expect(() => dueDateFactor(date)).toThrow(RangeError);
    },
  );
});

describe('dueDateFromFactor', () => {
  it('picks the cycle closest to the reference date', () => {
    expect(dueDateFromFactor('1000', '2025-06-01')).toBe('2025-02-22');
    expect(dueDateFromFactor('1000', '2010-01-01')).toBe('2000-07-03');
    expect(dueDateFromFactor('9999', '2025-06-01')).toBe('2025-02-21');
    expect(dueDateFromFactor('9999', '2049-01-01')).toBe('2049-10-13');
    expect(dueDateFromFactor('0500', '2030-01-01')).toBe('1999-02-19');
  });

  it('returns undefined for 0000, the slip without a due date', () => {
    expect(dueDateFromFactor('0000', '2025-06-01')).toBeUndefined();
  });

  it('decodes what dueDateFactor encodes whenever the reference is within 4499 days of the due date', () => {
    const random = seededRandom(97);
    const first = isoDateToDay('2000-07-03');
    for (let n = 0; n < 3000; n++) {
      const due = dayToIsoDate(first + randomInt(random, 0, 25_000));
      const reference = dayToIsoDate(isoDateToDay(due) + randomInt(random, -4499, 4499));
      expect(dueDateFromFactor(dueDateFactor(due), reference)).toBe(due);
    }
  });
});

describe('buildBoleto', () => {
  it('reproduces the published Banco do Brasil barcode and digitable line', () => {
    expect(
      buildBoleto({
        bankCode: '001',
        dueDate: '2017-04-19',
        amountCents: 10000,
        freeField: '0000001014051000006667317',
      }),
    ).toEqual({ barcode: BB_BARCODE, digitableLine: BB_LINE });
    expect(
      buildBoleto({
        bankCode: '001',
        dueDate: '2018-07-15',
        amountCents: 102656,
        freeField: '0000001149718606852452211',
      }).digitableLine,
    ).toBe(BB_LINE_2);
  });

  it('writes a due date after the 2025 reset with the restarted factor', () => {
    const { barcode } = buildBoleto({
      bankCode: '341',
      dueDate: '2025-03-10',
      amountCents: 1,
      freeField: '1'.repeat(25),
    });
    expect(barcode.slice(0, 4)).toBe('3419');
    expect(barcode.slice(5, 19)).toBe('10160000000001');
  });

  it.each([
    ['a 2-digit bank code', { bankCode: '01' }],
    ['a 4-digit bank code', { bankCode: '0011' }],
    ['an arrecadação prefix 8', { bankCode: '816' }],
    ['a negative amount', { amountCents: -1 }],
    ['a fractional amount', { amountCents: 10.5 }],
    ['an amount over 10 digits', { amountCents: 10_000_000_000 }],
    ['NaN', { amountCents: Number.NaN }],
    ['a 24-digit free field', { freeField: '0'.repeat(24) }],
    ['letters in the free field', { freeField: `${'0'.repeat(24)}A` }],
    ['an impossible due date', { dueDate: '2025-02-29' }],
  ])('throws RangeError for %s', (_case, override) => {
    const input = { bankCode: '001', dueDate: '2026-01-15', amountCents: 100, freeField: '0'.repeat(25), ...override };
    expect(() => buildBoleto(input)).toThrow(RangeError);
  });
});

describe('validation and conversion', () => {
  it('accepts the published pair and converts both ways', () => {
    expect(isValidBarcode(BB_BARCODE)).toBe(true);
    expect(isValidDigitableLine(BB_LINE)).toBe(true);
    expect(digitableLineToBarcode(BB_LINE)).toBe(BB_BARCODE);
    expect(barcodeToDigitableLine(BB_BARCODE)).toBe(BB_LINE);
  });

  it('accepts the formatted digitable line that providers such as Efí return', () => {
    const formatted = formatDigitableLine(BB_LINE);
    expect(formatted).toBe('00190.00009 01014.051005 00066.673179 9 71340000010000');
    expect(isValidDigitableLine(formatted)).toBe(true);
    expect(digitableLineToBarcode(formatted)).toBe(BB_BARCODE);
  });

  it('rejects any single-digit change in the first three fields of the line', () => {
    for (const index of [...Array(32).keys()]) {
      const changed = BB_LINE.slice(0, index) + ((Number(BB_LINE[index]) + 3) % 10) + BB_LINE.slice(index + 1);
      expect(isValidDigitableLine(changed)).toBe(false);
    }
  });

  it('rejects a changed amount or due date, caught by the general check digit', () => {
    expect(isValidDigitableLine(BB_LINE.replace(/10000$/, '90000'))).toBe(false);
    expect(isValidBarcode(BB_BARCODE.replace('97134', '97135'))).toBe(false);
  });

  it('rejects a barcode in a currency other than 9, even with a matching check digit', () => {
    const body = `0010${BB_BARCODE.slice(5)}`;
    expect(isValidBarcode(forgeBarcode(body))).toBe(false);
  });

  it('rejects an arrecadação (utility bill) barcode and digitable line', () => {
    // 48-digit line from the @brazilian-utils/brazilian-utils isValidBoleto docs, and its 44-digit barcode.
    const arrecadacao = '846100000005246100291102005460339004695895061080';
    expect(isValidBarcode('84610000000246100291100054603390069589506108')).toBe(false);
    expect(isValidDigitableLine(arrecadacao)).toBe(false);
    expect(() => parseBoleto(arrecadacao)).toThrow(RangeError);
  });

  it.each([[''], ['0019000009'], [BB_LINE.slice(1)], [`${BB_BARCODE}0`], ['x'.repeat(47)]])('rejects %p', (value) => {
    expect(isValidBarcode(value)).toBe(false);
    expect(isValidDigitableLine(value)).toBe(false);
    expect(() => parseBoleto(value)).toThrow(RangeError);
  });

  it('refuses to convert invalid input instead of producing another invalid code', () => {
    expect(() => barcodeToDigitableLine(BB_BARCODE.replace('97134', '97135'))).toThrow(RangeError);
    expect(() => digitableLineToBarcode(BB_LINE.replace(/0$/, '1'))).toThrow(RangeError);
    expect(() => formatDigitableLine('123')).toThrow(RangeError);
  });
});

describe('parseBoleto', () => {
  it('reads the bank, due date, amount and free field from a line or a barcode', () => {
    const expected = {
      bankCode: '001',
      dueDate: '2017-04-19',
      dueDateFactor: '7134',
      amountCents: 10000,
      freeField: '0000001014051000006667317',
      barcode: BB_BARCODE,
      digitableLine: BB_LINE,
    };
    expect(parseBoleto(BB_LINE, { referenceDate: '2017-04-01' })).toEqual(expected);
    expect(parseBoleto(BB_BARCODE, { referenceDate: '2017-04-01' })).toEqual(expected);
  });

  it('resolves the factor against today by default', () => {
    const { digitableLine } = buildBoleto({
      bankCode: '237',
      dueDate: dayToIsoDate(Math.floor(Date.now() / 86_400_000) + 30),
      amountCents: 5,
      freeField: '9'.repeat(25),
    });
    expect(parseBoleto(digitableLine).dueDate).toBe(dayToIsoDate(Math.floor(Date.now() / 86_400_000) + 30));
  });

  it('leaves dueDate out for factor 0000', () => {
    const barcode = forgeBarcode(`0019${'0000'}${'0000001234'}${'5'.repeat(25)}`);
    const parsed = parseBoleto(barcode);
    expect(parsed).not.toHaveProperty('dueDate');
    expect(parsed).toMatchObject({ dueDateFactor: '0000', amountCents: 1234 });
  });
});

describe('round trip: build -> convert -> parse -> validate', () => {
  it('holds for 3000 random slips, and an independent validator agrees', () => {
    const random = seededRandom(4400);
    const first = isoDateToDay('2000-07-03');
    for (let n = 0; n < 3000; n++) {
      const input = {
        bankCode: String(randomInt(random, 1, 799)).padStart(3, '0'),
        dueDate: dayToIsoDate(first + randomInt(random, 0, 20_000)),
        amountCents: randomInt(random, 0, 9_999_999_999),
        freeField: randomDigits(random, 25),
      };
      const { barcode, digitableLine } = buildBoleto(input);
      expect(barcode).toMatch(/^\d{44}$/);
      expect(digitableLine).toMatch(/^\d{47}$/);
      expect(isValidBarcode(barcode) && isValidDigitableLine(digitableLine)).toBe(true);
      expect(isValidBoleto(digitableLine)).toBe(true);
      expect(digitableLineToBarcode(digitableLine)).toBe(barcode);
      expect(barcodeToDigitableLine(barcode)).toBe(digitableLine);
      expect(parseBoleto(digitableLine, { referenceDate: input.dueDate })).toMatchObject(input);
    }
  });
});
