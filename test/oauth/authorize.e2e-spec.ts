import { createHash, randomBytes } from 'node:crypto';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { uniquePrefix } from '../helpers/redis';
import { testToken } from '../helpers/tokens';
import { postForm, testRefreshToken } from './oauth-helpers';

const REDIRECT = 'http://127.0.0.1:9/callback';

describe.each(ADAPTERS)('OAuth authorization endpoint and code exchange (%s)', (adapter) => {
  let t: TestApp;
  let clientId: string;
  beforeAll(async () => {
    t = await startTestApp({ adapter });
    const reg = await fetch(`${t.url}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Test <Host>', redirect_uris: [REDIRECT] }),
    });
    expect(reg.status).toBe(201);
    clientId = ((await reg.json()) as { client_id: string }).client_id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const pkce = () => {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  };
  const authorizeParams = (challenge: string, extra: Record<string, string> = {}) => ({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT,
    state: 'xyz',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    resource: `${t.url}/mcp`,
    ...extra,
  });
  const getPage = (params: Record<string, string>, lang = 'en') =>
    fetch(`${t.url}/oauth/authorize?${new URLSearchParams(params)}`, {
      redirect: 'manual',
      headers: { 'accept-language': lang },
    });
  const post = (form: Record<string, string>, lang = 'en') =>
    fetch(`${t.url}/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': lang },
      body: new URLSearchParams(form).toString(),
    });
  /** What the sign-in page's Approve button posts: answers the redirect's query. */
  const approve = async (challenge: string, credential: string, extra: Record<string, string> = {}) => {
    const res = await post({ ...authorizeParams(challenge, extra), credential, action: 'approve' });
    expect(res.status).toBe(303);
    return new URL(res.headers.get('location')!).searchParams;
  };
  const exchange = (form: Record<string, string>) =>
    postForm(t.url, '/oauth/token', { grant_type: 'authorization_code', ...form });

  it('serves the sign-in page with a strict CSP, no script, clickjacking protection, pt-BR by default', async () => {
    const { challenge } = pkce();
    const res = await getPage(
      authorizeParams(challenge, { scope: 'charges:read charges:write' }),
      'pt-BR,pt;q=0.9,en;q=0.8',
    );
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self' http://127.0.0.1:9");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('lang="pt-BR"');
    expect(html).toContain('Test &lt;Host&gt;');
    expect(html).toContain('127.0.0.1:9');
    expect(html).toContain('criar cobranças');
    expect(html).toMatch(/<label for="credential">/);
    const en = await (await getPage(authorizeParams(challenge), 'en-US,en;q=0.9')).text();
    expect(en).toContain('Your gateway credential');
    expect((await fetch(`${t.url}/oauth/sign-in.css`)).headers.get('content-type')).toMatch(/text\/css/);
  });

  it('shows which tenant, bank, scopes and limit a credential grants before Approve; errors in words', async () => {
    const { challenge } = pkce();
    const tenantId = uniquePrefix('pg');
    const confirm = await post({
      ...authorizeParams(challenge),
      credential: testRefreshToken({ tenantId, maxAmountCents: 123456 }),
      action: 'check',
    });
    const html = await confirm.text();
    expect(confirm.status).toBe(200);
    expect(html).toContain(tenantId);
    expect(html).toContain('Sandbox');
    expect(html).toContain('R$1,234.56');
    expect(html).toContain('value="approve"');
    const expired = testToken({ tenantId, credentials: {}, ttlSeconds: 60 }).replace(/\.[^.]+$/, '.AAAA');
    const bad = await post({ ...authorizeParams(challenge), credential: expired, action: 'check' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/role="alert"[^>]*>This token is not accepted: invalid signature/);
  });

  it('refuses a bad client or redirect URI on the page itself, never redirecting', async () => {
    const { challenge } = pkce();
    const unknown = await getPage(authorizeParams(challenge, { client_id: 'who-knows' }));
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('unknown client_id');
    const forged = await getPage(authorizeParams(challenge, { client_id: `${clientId.slice(0, -4)}AAAA` }));
    expect(await forged.text()).toContain('not one this server registered');
    const otherRedirect = await getPage(authorizeParams(challenge, { redirect_uri: 'https://evil.example/cb' }));
    expect(otherRedirect.status).toBe(400);
    expect(await otherRedirect.text()).toContain('redirect_uri is not one this client registered');
  });

  it.each([
    ['127.0.0.1', 'https://127.0.0.1:8443/client.json'],
    ['10.0.0.8', 'https://10.0.0.8/client.json'],
    ['169.254.169.254', 'https://169.254.169.254/latest/meta-data'],
    ['[::1]', 'https://[::1]/client.json'],
    ['localhost, resolved by DNS to 127.0.0.1', 'https://localhost:9/client.json'],
  ])('refuses a Client ID Metadata Document URL at a private address (%s)', async (_host, url) => {
    const res = await getPage(authorizeParams(pkce().challenge, { client_id: url }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('private or loopback address');
  });

  it('redirects request errors back with error and state: no PKCE, plain PKCE, another resource, deny', async () => {
    const { challenge } = pkce();
    const noPkce = await getPage({ ...authorizeParams(challenge), code_challenge: '' });
    expect(new URL(noPkce.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
    const plain = await getPage(authorizeParams(challenge, { code_challenge_method: 'plain' }));
    const q = new URL(plain.headers.get('location')!).searchParams;
    expect({ error: q.get('error'), state: q.get('state'), iss: q.get('iss') }).toEqual({
      error: 'invalid_request',
      state: 'xyz',
      iss: t.url,
    });
    const other = await getPage(authorizeParams(challenge, { resource: 'https://other.example/mcp' }));
    expect(new URL(other.headers.get('location')!).searchParams.get('error')).toBe('invalid_target');
    const denied = await post({ ...authorizeParams(challenge), action: 'deny' });
    expect(denied.status).toBe(303);
    expect(new URL(denied.headers.get('location')!).searchParams.get('error')).toBe('access_denied');
  });

  it('refuses a code with another redirect URI, verifier, client or resource, and a replayed code revokes its tokens', async () => {
    const { verifier, challenge } = pkce();
    const q = await approve(challenge, testRefreshToken({ tenantId: uniquePrefix('code') }));
    expect(q.get('state')).toBe('xyz');
    const code = q.get('code')!;
    const good = {
      code,
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      resource: `${t.url}/mcp`,
    };
    expect(await exchange({ ...good, redirect_uri: 'http://127.0.0.1:9/other' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect(await exchange({ ...good, code_verifier: pkce().verifier })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect(await exchange({ ...good, code_verifier: 'short' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    expect(await exchange({ ...good, client_id: 'someone-else' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect(await exchange({ ...good, resource: 'https://other.example/mcp' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_target' },
    });
    expect(await exchange({ ...good, code: `${code.slice(0, -6)}AAAAAA` })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    const ok = await exchange(good);
    expect(ok.status).toBe(200);
    const replay = await exchange(good);
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const refreshed = await postForm(t.url, '/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: ok.body.refresh_token as string,
      client_id: clientId,
    });
    expect(refreshed.body.error_description).toMatch(/revoked/);
  });

  it('revoking the refresh token pasted on the sign-in page also ends the grants made from it', async () => {
    const { verifier, challenge } = pkce();
    const pasted = testRefreshToken({ tenantId: uniquePrefix('parent') });
    const q = await approve(challenge, pasted);
    const tokens = await exchange({
      code: q.get('code')!,
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    expect((await postForm(t.url, '/oauth/revoke', { token: pasted })).status).toBe(200);
    const after = await postForm(t.url, '/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token as string,
      client_id: clientId,
    });
    expect(after).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('binds access tokens to the /mcp resource: another audience is refused there', async () => {
    const { verifier, challenge } = pkce();
    const q = await approve(challenge, testRefreshToken({ tenantId: uniquePrefix('aud') }));
    const tokens = await exchange({
      code: q.get('code')!,
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    const mcp = (token: string) =>
      fetch(`${t.url}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/list',
          params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } },
        }),
      });
    const foreign = testToken({
      tenantId: uniquePrefix('aud'),
      credentials: {},
      audience: 'https://other.example/mcp',
    });
    const refused = await mcp(foreign);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token", resource_metadata="/);
    expect((await mcp(tokens.body.access_token as string)).status).not.toBe(401);
  });

  it('logs every OAuth event without a token, code or credential in any line', () => {
    const oauthLines = t.logs.filter((l) => l.includes('"msg":"oauth: '));
    expect(oauthLines.some((l) => l.includes('oauth: code issued'))).toBe(true);
    expect(oauthLines.some((l) => l.includes('oauth: code exchanged'))).toBe(true);
    expect(oauthLines.some((l) => l.includes('oauth: denied'))).toBe(true);
    for (const line of t.logs) expect(line).not.toMatch(/rt\.v1\.|ac\.v1\.|dcr\.v1\.|eyJhbGciOi/);
  });

  it('refuses bad registrations with RFC 7591 errors', async () => {
    const reg = (body: unknown) =>
      fetch(`${t.url}/oauth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const http = await reg({ redirect_uris: ['http://evil.example/cb'] });
    expect(http.status).toBe(400);
    expect(((await http.json()) as { error: string }).error).toBe('invalid_redirect_uri');
    const none = await reg({ client_name: 'x' });
    expect(((await none.json()) as { error: string }).error).toBe('invalid_redirect_uri');
    const implicit = await reg({ redirect_uris: [REDIRECT], response_types: ['token'] });
    expect(((await implicit.json()) as { error: string }).error).toBe('invalid_client_metadata');
  });
});
