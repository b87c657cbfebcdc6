import { AppError } from '../errors/app-error';
import { assertBodyShape, assertWellFormed } from './body-depth';

/** The VALIDATION_ERROR fields assertBodyShape throws for `body`, or undefined when it accepts it. */
function refusedFields(body: unknown): string[] | undefined {
  try {
    assertBodyShape(body);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('VALIDATION_ERROR');
    return ((err as AppError).errors ?? []).map((e) => e.field).sort();
  }
}

describe('assertBodyShape', () => {
  it('accepts well-formed bodies, astral characters (surrogate pairs) included', () => {
    expect(
      refusedFields({
        payer: { name: 'Jo\u00e3o \u{1F600}', address: { city: 'S\u00e3o Paulo' } },
        tags: ['a', 1, null, true],
      }),
    ).toBeUndefined();
    expect(refusedFields(undefined)).toBeUndefined();
    expect(refusedFields(42)).toBeUndefined();
  });

  it.each([
    ['a lone high surrogate in a nested value', { payer: { email: 'a\ud800@b.co' } }, ['payer.email']],
    ['a lone low surrogate at the top', { description: '\udc00' }, ['description']],
    ['a reversed pair', { payer: { address: { city: '\udc00\ud800' } } }, ['payer.address.city']],
    ['a value in an array', { notes: ['ok', 'x\ud800'] }, ['notes.1']],
    ['a key', { payer: { ['n\ud800']: 'x' } }, ['payer.n\ufffd']],
    ['several fields', { description: '\ud800', externalId: '\udfff' }, ['description', 'externalId']],
    ['a body that is itself such a string', '\ud800', ['body']],
  ])('refuses %s naming the field', (_name, body, fields) => {
    expect(refusedFields(body)).toEqual(fields);
  });

  it('refuses bodies nested deeper than 8 levels, without recursion', () => {
    const deep = Array.from({ length: 100_000 }).reduce<unknown>((inner) => [inner], []);
    expect(refusedFields({ notes: deep })).toEqual(['body']);
    expect(refusedFields({ a: { b: { c: { d: { e: { f: { g: 'ok' } } } } } } })).toBeUndefined();
  });

  it('walks a body once: a second check of the same object is free', () => {
    const body = { payer: { name: 'Ana' } };
    assertBodyShape(body);
    const keys = jest.spyOn(Object, 'keys');
    assertBodyShape(body);
    const calls = keys.mock.calls.length;
    keys.mockRestore();
    expect(calls).toBe(0);
  });
});

describe('assertWellFormed', () => {
  it('names the value it refuses', () => {
    expect(() => assertWellFormed('ok', 'id')).not.toThrow();
    expect(() => assertWellFormed('\ud800', 'id')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR', errors: [{ field: 'id', message: expect.any(String) }] }),
    );
  });
});
