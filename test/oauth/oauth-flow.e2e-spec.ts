import { Client, StreamableHTTPClientTransport, UnauthorizedError, auth } from '@modelcontextprotocol/client';
import type { Browser, Page } from 'playwright-core';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { uniquePrefix } from '../helpers/redis';
import { callTool, pixArgs } from '../mcp/mcp-client';
import {
  launchChromium,
  MemoryOAuthProvider,
  screenshot,
  signIn,
  startCallbackServer,
  startMetadataServer,
} from './oauth-client';
import { postForm, testRefreshToken } from './oauth-helpers';

jest.setTimeout(60000);

describe.each(ADAPTERS)(
  'OAuth 2.1 sign-in for MCP clients, official SDK client + headless chromium (%s)',
  (adapter) => {
    let t: TestApp;
    let pki: SimPki;
    let browser: Browser;
    let page: Page;
    let callback: Awaited<ReturnType<typeof startCallbackServer>>;
    let metadata: Awaited<ReturnType<typeof startMetadataServer>>;

    beforeAll(async () => {
      pki = generateSimPki();
      t = await startTestApp({
        adapter,
        env: { OAUTH_CLIENT_METADATA_ALLOWED_HOSTS: 'localhost', PROVIDER_CA_CERTS_FILE: pki.caFile },
      });
      callback = await startCallbackServer();
      metadata = await startMetadataServer({ cert: pki.serverCertPem, key: pki.serverKeyPem }, (clientId) => ({
        client_id: clientId,
        client_name: 'CIMD Test Host',
        redirect_uris: [callback.url],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      }));
      browser = await launchChromium();
    });
    beforeEach(async () => {
      page = await browser.newPage({ locale: 'en-US', extraHTTPHeaders: { 'Accept-Language': 'en' } });
    });
    afterEach(async () => {
      await page?.close();
    });
    afterAll(async () => {
      await browser?.close();
      await callback?.close();
      await metadata?.close();
      await t?.close();
      pki?.cleanup();
    });

    const mcpUrl = () => new URL('/mcp', t.url);

    /** Connect → 401 → discovery → registration → sign-in page → code → token, all driven by the SDK. */
    async function authorize(provider: MemoryOAuthProvider, credential: string, shots?: string): Promise<URL> {
      const client = new Client({ name: 'oauth-e2e', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(mcpUrl(), { authProvider: provider });
      await expect(client.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
      expect(provider.authorizationUrl).toBeDefined();
      const landed = await signIn(page, provider.authorizationUrl!, credential, 'approve', shots);
      expect(landed.searchParams.get('iss')).toBe(t.url);
      await transport.finishAuth(landed.searchParams);
      return landed;
    }

    async function connected(provider: MemoryOAuthProvider): Promise<Client> {
      const client = new Client({ name: 'oauth-e2e', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(mcpUrl(), { authProvider: provider }));
      return client;
    }

    it('registers by DCR, signs in with a refresh token, calls tools, refreshes, detects reuse and revokes', async () => {
      const tenantId = uniquePrefix('oa');
      const provider = new MemoryOAuthProvider(callback.url);
      await authorize(provider, testRefreshToken({ tenantId, maxAmountCents: 100000 }));
      expect(provider.client?.client_id).toMatch(/^dcr\./);
      expect(provider.saved).toMatchObject({ token_type: 'Bearer' });
      const client = await connected(provider);
      const names = (await client.listTools()).tools.map((x) => x.name);
      expect(names).toContain('create_charge');
      const created = await callTool(client, 'create_charge', pixArgs());
      expect(created.isError).toBe(false);
      const session = await callTool(client, 'initialize_session');
      expect(session.structured).toMatchObject({ tenantId, maxAmountCents: 100000 });
      await client.close();

      // The OAuth access token is bound to /mcp (RFC 8707): REST with another audience check refuses nothing, /mcp accepts it.
      const access = provider.saved!.access_token;
      expect(JSON.parse(Buffer.from(access.split('.')[1], 'base64url').toString()).aud).toBe(`${t.url}/mcp`);

      // Refresh through the SDK: a new access token and a rotated refresh token.
      const firstRefresh = provider.saved!.refresh_token!;
      provider.saved = { ...provider.saved!, access_token: 'expired' };
      expect(await auth(provider, { serverUrl: mcpUrl() })).toBe('AUTHORIZED');
      expect(provider.saved!.refresh_token).not.toBe(firstRefresh);
      const again = await connected(provider);
      expect((await again.listTools()).tools.length).toBeGreaterThan(0);
      await again.close();

      // Reusing the old refresh token revokes the whole family, including the newest one.
      const clientId = provider.client!.client_id;
      const reuse = await postForm(t.url, '/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: firstRefresh,
        client_id: clientId,
      });
      expect(reuse).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
      const newest = await postForm(t.url, '/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: provider.saved!.refresh_token!,
        client_id: clientId,
      });
      expect(newest.body.error_description).toMatch(/revoked/);
    });

    it('registers by Client ID Metadata Document, and revocation ends the grant', async () => {
      const provider = new MemoryOAuthProvider(callback.url, metadata.url);
      await authorize(provider, testRefreshToken({ tenantId: uniquePrefix('cimd'), scope: 'charges:read' }));
      expect(provider.client?.client_id).toBe(metadata.url);
      expect(metadata.hits).toBeGreaterThan(0);
      const client = await connected(provider);
      // A charges:read token sees the read-only tools only.
      expect((await client.listTools()).tools.map((x) => x.name).sort()).toEqual([
        'get_boleto_pdf',
        'get_charge',
        'initialize_session',
        'list_charges',
        'list_providers',
      ]);
      const refused = await callTool(client, 'create_charge', pixArgs());
      expect(refused.structured).toMatchObject({ code: 'INSUFFICIENT_SCOPE' });
      await client.close();
      const revoked = await postForm(t.url, '/oauth/revoke', {
        token: provider.saved!.refresh_token!,
        client_id: metadata.url,
      });
      expect(revoked.status).toBe(200);
      const after = await postForm(t.url, '/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: provider.saved!.refresh_token!,
        client_id: metadata.url,
      });
      expect(after).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    });

    // OAUTH_SCREENSHOTS=docs TEST_ADAPTERS=fastify npx jest --config jest.config.cjs test/oauth/oauth-flow
    (process.env.OAUTH_SCREENSHOTS ? it : it.skip)(
      'saves screenshots of the sign-in page: approve, deny, error',
      async () => {
        const provider = new MemoryOAuthProvider(callback.url, undefined, 'Claude');
        const client = new Client({ name: 'oauth-e2e', version: '1.0.0' });
        await expect(
          client.connect(new StreamableHTTPClientTransport(mcpUrl(), { authProvider: provider })),
        ).rejects.toThrow();
        const credential = testRefreshToken({
          tenantId: 'acme-ltda',
          scope: 'charges:read charges:write',
          maxAmountCents: 50000,
        });
        await page.goto(provider.authorizationUrl!.toString());
        await page.getByRole('textbox').fill(credential);
        await page.locator('button[value="check"]').click();
        await page.locator('button[value="approve"]').focus();
        await screenshot(page, 'oauth-sign-in-approve');
        const pt = await browser.newPage({ locale: 'pt-BR', extraHTTPHeaders: { 'Accept-Language': 'pt-BR' } });
        await pt.goto(provider.authorizationUrl!.toString());
        await pt.locator('button[value="deny"]').focus();
        await screenshot(pt, 'oauth-sign-in-deny');
        await pt.getByRole('textbox').fill('rt.v1.expired-or-foreign');
        await pt.locator('button[value="check"]').click();
        await pt.locator('[role="alert"]').waitFor();
        await screenshot(pt, 'oauth-sign-in-error');
        await pt.close();
      },
    );

    it('a 401 from /mcp points to the Protected Resource Metadata, which points to this authorization server', async () => {
      const res = await fetch(mcpUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        `Bearer resource_metadata="${t.url}/.well-known/oauth-protected-resource/mcp"`,
      );
      const prm = await (await fetch(`${t.url}/.well-known/oauth-protected-resource/mcp`)).json();
      expect(prm).toMatchObject({ resource: `${t.url}/mcp`, authorization_servers: [t.url] });
      const as = await (await fetch(`${t.url}/.well-known/oauth-authorization-server`)).json();
      expect(as).toMatchObject({
        issuer: t.url,
        code_challenge_methods_supported: ['S256'],
        client_id_metadata_document_supported: true,
      });
    });
  },
);
