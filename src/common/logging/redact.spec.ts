import { REDACTED, redactDeep } from './redact';

describe('redactDeep', () => {
  it('redacts secret-looking keys at any depth', () => {
    const out = redactDeep({ a: { Authorization: 'Bearer x', list: [{ clientSecret: 's', ok: 1 }] }, credentials: { k: 'v' }, privateKey: 'pem' }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- nested test shape
    expect(out.a.Authorization).toBe(REDACTED);
    expect(out.a.list[0]).toEqual({ clientSecret: REDACTED, ok: 1 });
    expect(out.credentials).toBe(REDACTED);
    expect(out.privateKey).toBe(REDACTED);
  });

  it('returns flat objects without secrets untouched (no copy)', () => {
    const line = { msg: 'request', status: 200, route: '/v1/charges/:id', tenantId: 't1' };
    expect(redactDeep(line)).toBe(line);
  });

  it('copies, never mutates, when it must redact', () => {
    const input = { token: 'abc', n: 1 };
    expect(redactDeep(input)).toEqual({ token: REDACTED, n: 1 });
    expect(input.token).toBe('abc');
  });

  it('survives cycles and errors', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redactDeep(a)).toEqual({ name: 'a', self: '[…]' });
    expect(redactDeep({ err: new Error('boom') })).toMatchObject({ err: { name: 'Error', message: 'boom' } });
  });
});
