import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { EnvelopeCipher } from '../../src/auth/envelope';
import { ADAPTERS, startTestApp, TEST_ENCRYPTION_KEY, TEST_TOKEN_SECRET, TestApp } from '../helpers/app';
import { uniquePrefix } from '../helpers/redis';
import { nowSeconds, rawJwt } from '../helpers/tokens';

const OLD_ENCRYPTION_KEY = '11'.repeat(32);
const ISSUER = 'https://issuer.example';
const AUDIENCE = 'charges-gateway';

/** The production guide's minimal payload, signed by jsonwebtoken the way an outside service account would. */
function guideToken(
  payload: Record<string, unknown>,
  options: { algorithm?: 'HS256' | 'HS384' | 'HS512'; expiresIn?: number; secret?: string } = {},
): string {
  return new JwtService().sign(payload, {
    secret: options.secret ?? TEST_TOKEN_SECRET,
    algorithm: options.algorithm ?? 'HS256',
    expiresIn: options.expiresIn ?? 600,
  });
}

describe.each(ADAPTERS)('token rules (%s)', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ adapter, env: { ENCRYPTION_KEY_HEX_PREVIOUS: OLD_ENCRYPTION_KEY } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const init = (token: string) => request(t.url).post('/initialize').set('Authorization', `Bearer ${token}`);
  const expectInvalid = async (token: string) => {
    const res = await init(token);
    expect({ status: res.status, code: res.body.code, challenge: res.headers['www-authenticate'] }).toEqual({
      status: 401,
      code: 'AUTH_INVALID_TOKEN',
      challenge: 'Bearer error="invalid_token"',
    });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    return res;
  };
  const payload = (extra: Record<string, unknown> = {}) => {
    const iat = nowSeconds();
    return {
      tenantId: uniquePrefix('rules'),
      providerId: 'sandbox',
      credentials: {},
      meta: { ttlSeconds: 600, cacheEnabled: true, redisKeyPrefix: 'pfx' },
      iat,
      exp: iat + 600,
      ...extra,
    };
  };

  it('accepts the guide minimal payload with plain credentials outside production and applies meta defaults', async () => {
    const tenantId = uniquePrefix('guide');
    const res = await init(guideToken({ providerId: 'sandbox', credentials: {}, meta: {}, tenantId }));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual([
      'cache',
      'capabilities',
      'maxAmountCents',
      'providerId',
      'scopes',
      'session',
      'tenantId',
    ]);
    expect(Object.keys(res.body.session).sort()).toEqual(['cached', 'expiresAt']);
    expect(res.body.cache).toEqual({ enabled: true, prefix: tenantId });
  });

  it.each([
    ['alg "hs256" (case variant)', { alg: 'hs256', typ: 'JWT' }],
    ['alg HS512', { alg: 'HS512', typ: 'JWT' }],
    ['alg "none" with a signature', { alg: 'none', typ: 'JWT', withSignature: true }],
    ['alg "None"', { alg: 'None', typ: 'JWT' }],
    ['no alg', { typ: 'JWT' }],
  ])('refuses %s', async (_name, header) => {
    const { withSignature, ...h } = header as Record<string, unknown>;
    const token = rawJwt(h, payload());
    await expectInvalid(withSignature && h.alg === 'none' ? `${token}c2lnbmF0dXJl` : token);
  });

  it('refuses an HS512 token made by jsonwebtoken with the right secret', async () => {
    await expectInvalid(guideToken({ providerId: 'sandbox', tenantId: uniquePrefix('hs512') }, { algorithm: 'HS512' }));
  });

  it('allows 30 s of clock skew both ways and no more', async () => {
    const now = nowSeconds();
    expect((await init(rawJwt({ alg: 'HS256', typ: 'JWT' }, payload({ iat: now - 600, exp: now - 20 })))).status).toBe(
      200,
    );
    await expectInvalid(rawJwt({ alg: 'HS256', typ: 'JWT' }, payload({ iat: now - 600, exp: now - 45 })));
    expect((await init(rawJwt({ alg: 'HS256', typ: 'JWT' }, payload({ nbf: now + 20 })))).status).toBe(200);
    await expectInvalid(rawJwt({ alg: 'HS256', typ: 'JWT' }, payload({ nbf: now + 45 })));
    expect((await init(rawJwt({ alg: 'HS256', typ: 'JWT' }, payload({ iat: now + 20, exp: now + 600 })))).status).toBe(
      200,
    );
    await expectInvalid(rawJwt({ alg: 'HS256', typ: 'JWT' }, payload({ iat: now + 120, exp: now + 600 })));
  });

  it.each([
    ['meta.ttlSeconds not an integer', { meta: { ttlSeconds: 120.5 } }],
    ['meta.ttlSeconds above 86400', { meta: { ttlSeconds: 86401 } }],
    ['meta.cacheEnabled not a boolean', { meta: { cacheEnabled: 'true' } }],
    ['an empty tenantId', { tenantId: '' }],
    ['a 65-character tenantId', { tenantId: 'a'.repeat(65) }],
    ['a prefix with a colon', { meta: { redisKeyPrefix: 'b:c' } }],
    ['credentials as a non-envelope string', { credentials: 'plain-text-secret' }],
    ['a lifetime over TOKEN_MAX_TTL_SECONDS', { iat: nowSeconds() - 10, exp: nowSeconds() + 3600 }],
  ])('refuses %s', async (_name, extra) => {
    const res = await expectInvalid(rawJwt({ alg: 'HS256', typ: 'JWT' }, payload(extra)));
    expect(JSON.stringify(res.body)).not.toContain('plain-text-secret');
  });

  it('opens credentials sealed under ENCRYPTION_KEY_HEX_PREVIOUS after a key rotation', async () => {
    const sealed = new EnvelopeCipher(OLD_ENCRYPTION_KEY).seal(JSON.stringify({ latencyMs: 0 }), 'credentials');
    expect((await init(rawJwt({ alg: 'HS256', typ: 'JWT' }, payload({ credentials: sealed })))).status).toBe(200);
    const unknownKey = new EnvelopeCipher('22'.repeat(32)).seal(JSON.stringify({ latencyMs: 0 }), 'credentials');
    await expectInvalid(rawJwt({ alg: 'HS256', typ: 'JWT' }, payload({ credentials: unknownKey })));
    expect(new EnvelopeCipher(TEST_ENCRYPTION_KEY).seal('x', 'credentials').split('.')[1]).not.toBe(
      sealed.split('.')[1],
    );
  });
});

describe.each(ADAPTERS)('issuer and audience (%s)', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ adapter, env: { TOKEN_ISSUER: ISSUER, TOKEN_AUDIENCE: AUDIENCE } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('requires iss and aud when TOKEN_ISSUER and TOKEN_AUDIENCE are set', async () => {
    const iat = nowSeconds();
    const base = { tenantId: uniquePrefix('iss'), providerId: 'sandbox', iat, exp: iat + 600 };
    const call = (p: Record<string, unknown>) =>
      request(t.url)
        .post('/initialize')
        .set('Authorization', `Bearer ${rawJwt({ alg: 'HS256', typ: 'JWT' }, p)}`);
    expect((await call({ ...base, iss: ISSUER, aud: AUDIENCE })).status).toBe(200);
    for (const p of [
      base,
      { ...base, iss: ISSUER },
      { ...base, aud: AUDIENCE },
      { ...base, iss: 'https://evil.example', aud: AUDIENCE },
      { ...base, iss: ISSUER, aud: 'other' },
    ]) {
      const res = await call(p);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'AUTH_INVALID_TOKEN' });
    }
  });
});
