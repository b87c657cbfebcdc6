import fc from 'fast-check';
import { spDate } from '../charges/charge-fixtures';

/** Text the DTO accepts: no control characters or lone surrogates, not blank when required. */
const text = (min: number, max: number) =>
  fc
    .string({ unit: 'grapheme', minLength: min, maxLength: max })
    .filter(
      (s) => s.length >= min && s.length <= max && /^[^\p{Cc}\p{Cs}]*$/u.test(s) && (min === 0 || s.trim() !== ''),
    );

function cpfDigits(base: number[]): string {
  const digit = (ds: number[]) => {
    const sum = ds.reduce((acc, d, i) => acc + d * (ds.length + 1 - i), 0);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  const d1 = digit(base);
  const d2 = digit([...base, d1]);
  return [...base, d1, d2].join('');
}

/** A CPF with valid check digits (not one of the repeated-digit numbers), formatted or not. */
export const cpf = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }), fc.boolean())
  .filter(([ds]) => new Set(ds).size > 1)
  .map(([ds, formatted]) => {
    const s = cpfDigits(ds);
    return formatted ? `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}` : s;
  });

const email = fc.stringMatching(/^[a-z0-9]{1,20}(\.[a-z0-9]{1,10})?@[a-z]{2,20}\.(com|com\.br|org)$/);
const UFS = [
  'AC',
  'AL',
  'AP',
  'AM',
  'BA',
  'CE',
  'DF',
  'ES',
  'GO',
  'MA',
  'MT',
  'MS',
  'MG',
  'PA',
  'PB',
  'PR',
  'PE',
  'PI',
  'RJ',
  'RN',
  'RS',
  'RO',
  'RR',
  'SC',
  'SP',
  'SE',
  'TO',
];

const address = fc.record({
  street: text(1, 120),
  number: text(1, 20),
  district: text(1, 60),
  city: text(1, 60),
  state: fc.constantFrom(...UFS).chain((uf) => fc.constantFrom(uf, uf.toLowerCase())),
  zipCode: fc.stringMatching(/^[0-9]{5}-?[0-9]{3}$/),
});

const payer = fc.record(
  {
    name: text(1, 100),
    document: cpf,
    email,
    phone: fc.stringMatching(/^\+?[0-9]{8,20}$/),
    address,
  },
  { requiredKeys: ['name', 'document'] },
);

const percent = (maxHundredths: number) => fc.integer({ min: 1, max: maxHundredths }).map((n) => n / 100);

const common = {
  amount: fc.integer({ min: 1, max: 9_999_999_999 }),
  description: text(0, 140),
  externalId: text(1, 64),
  payer,
};

/** Bodies POST /v1/charges must accept on the sandbox (201). */
export const validCreateBody: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record(
    {
      type: fc.constantFrom('boleto', 'bolepix'),
      dueDate: fc.integer({ min: 1, max: 3600 }).map(spDate),
      fine: percent(2000).map((p) => ({ percent: p })),
      interest: percent(1000).map((p) => ({ monthlyPercent: p })),
      ...common,
    },
    { requiredKeys: ['type', 'amount', 'dueDate', 'payer'] },
  ),
  fc.record(
    {
      type: fc.constant('pix'),
      expiresInSeconds: fc.integer({ min: 60, max: 31_536_000 }),
      ...common,
    },
    { requiredKeys: ['type', 'amount', 'payer'] },
  ),
);

type Mutation = [field: string, apply: (body: Record<string, unknown>) => void];
const payerOf = (b: Record<string, unknown>) => b.payer as Record<string, unknown>;

/** One field broken at a time; the 400 must name exactly that field. */
export const MUTATIONS: Mutation[] = [
  ['type', (b) => (b.type = 'card')],
  ['amount', (b) => (b.amount = 0)],
  ['amount', (b) => (b.amount = -1)],
  ['amount', (b) => (b.amount = 1.5)],
  ['amount', (b) => (b.amount = '100')],
  ['amount', (b) => (b.amount = 10_000_000_000)],
  ['description', (b) => (b.description = 'x'.repeat(141))],
  ['description', (b) => (b.description = 'line\nbreak')],
  ['description', (b) => (b.description = 'lone \ud800')],
  ['externalId', (b) => (b.externalId = '')],
  ['externalId', (b) => (b.externalId = 'e'.repeat(65))],
  ['payer', (b) => (b.payer = 'Maria')],
  ['payer.name', (b) => (payerOf(b).name = '   ')],
  ['payer.name', (b) => (payerOf(b).name = 7)],
  [
    'payer.document',
    (b) =>
      (payerOf(b).document =
        `${String(payerOf(b).document).slice(0, -1)}${(Number(String(payerOf(b).document).slice(-1)) + 1) % 10}`),
  ],
  ['payer.document', (b) => (payerOf(b).document = '111.111.111-11')],
  ['payer.email', (b) => (payerOf(b).email = 'not-an-email')],
  ['payer.email', (b) => (payerOf(b).email = 'maria\ud800@example.com')],
  ['payer.phone', (b) => (payerOf(b).phone = 'call me')],
  ['payer.isAdmin', (b) => (payerOf(b).isAdmin = true)],
  ['status', (b) => (b.status = 'PAID')],
  ['tenantId', (b) => (b.tenantId = 'other')],
  ['payer.address.state', (b) => (payerOf(b).address = { ...(payerOf(b).address as object), state: 'XX' })],
  ['payer.address.zipCode', (b) => (payerOf(b).address = { ...(payerOf(b).address as object), zipCode: '0131010' })],
];

/** A valid body with one mutation applied (address mutations only when the body has an address). */
export const mutatedCreateBody = fc
  .tuple(validCreateBody, fc.constantFrom(...MUTATIONS))
  .filter(([body, [field]]) => !field.startsWith('payer.address') || payerOf(body).address !== undefined)
  .map(([body, [field, apply]]) => {
    const copy = structuredClone(body);
    apply(copy);
    return { field, body: copy };
  });
