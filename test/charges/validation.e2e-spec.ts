import request from 'supertest';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys } from '../helpers/redis';
import { auth, boletoBody, CHARGES_TEST_ENV, createCharge, pixBody, sandboxTenant, spDate } from './charge-fixtures';

const payer = boletoBody().payer as Record<string, unknown>;
const address = payer.address as Record<string, unknown>;
const withPayer = (p: Record<string, unknown>) => boletoBody({ payer: { ...payer, ...p } });
const withAddress = (a: Record<string, unknown>) => withPayer({ address: { ...address, ...a } });
const { dueDate: _omit, ...noDueDate } = boletoBody();
const deeplyNested = Array.from({ length: 500 }).reduce<unknown>((inner) => [inner], []);

/** [case, body, the fields the 400 must name] */
const CASES: Array<[string, unknown, string[]]> = [
  ['a body that is not an object', [], ['body']],
  ['an unknown top-level field', boletoBody({ currency: 'USD' }), ['currency']],
  ['an unknown payer field', withPayer({ isAdmin: true }), ['payer.isAdmin']],
  ['an unknown type', boletoBody({ type: 'card' }), ['type']],
  ['a missing amount', boletoBody({ amount: undefined }), ['amount']],
  ['a zero amount', boletoBody({ amount: 0 }), ['amount']],
  ['a negative amount', boletoBody({ amount: -100 }), ['amount']],
  ['a fractional amount', boletoBody({ amount: 10.5 }), ['amount']],
  ['an amount sent as a string', boletoBody({ amount: '100' }), ['amount']],
  ['an amount above 10 digits', boletoBody({ amount: 10_000_000_000 }), ['amount']],
  ['a boleto without dueDate', noDueDate, ['dueDate']],
  ['a dueDate that is not a date', boletoBody({ dueDate: '2030-02-30' }), ['dueDate']],
  ['a dueDate in another format', boletoBody({ dueDate: '10/12/2030' }), ['dueDate']],
  ['a dueDate in the past', boletoBody({ dueDate: spDate(-1) }), ['dueDate']],
  ['a dueDate more than 10 years ahead', boletoBody({ dueDate: spDate(3660 + 10) }), ['dueDate']],
  ['a pix with a dueDate', pixBody({ dueDate: spDate(3) }), ['dueDate']],
  ['a boleto with expiresInSeconds', boletoBody({ expiresInSeconds: 3600 }), ['expiresInSeconds']],
  ['a pix expiring in 30 seconds', pixBody({ expiresInSeconds: 30 }), ['expiresInSeconds']],
  ['a description over 140 characters', boletoBody({ description: 'x'.repeat(141) }), ['description']],
  ['a description with control characters', boletoBody({ description: 'line\nbreak' }), ['description']],
  ['an externalId over 64 characters', boletoBody({ externalId: 'e'.repeat(65) }), ['externalId']],
  ['a missing payer', boletoBody({ payer: undefined }), ['payer']],
  ['a payer that is a string', boletoBody({ payer: 'Maria' }), ['payer']],
  ['a payer without name', withPayer({ name: undefined }), ['payer.name']],
  ['a blank payer name', withPayer({ name: '   ' }), ['payer.name']],
  ['a CPF with a wrong check digit', withPayer({ document: '529.982.247-24' }), ['payer.document']],
  ['a CPF of repeated digits', withPayer({ document: '111.111.111-11' }), ['payer.document']],
  ['a CNPJ with a wrong check digit', withPayer({ document: '11.222.333/0001-82' }), ['payer.document']],
  ['a document of 12 digits', withPayer({ document: '123456789012' }), ['payer.document']],
  ['an invalid e-mail', withPayer({ email: 'not-an-email' }), ['payer.email']],
  ['a phone with letters', withPayer({ phone: 'call me' }), ['payer.phone']],
  ['an unknown UF', withAddress({ state: 'XX' }), ['payer.address.state']],
  ['a CEP of 7 digits', withAddress({ zipCode: '0131010' }), ['payer.address.zipCode']],
  ['an address without street', withAddress({ street: undefined }), ['payer.address.street']],
  ['a fine with percent and amount', boletoBody({ fine: { percent: 2, amount: 100 } }), ['fine']],
  ['a fine above 20%', boletoBody({ fine: { percent: 25 } }), ['fine.percent']],
  ['a fine with 3 decimals', boletoBody({ fine: { percent: 1.234 } }), ['fine.percent']],
  ['interest of 0%', boletoBody({ interest: { monthlyPercent: 0 } }), ['interest.monthlyPercent']],
  ['interest above 10% a month', boletoBody({ interest: { monthlyPercent: 11 } }), ['interest.monthlyPercent']],
  [
    'a discount as large as the amount',
    boletoBody({ discount: { amount: 15990, until: spDate(5) } }),
    ['discount.amount'],
  ],
  [
    'a discount after the due date',
    boletoBody({ dueDate: spDate(5), discount: { percent: 5, until: spDate(6) } }),
    ['discount.until'],
  ],
  ['a discount of 100%', boletoBody({ discount: { percent: 100, until: spDate(5) } }), ['discount.percent']],
  ['a fine on a pix', pixBody({ fine: { percent: 2 } }), ['fine']],
  ['a body nested hundreds of levels deep', boletoBody({ notes: deeplyNested }), ['body']],
  [
    'many problems at once',
    { type: 'boleto', amount: -1, payer: { name: '', document: '1' } },
    ['amount', 'dueDate', 'payer.name', 'payer.document'],
  ],
];

describe.each(ADAPTERS)('charge validation (%s)', (adapter) => {
  let t: TestApp;
  const a = sandboxTenant();

  beforeAll(async () => {
    t = await startTestApp({ adapter, env: CHARGES_TEST_ENV });
  });
  afterAll(async () => {
    await deleteKeys(t.redisUrl as string, `${a.prefix}:*`);
    await t?.close();
  });

  it.each(CASES)('answers 400 VALIDATION_ERROR naming the field for %s', async (_name, body, fields) => {
    const res = await createCharge(t.url, a, body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_ERROR');
    expect([...new Set((res.body.errors as Array<{ field: string }>).map((e) => e.field))].sort()).toEqual(
      [...fields].sort(),
    );
    for (const e of res.body.errors) expect(e.message).toEqual(expect.any(String));
  });

  it('names each failing field once, with the message of the rule that matters first', async () => {
    const res = await createCharge(t.url, a, {
      type: 'pix',
      amount: true,
      expiresInSeconds: '3600',
      payer: { name: 'Ana', document: '12.abc.345/01de-36' },
    }).expect(400);
    const errors = res.body.errors as Array<{ field: string; message: string }>;
    expect(errors.map((e) => e.field).sort()).toEqual(['amount', 'expiresInSeconds', 'payer.document']);
    expect(errors.find((e) => e.field === 'amount')?.message).toMatch(/integer/);
    expect(errors.find((e) => e.field === 'expiresInSeconds')?.message).toMatch(/integer/);
    const empty = await createCharge(t.url, a, {}).expect(400);
    expect(empty.body.errors.map((e: { field: string }) => e.field)).toEqual(['type', 'amount', 'payer']);
  });

  it('accepts formatted documents and answers them normalized, with unformatted CEP and lowercase UF', async () => {
    const res = await createCharge(
      t.url,
      a,
      withPayer({ document: '11.222.333/0001-81', address: { ...address, state: ' rj ', zipCode: '20040 020' } }),
    ).expect(201);
    expect(res.body.payer).toMatchObject({
      document: '11222333000181',
      documentType: 'CNPJ',
      address: { state: 'RJ', zipCode: '20040020' },
    });
    const alnum = await createCharge(t.url, a, withPayer({ document: '12abc34501de35' })).expect(201);
    expect(alnum.body.payer).toMatchObject({ document: '12ABC34501DE35', documentType: 'CNPJ' });
  });

  it.each([
    ['longer than 255 characters', 'k'.repeat(256)],
    ['with a space', 'my key'],
    ['with a non-ASCII character', 'chave-ç'],
  ])('refuses an Idempotency-Key %s with 400', async (_name, key) => {
    const res = await request(t.url)
      .post('/v1/charges')
      .set(auth(a))
      .set('Idempotency-Key', Buffer.from(key, 'utf8').toString('latin1'))
      .send(boletoBody());
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });
});
