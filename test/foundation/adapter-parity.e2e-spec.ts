import { request as httpRequest } from 'node:http';
import type { Client } from '@modelcontextprotocol/client';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { uniquePrefix } from '../helpers/redis';
import { testToken } from '../helpers/tokens';
import { boletoArgs, callTool, connectMcp, pixArgs } from '../mcp/mcp-client';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

/** One request with the path sent byte for byte as given (no client-side URL normalisation). */
function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Raw> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: Number(port),
        method,
        path,
        headers: { ...headers, ...(body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text);
          } catch {
            /* not JSON: the assertions on content-type say so */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const DEEP = `${'['.repeat(3000)}${']'.repeat(3000)}`;

/**
 * The same build answers alike on both adapters (issue: "Both adapters answer alike"): every case asserts one status,
 * code and body shape, so the Express and Fastify runs of this file prove parity.
 */
describe.each(ADAPTERS)('adapter parity (%s)', (adapter) => {
  let t: TestApp;
  let token: string;
  let json: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp({ adapter });
    token = testToken({ tenantId: uniquePrefix('parity'), credentials: {} });
    json = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('a path that is not valid percent-encoded UTF-8', () => {
    it.each([
      ['GET', '/v1/charges/%ZZ%3Cscript%3E'],
      ['GET', '/v1/charges/%C0%80'],
      ['GET', '/v1/charges/%ED%A0%80'],
      ['POST', '/v1/sandbox/charges/%ZZ/pay'],
      ['GET', '/no/such/route/%ZZ%3Cscript%3E'],
      ['GET', '/health/%E0%A4%A'],
    ])(
      '%s %s → 400 BAD_REQUEST problem+json, with no token needed and nothing of the path echoed',
      async (method, path) => {
        const res = await send(t.url, method, path);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json).toEqual({
          type: 'urn:mcp-maax-cob:error:BAD_REQUEST',
          title: 'Bad request',
          status: 400,
          detail: 'The request path is not valid percent-encoded UTF-8.',
          code: 'BAD_REQUEST',
          requestId: res.headers['x-request-id'],
        });
        for (const echo of ['script', '%ZZ', '%C0', '%ED', 'charges', 'FST_']) expect(res.text).not.toContain(echo);
      },
    );

    it('leaves valid escapes alone: an encoded id reaches the route (404 CHARGE_NOT_FOUND, not a path error)', async () => {
      const res = await send(t.url, 'GET', '/v1/charges/sbx_%41BC', json);
      expect(res.status).toBe(404);
      expect(res.json.code).toBe('CHARGE_NOT_FOUND');
    });
  });

  describe('one path rule: exact case, no trailing slash', () => {
    it.each([
      ['POST', '/V1/CHARGES'],
      ['POST', '/v1/charges/'],
      ['POST', '/V1/charges'],
      ['GET', '/HEALTH/LIVE'],
      ['GET', '/health/live/'],
      ['POST', '/MCP'],
      ['POST', '/mcp/'],
      ['GET', '/v1/providers/'],
      ['GET', '/V1/PROVIDERS'],
    ])('%s %s → 404 NOT_FOUND (and creates nothing)', async (method, path) => {
      const body = method === 'POST' ? JSON.stringify(pixArgs()) : undefined;
      const res = await send(t.url, method, path, json, body);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json).toMatchObject({
        status: 404,
        code: 'NOT_FOUND',
        detail: 'No route matches this method and path.',
      });
      expect(res.text).not.toContain(path);
    });

    it('serves the exact forms', async () => {
      expect((await send(t.url, 'GET', '/health/live')).status).toBe(200);
      expect((await send(t.url, 'GET', '/v1/providers', json)).status).toBe(200);
      const created = await send(t.url, 'POST', '/v1/charges', json, JSON.stringify(pixArgs()));
      expect(created.status).toBe(201);
      const read = await send(t.url, 'GET', `/v1/charges/${created.json.id as string}/`, json);
      expect(read.status).toBe(404);
      expect(read.json.code).toBe('NOT_FOUND');
    });
  });

  describe('bodies', () => {
    it('a body nested 3000 levels deep → 400 VALIDATION_ERROR naming body', async () => {
      const res = await send(t.url, 'POST', '/v1/charges', json, DEEP);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({
        code: 'VALIDATION_ERROR',
        errors: [{ field: 'body', message: 'the body is nested deeper than 8 levels' }],
      });
      const obj = await send(t.url, 'POST', '/v1/charges', json, `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`);
      expect(obj.status).toBe(400);
      expect(obj.json).toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ field: 'body' }] });
    });

    it('an empty JSON body (Content-Length: 0) is no body: 400 VALIDATION_ERROR, one invalid field: body', async () => {
      const res = await send(t.url, 'POST', '/v1/charges', json, '');
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({
        code: 'VALIDATION_ERROR',
        detail: '1 invalid field: body',
        errors: [{ field: 'body', message: 'the body must be a JSON object' }],
      });
      const none = await send(t.url, 'POST', '/v1/charges', { Authorization: json.Authorization });
      expect(none.json).toMatchObject({ code: 'VALIDATION_ERROR', detail: '1 invalid field: body' });
    });

    it('prototype-poisoning keys at any depth → 400 MALFORMED_JSON', async () => {
      for (const body of [
        '{"__proto__":{"x":1}}',
        '{"payer":{"address":{"__proto__":{"x":1}}}}',
        '{"a":{"constructor":{"prototype":{"x":1}}}}',
      ]) {
        const res = await send(t.url, 'POST', '/v1/charges', json, body);
        expect({ body, status: res.status, code: res.json.code }).toEqual({
          body,
          status: 400,
          code: 'MALFORMED_JSON',
        });
      }
    });
  });

  describe('MCP tools refuse arguments they do not know', () => {
    let client: Client;
    beforeAll(async () => {
      client = await connectMcp(t.url, 'modern', { Authorization: `Bearer ${token}` });
    });
    afterAll(async () => {
      await client?.close();
    });

    it('cancel_charge with a misspelled idempotencyKey → VALIDATION_ERROR naming it, and the charge stays uncancelled', async () => {
      const created = await callTool(client, 'create_charge', boletoArgs());
      const id = created.structured.id as string;
      const typo = await callTool(client, 'cancel_charge', { id, idempotencykey: 'typo-key' });
      expect(typo.isError).toBe(true);
      expect(typo.structured).toMatchObject({
        code: 'VALIDATION_ERROR',
        errors: [{ field: 'idempotencykey', message: 'unknown field' }],
      });
      const after = await callTool(client, 'get_charge', { id });
      expect(after.structured.status).toBe('PENDING');
    });

    it.each([
      ['get_charge', { id: 'sbx_x', includeQr: false }, 'includeQr'],
      ['cancel_charge', { id: 'sbx_x', reason: 'x' }, 'reason'],
      ['create_charge', { ...pixArgs(), idempotencykey: 'k' }, 'idempotencykey'],
      ['list_providers', { verbose: true }, 'verbose'],
      ['initialize_session', { force: true }, 'force'],
    ])('%s refuses an unknown argument with VALIDATION_ERROR naming it', async (name, args, field) => {
      const r = await callTool(client, name, args as Record<string, unknown>);
      expect(r.isError).toBe(true);
      expect(r.structured.code).toBe('VALIDATION_ERROR');
      expect((r.structured.errors as Array<{ field: string }>).map((e) => e.field)).toContain(field);
    });

    it('a tool argument nested 3000 levels deep is a tool error, not an HTTP failure', async () => {
      const r = await callTool(client, 'get_charge', { id: 'sbx_x', extra: JSON.parse(DEEP) });
      expect(r.isError).toBe(true);
      expect(JSON.stringify(r.content)).toMatch(/maximum of 500 elements|VALIDATION_ERROR/);
    });
  });
});
