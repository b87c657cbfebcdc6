import request from 'supertest';
import { EnvelopeCipher } from '../../src/auth/envelope';
import { issueToken } from '../../src/auth/token-issuer';
import { ADAPTERS, startTestApp, TEST_ENCRYPTION_KEY, TEST_TOKEN_SECRET, TestApp } from '../helpers/app';
import { DisposableRedis, scanKeys, uniquePrefix } from '../helpers/redis';
import { describeStandaloneOnly } from '../helpers/redis-topology';
import { nowSeconds, rawJwt, testToken } from '../helpers/tokens';

const PREVIOUS_SECRET = 'previous-token-secret-0123456789-abcdefghijkl';

function basePayload(tenantId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = nowSeconds();
  return {
    tenantId,
    providerId: 'sandbox',
    meta: { ttlSeconds: 600, cacheEnabled: true, redisKeyPrefix: tenantId },
    iat,
    exp: iat + 600,
    ...extra,
  };
}

function flipOneByte(envelope: string): string {
  const parts = envelope.split('.');
  const ct = Buffer.from(parts[3], 'base64url');
  ct[0] ^= 0x01;
  parts[3] = ct.toString('base64url');
  return parts.join('.');
}

describe.each(ADAPTERS)('auth (%s)', (adapter) => {
  let t: TestApp;
  const tenant = uniquePrefix('auth');

  beforeAll(async () => {
    t = await startTestApp({ adapter, env: { MCP_TOKEN_SECRET_PREVIOUS: PREVIOUS_SECRET } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const init = (authorization?: string) => {
    const r = request(t.url).post('/initialize');
    return authorization === undefined ? r : r.set('Authorization', authorization);
  };

  it('lets a valid token reach /initialize and answers the session and cache facts', async () => {
    const res = await init(`Bearer ${testToken({ tenantId: tenant, credentials: {} })}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tenantId: tenant,
      providerId: 'sandbox',
      session: { cached: false },
      cache: { enabled: true, prefix: tenant },
    });
    expect(res.body.capabilities.types).toEqual(expect.arrayContaining(['boleto', 'pix']));
    expect(Date.parse(res.body.session.expiresAt)).toBeGreaterThan(Date.now());
    const again = await init(`Bearer ${testToken({ tenantId: tenant, credentials: {} })}`);
    expect(again.body.session).toMatchObject({ cached: true, expiresAt: res.body.session.expiresAt });
  });

  it('answers a missing header with 401 and a bare Bearer challenge', async () => {
    const res = await init();
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH_INVALID_TOKEN');
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  const signedWith = (secret: string, payload: Record<string, unknown>) =>
    rawJwt({ alg: 'HS256', typ: 'JWT' }, payload, secret);
  const cases: Array<[string, () => string]> = [
    ['a wrong scheme', () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['alg none', () => `Bearer ${rawJwt({ alg: 'none', typ: 'JWT' }, basePayload(tenant))}`],
    ['a wrong secret', () => `Bearer ${signedWith('x'.repeat(40), basePayload(tenant))}`],
    [
      'an expired token',
      () =>
        `Bearer ${signedWith(TEST_TOKEN_SECRET, basePayload(tenant, { iat: nowSeconds() - 4000, exp: nowSeconds() - 100 }))}`,
    ],
    ['a missing exp', () => `Bearer ${signedWith(TEST_TOKEN_SECRET, basePayload(tenant, { exp: undefined }))}`],
    ['a missing iat', () => `Bearer ${signedWith(TEST_TOKEN_SECRET, basePayload(tenant, { iat: undefined }))}`],
    [
      'a lifetime over the cap',
      () => `Bearer ${signedWith(TEST_TOKEN_SECRET, basePayload(tenant, { exp: nowSeconds() + 7200 }))}`,
    ],
    [
      'nbf in the future',
      () => `Bearer ${signedWith(TEST_TOKEN_SECRET, basePayload(tenant, { nbf: nowSeconds() + 300 }))}`,
    ],
    [
      'a tampered payload',
      () => {
        const [h, , s] = testToken({ tenantId: tenant }).split('.');
        return `Bearer ${h}.${Buffer.from(JSON.stringify(basePayload('someone-else'))).toString('base64url')}.${s}`;
      },
    ],
    [
      'an RS256 header',
      () =>
        `Bearer ${rawJwt({ alg: 'RS256', typ: 'JWT' }, basePayload(tenant)).split('.').slice(0, 2).join('.')}.c2lnbmF0dXJl`,
    ],
    [
      'an unknown provider',
      () => `Bearer ${signedWith(TEST_TOKEN_SECRET, basePayload(tenant, { providerId: 'nobank' }))}`,
    ],
    [
      'a malformed prefix',
      () => `Bearer ${signedWith(TEST_TOKEN_SECRET, basePayload(tenant, { meta: { redisKeyPrefix: 'a:b' } }))}`,
    ],
    ['a malformed tenant id', () => `Bearer ${signedWith(TEST_TOKEN_SECRET, basePayload('tenant:x'))}`],
    [
      'meta.ttlSeconds out of bounds',
      () => `Bearer ${signedWith(TEST_TOKEN_SECRET, basePayload(tenant, { meta: { ttlSeconds: 5 } }))}`,
    ],
    [
      'sealed credentials tampered by one byte',
      () => {
        const sealed = new EnvelopeCipher(TEST_ENCRYPTION_KEY).seal(JSON.stringify({ latencyMs: 0 }), 'credentials');
        return `Bearer ${signedWith(TEST_TOKEN_SECRET, basePayload(tenant, { credentials: flipOneByte(sealed) }))}`;
      },
    ],
    ['garbage', () => 'Bearer not.a.jwt'],
  ];

  it.each(cases)('refuses %s with 401 AUTH_INVALID_TOKEN and an invalid_token challenge', async (_name, header) => {
    const res = await init(header());
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH_INVALID_TOKEN');
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(JSON.stringify(res.body)).not.toContain(TEST_TOKEN_SECRET);
  });

  it('accepts a body-less JSON POST and refuses a prototype-poisoning body', async () => {
    const token = `Bearer ${testToken({ tenantId: tenant, credentials: {} })}`;
    const empty = await init(token).set('Content-Type', 'application/json');
    expect(empty.status).toBe(200);
    const poisoned = await init(token).set('Content-Type', 'application/json').send('{"__proto__":{"admin":true}}');
    expect(poisoned.status).toBe(400);
    expect(poisoned.body.code).toBe('MALFORMED_JSON');
  });

  it('accepts a token signed with the previous secret during rotation', async () => {
    const token = issueToken({
      secret: PREVIOUS_SECRET,
      encryptionKeyHex: TEST_ENCRYPTION_KEY,
      tenantId: tenant,
      providerId: 'sandbox',
    });
    expect((await init(`Bearer ${token}`)).status).toBe(200);
  });

  it('writes Redis keys under the tenant prefix with no plaintext credentials', async () => {
    const prefix = uniquePrefix('pfx');
    const marker = 'MARKER-plaintext-credential-value';
    const token = issueToken({
      secret: TEST_TOKEN_SECRET,
      encryptionKeyHex: TEST_ENCRYPTION_KEY,
      tenantId: tenant,
      providerId: 'sandbox',
      redisKeyPrefix: prefix,
      credentials: {},
    });
    expect((await init(`Bearer ${token}`)).status).toBe(200);
    const keys = await scanKeys(t.redisUrl as string, `${prefix}:*`);
    expect(keys.size).toBeGreaterThan(0);
    for (const [key, value] of keys) {
      expect(key.startsWith(`${prefix}:${tenant}:`)).toBe(true);
      expect(value).not.toContain(marker);
      expect(value).not.toContain(TEST_ENCRYPTION_KEY);
    }
    expect(t.logs.join('\n')).not.toContain(token);
  });
});

describe('auth with plain credentials refused', () => {
  it('refuses plain-object credentials when REQUIRE_SEALED_CREDENTIALS=true', async () => {
    const t = await startTestApp({ env: { REQUIRE_SEALED_CREDENTIALS: 'true' } });
    try {
      const tenant = uniquePrefix('plain');
      const iat = nowSeconds();
      const token = rawJwt(
        { alg: 'HS256', typ: 'JWT' },
        { tenantId: tenant, providerId: 'sandbox', credentials: { latencyMs: 0 }, iat, exp: iat + 60 },
      );
      const res = await request(t.url).post('/initialize').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(res.body.detail).toMatch(/sealed/);
      const sealed = testToken({ tenantId: tenant, credentials: { latencyMs: 0 } });
      expect((await request(t.url).post('/initialize').set('Authorization', `Bearer ${sealed}`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describeStandaloneOnly('auth when Redis dies', () => {
  let redis: DisposableRedis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await DisposableRedis.start();
    t = await startTestApp({ redis: redis.url });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('keeps answering /initialize promptly (uncached) while Redis is down', async () => {
    const tenant = uniquePrefix('down');
    const token = testToken({ tenantId: tenant, credentials: {} });
    expect((await request(t.url).post('/initialize').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    await redis.stop();
    const started = Date.now();
    const res = await request(t.url).post('/initialize').set('Authorization', `Bearer ${token}`);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(res.status).toBe(200);
    expect(res.body.session.cached).toBe(false);
    await redis.startProcess();
  });

  it('answers within the command timeout when Redis accepts connections but does not reply', async () => {
    const token = testToken({ tenantId: uniquePrefix('paused'), credentials: {} });
    for (let i = 0; i < 50 && (await request(t.url).get('/health')).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 100));
    redis.pause();
    try {
      const started = Date.now();
      const res = await request(t.url).post('/initialize').set('Authorization', `Bearer ${token}`);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(res.status).toBe(200);
      expect(res.body.session.cached).toBe(false);
    } finally {
      redis.resume();
    }
  });
});
