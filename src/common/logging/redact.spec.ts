import { createRootLogger } from './logger';
import { REDACTED, redactDeep, redactText } from './redact';

describe('redactDeep', () => {
  it('redacts secret-looking keys at any depth', () => {
    const out = redactDeep({
      a: { Authorization: 'Bearer x', list: [{ clientSecret: 's', ok: 1 }] },
      credentials: { k: 'v' },
      privateKey: 'pem',
    }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- nested test shape
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

describe('redaction of keys and of secrets inside text', () => {
  it('redacts key-named fields in any casing style', () => {
    const out = redactDeep({
      nested: {
        encryptionKey: 'k1',
        ENCRYPTION_KEY_HEX: 'k2',
        key: 'k3',
        accessKey: 'k4',
        hmacSecret: 'k5',
        monkey: 'banana',
      },
    }) as { nested: Record<string, unknown> };
    expect(out.nested).toEqual({
      encryptionKey: REDACTED,
      ENCRYPTION_KEY_HEX: REDACTED,
      key: REDACTED,
      accessKey: REDACTED,
      hmacSecret: REDACTED,
      monkey: 'banana',
    });
  });

  it('scrubs JWTs, Bearer values, sealed envelopes, URL passwords and password= pairs from strings', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnRJZCI6ImEifQ.c2lnbmF0dXJlLXZhbHVl';
    const envelope = `v1.0123abcd.${'A'.repeat(16)}.Y2lwaGVy.${'B'.repeat(22)}`;
    const text = `token ${jwt} header Bearer abc.def-123 sealed ${envelope} url rediss://user:hunter2@redis.example:6380 password=s3cret!`;
    const out = redactText(text);
    for (const secret of [jwt, 'abc.def-123', envelope, 'hunter2', 's3cret!']) expect(out).not.toContain(secret);
    expect(out).toContain('rediss://[REDACTED]@redis.example:6380');
    expect(redactDeep({ err: new Error(`connect failed for ${jwt}`) })).toEqual({
      err: expect.objectContaining({ message: 'connect failed for [REDACTED]' }),
    });
    expect(redactDeep({ msg: 'request', requestId: jwt })).toEqual({ msg: 'request', requestId: REDACTED });
  });

  it('leaves ordinary text alone', () => {
    const line = 'listening on http://127.0.0.1:3000 (route /v1/charges/:id)';
    expect(redactText(line)).toBe(line);
  });
});

describe('the root logger', () => {
  it('redacts secrets passed as the message string', () => {
    const lines: string[] = [];
    const logger = createRootLogger('info', { write: (l: string) => lines.push(l) });
    logger.warn({ authorization: 'Bearer abcdef' }, 'retrying with Bearer abcdefghijk');
    expect(lines.join('')).not.toContain('abcdef');
    expect(JSON.parse(lines[0])).toMatchObject({ authorization: REDACTED, msg: 'retrying with [REDACTED]' });
  });
});
