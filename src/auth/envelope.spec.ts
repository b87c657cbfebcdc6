import { EnvelopeCipher, EnvelopeError } from './envelope';

const KEY_A = 'a1'.repeat(32);
const KEY_B = 'b2'.repeat(32);

describe('EnvelopeCipher', () => {
  it('round-trips and never contains the plaintext', () => {
    const c = new EnvelopeCipher(KEY_A);
    const env = c.seal('{"clientSecret":"s3cr3t"}', 'credentials');
    expect(env).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(env).not.toContain('s3cr3t');
    expect(c.open(env, 'credentials')).toBe('{"clientSecret":"s3cr3t"}');
  });

  it('uses a fresh IV per seal', () => {
    const c = new EnvelopeCipher(KEY_A);
    expect(c.seal('x', 'cache')).not.toBe(c.seal('x', 'cache'));
  });

  it('opens envelopes sealed under the previous key after a rotation', () => {
    const old = new EnvelopeCipher(KEY_A).seal('hello', 'credentials');
    expect(new EnvelopeCipher(KEY_B, KEY_A).open(old, 'credentials')).toBe('hello');
    expect(() => new EnvelopeCipher(KEY_B).open(old, 'credentials')).toThrow(EnvelopeError);
  });

  it('refuses a truncated auth tag', () => {
    const c = new EnvelopeCipher(KEY_A);
    const parts = c.seal('hello', 'credentials').split('.');
    parts[4] = Buffer.from(parts[4], 'base64url').subarray(0, 12).toString('base64url');
    expect(() => c.open(parts.join('.'), 'credentials')).toThrow(EnvelopeError);
  });

  it('refuses an envelope sealed for another purpose', () => {
    const c = new EnvelopeCipher(KEY_A);
    expect(() => c.open(c.seal('token', 'cache'), 'credentials')).toThrow(/authentication/);
  });

  it('refuses any single flipped byte', () => {
    const c = new EnvelopeCipher(KEY_A);
    const env = c.seal('payload-under-test', 'credentials');
    const parts = env.split('.');
    for (const i of [2, 3, 4]) {
      const buf = Buffer.from(parts[i], 'base64url');
      buf[buf.length - 1] ^= 0x80;
      const tampered = [...parts];
      tampered[i] = buf.toString('base64url');
      expect(() => c.open(tampered.join('.'), 'credentials')).toThrow(EnvelopeError);
    }
  });
});
