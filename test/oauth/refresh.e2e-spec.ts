import { spawnSync } from 'node:child_process';
import request from 'supertest';
import { ADAPTERS, startTestApp, TEST_ENCRYPTION_KEY, TEST_TOKEN_SECRET, TestApp } from '../helpers/app';
import { uniquePrefix } from '../helpers/redis';
import { boletoBody } from '../charges/charge-fixtures';
import { postForm, testRefreshToken } from './oauth-helpers';

const OLD_KEY = '22'.repeat(32);

describe.each(ADAPTERS)('refresh tokens (%s)', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ adapter, env: { ENCRYPTION_KEY_HEX_PREVIOUS: OLD_KEY, TOKEN_MAX_TTL_SECONDS: '900' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const refresh = (token: string, extra: Record<string, string> = {}) =>
    postForm(t.url, '/oauth/token', { grant_type: 'refresh_token', refresh_token: token, ...extra });

  it('turns a refresh token into an access token (at most TOKEN_MAX_TTL_SECONDS) and a rotated refresh token', async () => {
    const tenantId = uniquePrefix('rt');
    const r = await refresh(testRefreshToken({ tenantId, scope: 'charges:read charges:write', maxAmountCents: 900 }));
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'charges:read charges:write' });
    expect(r.body.refresh_token).toMatch(/^rt\./);
    const access = r.body.access_token as string;
    const init = await request(t.url).post('/initialize').set('Authorization', `Bearer ${access}`);
    expect(init.body).toMatchObject({ tenantId, scopes: ['charges:read', 'charges:write'], maxAmountCents: 900 });
    const create = await request(t.url)
      .post('/v1/charges')
      .set('Authorization', `Bearer ${access}`)
      .send(boletoBody({ amount: 901 }));
    expect(create.body.code).toBe('AMOUNT_LIMIT_EXCEEDED');
    const next = await refresh(r.body.refresh_token as string);
    expect(next.status).toBe(200);
    expect(next.body.refresh_token).not.toBe(r.body.refresh_token);
  });

  it('revokes the whole family when a refresh token is used twice', async () => {
    const first = testRefreshToken({ tenantId: uniquePrefix('reuse') });
    const a = await refresh(first);
    expect(a.status).toBe(200);
    const b = await refresh(a.body.refresh_token as string);
    expect(b.status).toBe(200);
    const replay = await refresh(first);
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(replay.body.error_description).toMatch(/already used/);
    // The newest member of the family is now dead too.
    const after = await refresh(b.body.refresh_token as string);
    expect(after).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(after.body.error_description).toMatch(/revoked/);
    expect(t.logs.some((l) => l.includes('refresh reuse detected'))).toBe(true);
    expect(t.logs.some((l) => l.includes(first.slice(3, 40)))).toBe(false);
  });

  it('POST /oauth/revoke (RFC 7009) revokes the family; unknown tokens answer 200 as well', async () => {
    const token = testRefreshToken({ tenantId: uniquePrefix('rev') });
    const a = await refresh(token);
    const revoked = await postForm(t.url, '/oauth/revoke', { token: a.body.refresh_token as string });
    expect(revoked.status).toBe(200);
    expect(await refresh(a.body.refresh_token as string)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect((await postForm(t.url, '/oauth/revoke', { token: 'nonsense' })).status).toBe(200);
    expect(await postForm(t.url, '/oauth/revoke', {})).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
  });

  it('keeps refresh tokens sealed with ENCRYPTION_KEY_HEX_PREVIOUS valid after a key rotation', async () => {
    const r = await refresh(testRefreshToken({ tenantId: uniquePrefix('rot') }, OLD_KEY));
    expect(r.status).toBe(200);
    const unknownKey = await refresh(testRefreshToken({ tenantId: uniquePrefix('rot') }, '33'.repeat(32)));
    expect(unknownKey).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('answers RFC 6749 errors for bad requests, never problem+json or 500', async () => {
    expect(await postForm(t.url, '/oauth/token', {})).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    expect(await postForm(t.url, '/oauth/token', { grant_type: 'password' })).toMatchObject({
      status: 400,
      body: { error: 'unsupported_grant_type' },
    });
    expect(await refresh('rt.garbage')).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const expired = testRefreshToken({ tenantId: uniquePrefix('exp'), refreshTtlSeconds: 31536000 * 2 });
    expect((await refresh(expired)).body.error).toBe('invalid_grant');
    const wider = await refresh(testRefreshToken({ tenantId: uniquePrefix('sc'), scope: 'charges:read' }), {
      scope: 'charges:read charges:write',
    });
    expect(wider).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    const twice = await fetch(new URL('/oauth/token', t.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&grant_type=refresh_token',
    });
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as { error: string }).error).toBe('invalid_request');
    // Forms are only for the OAuth routes.
    const form = await fetch(new URL('/v1/charges', t.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
  });
});

describe('token CLI: --scope, --max-amount-cents and --refresh', () => {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    MCP_TOKEN_SECRET: TEST_TOKEN_SECRET,
    ENCRYPTION_KEY_HEX: TEST_ENCRYPTION_KEY,
  };
  const cli = (args: string[]) =>
    spawnSync('npm', ['run', '--silent', 'token', '--', ...args], { env, encoding: 'utf8', timeout: 30000 });

  it('mints a scoped, limited access token and a refresh token the server exchanges', async () => {
    const jwt = cli([
      '--tenant',
      'acme',
      '--provider',
      'sandbox',
      '--scope',
      'charges:read',
      '--max-amount-cents',
      '5000',
    ]);
    expect(jwt.status).toBe(0);
    const payload = JSON.parse(Buffer.from(jwt.stdout.trim().split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ scope: 'charges:read', meta: { maxAmountCents: 5000 } });
    const rt = cli(['--tenant', 'acme', '--provider', 'sandbox', '--refresh', '--refresh-ttl', '7200']);
    expect(rt.status).toBe(0);
    expect(rt.stdout.trim()).toMatch(/^rt\.v1\./);
    const bad = cli(['--tenant', 'acme', '--provider', 'sandbox', '--scope', 'charges:all']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--scope/);
    const t = await startTestApp({ redis: false });
    try {
      const r = await postForm(t.url, '/oauth/token', { grant_type: 'refresh_token', refresh_token: rt.stdout.trim() });
      expect(r.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
