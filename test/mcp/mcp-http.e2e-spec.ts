import { AppMetrics } from '../../src/metrics/app-metrics';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { uniquePrefix } from '../helpers/redis';
import { nowSeconds, rawJwt, testToken } from '../helpers/tokens';
import {
  boletoArgs,
  callTool,
  connectMcp,
  legacyInitialize,
  modernRequest,
  problemOf,
  rawPost,
  rpcMessage,
} from './mcp-client';

const ALLOWED_ORIGIN = 'https://console.example.com';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe.each(ADAPTERS)('MCP endpoint over HTTP (%s)', (adapter) => {
  let t: TestApp;
  const tenantId = uniquePrefix('mcp-http');
  const token = testToken({ tenantId, credentials: {} });
  beforeAll(async () => {
    t = await startTestApp({ adapter, env: { MCP_ALLOWED_ORIGINS: `${ALLOWED_ORIGIN}, https://other.example.com` } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['legacy initialize', legacyInitialize(), {}],
    ['modern tools/list', modernRequest('tools/list').body, modernRequest('tools/list').headers],
  ])(
    'refuses a %s without a token with 401, WWW-Authenticate and AUTH_INVALID_TOKEN',
    async (_label, body, headers) => {
      const res = await rawPost(t.url, body, headers);
      expect(res.status).toBe(401);
      // Discovery for OAuth clients (MCP authorization, RFC 9728 §5.1): the challenge names the resource's metadata.
      expect(res.headers.get('www-authenticate')).toBe(
        `Bearer resource_metadata="${t.url}/.well-known/oauth-protected-resource/mcp"`,
      );
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await problemOf(res)).toMatchObject({ status: 401, code: 'AUTH_INVALID_TOKEN' });
    },
  );

  it('answers garbage, forged and alg-none tokens and unauthenticated JSON-RPC batches with 401, never 500', async () => {
    const claims = {
      tenantId,
      providerId: 'sandbox',
      meta: { ttlSeconds: 600, cacheEnabled: true, redisKeyPrefix: tenantId },
      iat: nowSeconds(),
      exp: nowSeconds() + 600,
    };
    const list = { jsonrpc: '2.0', id: 3, method: 'tools/list', params: {} };
    const cases: Array<[string, unknown, Record<string, string>]> = [
      ['garbage token', list, bearer('garbage.garbage.garbage')],
      ['not a JWT at all', list, bearer('%%%')],
      [
        'wrong secret',
        list,
        bearer(rawJwt({ alg: 'HS256', typ: 'JWT' }, claims, 'another-secret-0123456789-abcdefghijklmnop')),
      ],
      ['alg none', list, bearer(rawJwt({ alg: 'none', typ: 'JWT' }, claims))],
      ['Basic scheme', list, { Authorization: 'Basic dXNlcjpwYXNz' }],
      ['batch without token', [list, legacyInitialize(4)], {}],
      ['batch with a garbage token', [list], bearer('x.y.z')],
      [
        'tools/call without token',
        { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'get_charge', arguments: { id: 'sbx_1' } } },
        {},
      ],
    ];
    for (const [label, body, headers] of cases) {
      const res = await rawPost(t.url, body, headers);
      const problem = await problemOf(res);
      expect({
        label,
        status: res.status,
        code: problem.code,
        challenge: /^Bearer/.test(res.headers.get('www-authenticate') ?? ''),
      }).toEqual({
        label,
        status: 401,
        code: 'AUTH_INVALID_TOKEN',
        challenge: true,
      });
    }
  });

  it('makes the SDK client fail to connect without a token', async () => {
    await expect(connectMcp(t.url, 'legacy', {})).rejects.toThrow(/401|nauthori/);
  });

  it('checks the token on every POST, not only on initialize', async () => {
    const init = await rawPost(t.url, legacyInitialize(), bearer(token));
    expect(init.status).toBe(200);
    expect(init.headers.get('mcp-session-id')).toBeNull();
    expect(init.headers.get('x-content-type-options')).toBe('nosniff');
    expect(init.headers.get('x-request-id')).toBeTruthy();
    expect((await rpcMessage(init)).result).toMatchObject({
      protocolVersion: '2025-11-25',
      serverInfo: { name: 'mcp-maax-cob' },
    });

    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };
    expect((await rawPost(t.url, list, bearer(token))).status).toBe(200);
    expect((await rawPost(t.url, list)).status).toBe(401);
    const expired = rawJwt(
      { alg: 'HS256', typ: 'JWT' },
      {
        tenantId,
        providerId: 'sandbox',
        meta: { ttlSeconds: 600, cacheEnabled: true, redisKeyPrefix: tenantId },
        iat: nowSeconds() - 120,
        exp: nowSeconds() - 60,
      },
    );
    const res = await rawPost(t.url, list, bearer(expired));
    expect(res.status).toBe(401);
    expect((await problemOf(res)).code).toBe('AUTH_INVALID_TOKEN');
  });

  it('refuses an Origin not in MCP_ALLOWED_ORIGINS with 403 FORBIDDEN_ORIGIN, token or not', async () => {
    for (const headers of [
      { ...bearer(token), Origin: 'https://evil.example.com' },
      { Origin: 'https://evil.example.com' },
      { ...bearer(token), Origin: 'null' },
    ]) {
      const res = await rawPost(t.url, legacyInitialize(), headers);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await problemOf(res)).toMatchObject({ status: 403, code: 'FORBIDDEN_ORIGIN' });
    }
    await expect(connectMcp(t.url, 'modern', { ...bearer(token), Origin: 'http://localhost:8080' })).rejects.toThrow(
      /403|orbidden/,
    );
  });

  it('serves an allowed Origin and a request without Origin', async () => {
    expect((await rawPost(t.url, legacyInitialize(), { ...bearer(token), Origin: ALLOWED_ORIGIN })).status).toBe(200);
    expect(
      (await rawPost(t.url, legacyInitialize(), { ...bearer(token), Origin: 'HTTPS://Other.Example.com:443' })).status,
    ).toBe(200);
    const client = await connectMcp(t.url, 'modern', { ...bearer(token), Origin: ALLOWED_ORIGIN });
    expect((await client.listTools()).tools.map((x) => x.name)).toContain('list_providers');
    await client.close();
  });

  it.each(['get', 'delete'] as const)(
    'answers %s with 405 and Allow: POST (no SSE stream, no sessions)',
    async (method) => {
      const res = await fetch(new URL('/mcp', t.url), {
        method: method.toUpperCase(),
        headers: { ...bearer(token), Accept: 'text/event-stream' },
      });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(await problemOf(res)).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
    },
  );

  it('keeps the JSON body limit (413 PAYLOAD_TOO_LARGE)', async () => {
    const body = { ...legacyInitialize(), params: { padding: 'x'.repeat(200 * 1024) } };
    const res = await rawPost(t.url, body, bearer(token));
    expect(res.status).toBe(413);
    expect((await problemOf(res)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers malformed JSON-RPC with JSON-RPC errors and unparseable JSON with 400 MALFORMED_JSON', async () => {
    const noMethod = await rpcMessage(await rawPost(t.url, { jsonrpc: '2.0', id: 7, params: {} }, bearer(token)));
    expect(noMethod.error?.code).toEqual(expect.any(Number));

    const { body, headers } = modernRequest('tools/list');
    const mismatch = await rawPost(t.url, body, { ...bearer(token), ...headers, 'Mcp-Method': 'tools/call' });
    expect(mismatch.status).toBe(400);
    expect((await rpcMessage(mismatch)).error?.code).toBe(-32020);

    const unknown = modernRequest('charges/steal');
    expect(
      (await rpcMessage(await rawPost(t.url, unknown.body, { ...bearer(token), ...unknown.headers }))).error?.code,
    ).toBe(-32601);

    const broken = await rawPost(t.url, '{"jsonrpc": "2.0", "id": 1, "method": ', bearer(token));
    expect(broken.status).toBe(400);
    expect((await problemOf(broken)).code).toBe('MALFORMED_JSON');
  });

  it('answers server/discover for modern clients', async () => {
    const { body, headers } = modernRequest('server/discover');
    const res = await rawPost(t.url, body, { ...bearer(token), ...headers });
    expect(res.status).toBe(200);
    expect((await rpcMessage(res)).result).toMatchObject({
      supportedVersions: expect.arrayContaining(['2026-07-28']),
      capabilities: { tools: {} },
    });
  });

  it('publishes OAuth discovery metadata for /mcp (path-aware PRM, and the authorization server), not at the root PRM', async () => {
    expect((await fetch(new URL('/.well-known/oauth-protected-resource', t.url))).status).toBe(404);
    for (const path of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-authorization-server']) {
      expect((await fetch(new URL(path, t.url))).status).toBe(200);
    }
  });

  it('writes one log line per MCP call with method and tool, never the arguments', async () => {
    const requestId = uniquePrefix('mcp-log');
    const client = await connectMcp(t.url, 'modern', { ...bearer(token), 'X-Request-Id': requestId });
    await callTool(
      client,
      'create_charge',
      boletoArgs({ payer: { name: 'Joana Secreta Pereira', document: '390.533.447-05' } }),
    );
    await callTool(client, 'get_charge', { id: 'sbx_doesnotexist' });
    await client.close();
    await new Promise((r) => setTimeout(r, 50));
    const lines = t.logs
      .filter((l) => l.includes(requestId))
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg === 'mcp');
    expect(lines).toEqual([
      expect.objectContaining({ method: 'server/discover', era: 'modern' }),
      expect.objectContaining({
        method: 'tools/call',
        tool: 'create_charge',
        outcome: 'ok',
        era: 'modern',
        tenantId,
        status: 200,
        durationMs: expect.any(Number),
      }),
      expect.objectContaining({ method: 'tools/call', tool: 'get_charge', outcome: 'error', code: 'CHARGE_NOT_FOUND' }),
    ]);
    const all = t.logs.join('\n');
    expect(all).not.toContain('Joana Secreta');
    expect(all).not.toContain('39053344705');
    expect(all).not.toContain(token);
  });

  it('counts and times tool calls with a tool label', async () => {
    const metrics = t.app.get(AppMetrics);
    const count = async (outcome: string) =>
      (await metrics.mcpToolCalls.get()).values.find(
        (v) => v.labels.tool === 'get_charge' && v.labels.outcome === outcome,
      )?.value ?? 0;
    const timed = async () =>
      (await metrics.mcpToolDuration.get()).values.find(
        (v) => v.labels.tool === 'get_charge' && v.metricName?.endsWith('_count'),
      )?.value ?? 0;
    const [errorsBefore, timedBefore] = [await count('error'), await timed()];
    const client = await connectMcp(t.url, 'legacy', bearer(token));
    await callTool(client, 'get_charge', { id: 'sbx_missing' });
    await callTool(client, 'get_charge', { id: 'sbx_missing' });
    await client.close();
    expect((await count('error')) - errorsBefore).toBe(2);
    expect((await timed()) - timedBefore).toBe(2);
  });
});

describe.each(ADAPTERS)('MCP rate limit (%s)', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ adapter, env: { RATE_LIMIT: '3', RATE_LIMIT_WINDOW_SECONDS: '60' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('limits MCP calls per tenant exactly as REST (429 RATE_LIMITED with Retry-After)', async () => {
    const busy = testToken({ tenantId: uniquePrefix('mcp-busy'), credentials: {} });
    const responses: Response[] = [];
    for (let i = 0; i < 4; i++) responses.push(await rawPost(t.url, legacyInitialize(i), bearer(busy)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(responses[0].headers.get('ratelimit-remaining')).toBe('2');
    const limited = await rawPost(t.url, legacyInitialize(), bearer(busy));
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await problemOf(limited)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const calm = testToken({ tenantId: uniquePrefix('mcp-calm'), credentials: {} });
    expect((await rawPost(t.url, legacyInitialize(), bearer(calm))).status).toBe(200);
  });
});
