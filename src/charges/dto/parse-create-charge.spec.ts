import { parseCreateCharge } from './parse-create-charge';

const body = (email: string) => ({
  type: 'pix',
  amount: 2500,
  payer: { name: 'Ana Souza', document: '529.982.247-25', email },
});

describe('parseCreateCharge', () => {
  it('answers VALIDATION_ERROR, never throws, when a validator throws (validator.js isEmail calls encodeURI on a lone surrogate)', async () => {
    // ChargesService refuses such strings before parsing; here the validator itself meets one.
    const parsed = await parseCreateCharge(body('ana\ud800@example.com'));
    expect(parsed).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_ERROR', status: 400, errors: [{ field: 'body', message: expect.any(String) }] },
    });
  });

  it('still parses a valid body', async () => {
    expect(await parseCreateCharge(body('ana@example.com'))).toMatchObject({
      ok: true,
      input: { type: 'pix', amount: 2500, payer: { email: 'ana@example.com' } },
    });
  });
});
