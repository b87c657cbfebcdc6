import request from 'supertest';
import { issueToken } from '../../src/auth/token-issuer';
import { ADAPTERS, startTestApp, TestApp, TEST_TOKEN_SECRET } from '../helpers/app';
import { uniquePrefix } from '../helpers/redis';
import { nowSeconds, rawJwt, testToken } from '../helpers/tokens';
import { legacyInitialize, modernRequest, problemOf, rawPost } from '../mcp/mcp-client';

/** Secrets production accepts (the test helper's start with "test", which production refuses as weak). */
const PROD = {
  MCP_TOKEN_SECRET: 'Kq9vZ2mX7pL4wR8tN3bH6jD1fS5gC0yE-prod-e2e',
  ENCRYPTION_KEY_HEX: '9c4e1a7b3d5f2e8a6c0b4d9f1e3a7c5b9c4e1a7b3d5f2e8a6c0b4d9f1e3a7c5b',
  WEBHOOK_HMAC_SECRET: 'Wm3nB8vC2xZ7lK4jH9gF1dS6aP0oI5uY-prod-e2e',
};
const prodToken = (tenantId: string) =>
  issueToken({
    secret: PROD.MCP_TOKEN_SECRET,
    encryptionKeyHex: PROD.ENCRYPTION_KEY_HEX,
    tenantId,
    providerId: 'sandbox',
    credentials: {},
  });

const DISABLED = 'providerId "sandbox" is disabled on this server (SANDBOX_ENABLED=false)';
const DISABLED_IN_PRODUCTION =
  'providerId "sandbox" is disabled on this server (SANDBOX_ENABLED=false; the sandbox is off by default in production)';
const NOT_REGISTERED = 'providerId does not name a registered provider';
const SANDBOX_WARNING = /^sandbox provider enabled in production: /;

const warnings = (t: TestApp) =>
  t.logs
    .map((l) => JSON.parse(l) as { level: string; msg: string })
    .filter((l) => l.level === 'warn' && SANDBOX_WARNING.test(l.msg));

/** The 401 of a token, on REST (/initialize and a charge read) and on MCP (both eras). */
async function refusals(
  t: TestApp,
  token: string,
): Promise<Array<{ where: string; status: number; code: string; detail: string; challenge: string | null }>> {
  const out = [];
  for (const [where, call] of [
    ['POST /initialize', () => request(t.url).post('/initialize').set('Authorization', `Bearer ${token}`)],
    [
      'GET /v1/charges/:id',
      () => request(t.url).get('/v1/charges/sbx_0123456789abcdef').set('Authorization', `Bearer ${token}`),
    ],
  ] as const) {
    const res = await call();
    out.push({
      where,
      status: res.status,
      code: res.body.code,
      detail: res.body.detail,
      challenge: res.headers['www-authenticate'] ?? null,
    });
  }
  const modern = modernRequest('tools/list');
  for (const [where, body, headers] of [
    ['MCP legacy initialize', legacyInitialize(), {}],
    ['MCP modern tools/list', modern.body, modern.headers],
  ] as const) {
    const res = await rawPost(t.url, body, { ...headers, Authorization: `Bearer ${token}` });
    const problem = await problemOf(res);
    out.push({
      where,
      status: res.status,
      code: problem.code,
      detail: problem.detail,
      // /mcp adds its OAuth discovery parameter (checked in test/oauth); the error is what matters here.
      challenge: res.headers.get('www-authenticate')?.replace(/, resource_metadata="[^"]*"$/, '') ?? null,
    });
  }
  return out;
}

const expected = (detail: string) =>
  ['POST /initialize', 'GET /v1/charges/:id', 'MCP legacy initialize', 'MCP modern tools/list'].map((where) => ({
    where,
    status: 401,
    code: 'AUTH_INVALID_TOKEN',
    detail,
    challenge: 'Bearer error="invalid_token"',
  }));

describe.each(ADAPTERS)('a registered provider disabled on this server (%s)', (adapter) => {
  const tenantId = uniquePrefix('disabled');

  describe('SANDBOX_ENABLED=false', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ adapter, env: { SANDBOX_ENABLED: 'false' } });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('answers a sandbox token with 401 AUTH_INVALID_TOKEN saying the sandbox is disabled, on REST and MCP', async () => {
      expect(await refusals(t, testToken({ tenantId, credentials: {} }))).toEqual(expected(DISABLED));
    });

    it('keeps the old detail for a provider that is not registered at all', async () => {
      const iat = nowSeconds();
      const token = rawJwt(
        { alg: 'HS256', typ: 'JWT' },
        { tenantId, providerId: 'nobank', iat, exp: iat + 600 },
        TEST_TOKEN_SECRET,
      );
      expect(await refusals(t, token)).toEqual(expected(NOT_REGISTERED));
    });

    it('logs no sandbox warning outside production', () => {
      expect(warnings(t)).toEqual([]);
    });
  });

  describe('production, sandbox off by default', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ adapter, env: { NODE_ENV: 'production', ...PROD } });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('says the sandbox is off by default in production, on REST and MCP', async () => {
      expect(await refusals(t, prodToken(tenantId))).toEqual(expected(DISABLED_IN_PRODUCTION));
    });

    it('logs no sandbox warning', () => {
      expect(warnings(t)).toEqual([]);
    });
  });

  describe('production with SANDBOX_ENABLED=true', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ adapter, env: { NODE_ENV: 'production', SANDBOX_ENABLED: 'true', ...PROD } });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('logs one warning line at boot naming SANDBOX_ENABLED, and serves sandbox tokens', async () => {
      const lines = warnings(t);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 'warn',
        service: 'mcp-maax-cob',
        variable: 'SANDBOX_ENABLED',
        providerId: 'sandbox',
      });
      expect(lines[0].msg).toContain('move no money');
      const res = await request(t.url)
        .post('/initialize')
        .set('Authorization', `Bearer ${prodToken(tenantId)}`);
      expect(res.status).toBe(200);
      expect(warnings(t)).toHaveLength(1);
    });
  });
});
