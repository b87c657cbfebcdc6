import { seededRandom } from '../test/seeded-random';
import { documentType, isValidCnpj, isValidCpf, normalizeDocument } from './document';

// Reference check digits written from the Receita Federal rule (Nota Técnica Conjunta
// COCAD/SUARA/RFB nº 49/2024): value = ASCII code - 48, mod 11, remainder < 2 gives 0.
function referenceCnpjDigits(body12: string): string {
  const dv = (chars: string, weights: number[]) => {
    const sum = [...chars].reduce((acc, ch, i) => acc + (ch.charCodeAt(0) - 48) * weights[i], 0);
    return sum % 11 < 2 ? 0 : 11 - (sum % 11);
  };
  const first = dv(body12, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const second = dv(body12 + first, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  return `${first}${second}`;
}

describe('normalizeDocument', () => {
  it('removes the mask and uppercases letters', () => {
    expect(normalizeDocument(' 12.abc.345/01de-35 ')).toBe('12ABC34501DE35');
    expect(normalizeDocument('529.982.247-25')).toBe('52998224725');
  });

  it('keeps characters that are not part of a mask, so they fail validation later', () => {
    expect(normalizeDocument('529_982_247_25')).toBe('529_982_247_25');
  });
});

describe('isValidCpf', () => {
  it.each(['52998224725', '12345678909', '529.982.247-25'])('accepts %s', (cpf) => {
    expect(isValidCpf(cpf)).toBe(true);
  });

  it.each([
    ['a wrong first check digit', '52998224735'],
    ['a wrong second check digit', '52998224726'],
    ['10 digits', '5299822472'],
    ['12 digits', '529982247250'],
    ['a letter', '5299822472A'],
    ['an empty string', ''],
  ])('rejects %s', (_case, cpf) => {
    expect(isValidCpf(cpf)).toBe(false);
  });

  it('rejects the 10 repeated-digit CPFs, whose check digits would otherwise match', () => {
    for (let d = 0; d <= 9; d++) expect(isValidCpf(String(d).repeat(11))).toBe(false);
    expect(isValidCpf('000.000.000-00')).toBe(false);
  });
});

describe('isValidCnpj', () => {
  it('accepts the Receita Federal alphanumeric example 12.ABC.345/01DE-35, masked, bare and lowercase', () => {
    expect(isValidCnpj('12ABC34501DE35')).toBe(true);
    expect(isValidCnpj('12.ABC.345/01DE-35')).toBe(true);
    expect(isValidCnpj('12abc34501de35')).toBe(true);
  });

  it.each(['00000000000191', '11222333000181', '11.222.333/0001-81'])('accepts the numeric CNPJ %s', (cnpj) => {
    expect(isValidCnpj(cnpj)).toBe(true);
  });

  it.each([
    ['a wrong check digit', '12ABC34501DE36'],
    ['a letter among the check digits', '12ABC34501DE3A'],
    ['letters valued A=10 instead of A=17 (brutils PR #731)', 'LBNXQOB5000163'],
    ['13 characters', '1222333000181'],
    ['a symbol', '12ABC34501D#35'],
  ])('rejects %s', (_case, cnpj) => {
    expect(isValidCnpj(cnpj)).toBe(false);
  });

  it('rejects repeated sequences such as 00.000.000/0000-00 and 11111111111111', () => {
    for (let d = 0; d <= 9; d++) expect(isValidCnpj(String(d).repeat(14))).toBe(false);
  });

  it('agrees with the Receita Federal rule on 2000 random alphanumeric CNPJs and their one-digit mutations', () => {
    const random = seededRandom(2026);
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (let n = 0; n < 2000; n++) {
      const body = Array.from({ length: 12 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const digits = referenceCnpjDigits(body);
      expect(isValidCnpj(body + digits)).toBe(true);
      const wrong = `${digits[0]}${(Number(digits[1]) + 1 + Math.floor(random() * 9)) % 10}`;
      expect(isValidCnpj(body + wrong)).toBe(false);
    }
  });
});

describe('documentType', () => {
  it('tells a CPF from a CNPJ after normalizing', () => {
    expect(documentType('529.982.247-25')).toBe('CPF');
    expect(documentType('12.abc.345/01de-35')).toBe('CNPJ');
    expect(documentType('11.222.333/0001-81')).toBe('CNPJ');
  });

  it.each([
    ['an invalid CPF', '529.982.247-26'],
    ['an invalid CNPJ', '11.222.333/0001-82'],
    ['a repeated CPF', '000.000.000-00'],
    ['a repeated CNPJ', '11111111111111'],
    ['12 digits', '123456789012'],
    ['letters in an 11-character value', '5299822472A'],
    ['an empty string', ''],
  ])('returns undefined for %s', (_case, input) => {
    expect(documentType(input)).toBeUndefined();
  });
});
