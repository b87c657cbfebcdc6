import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { uniquePrefix } from '../helpers/redis';
import { testToken } from '../helpers/tokens';
import { legacyInitialize, modernRequest, rawPost, rpcMessage } from './mcp-client';

type ListedTool = { name: string; inputSchema: unknown; outputSchema: unknown };

/**
 * Tool schemas are converted once per process and shared by every request (withJsonSchemaMemo): requests
 * served at the same time with tokens of different scopes must still each get their own tools/list.
 */
describe.each(ADAPTERS)('MCP requests served concurrently (%s)', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ adapter });
  });
  afterAll(async () => {
    await t?.close();
  });

  const bearer = (scope: string) => ({
    Authorization: `Bearer ${testToken({ tenantId: uniquePrefix('conc'), credentials: {}, scope })}`,
  });

  async function listTools(headers: Record<string, string>, modern: boolean, id: number): Promise<ListedTool[]> {
    const req = modernRequest('tools/list', {}, id);
    const body = modern ? req.body : { jsonrpc: '2.0', id, method: 'tools/list', params: {} };
    const res = await rawPost(t.url, body, modern ? { ...headers, ...req.headers } : headers);
    expect(res.status).toBe(200);
    const { result } = await rpcMessage(res);
    return (result?.tools ?? []) as ListedTool[];
  }

  it('gives each token its own tools/list, with the same schemas, whatever runs beside it', async () => {
    const readOnly = bearer('charges:read');
    const full = bearer('charges:read charges:write');
    // The legacy era is stateless too: an initialize, then each request on its own.
    expect((await rawPost(t.url, legacyInitialize(), full)).status).toBe(200);
    const plan = Array.from({ length: 12 }, (_, i) => ({ write: i % 2 === 1, modern: i % 4 < 2 }));
    const lists = await Promise.all(plan.map((p, i) => listTools(p.write ? full : readOnly, p.modern, i + 1)));

    const fullNames = lists[1].map((x) => x.name);
    expect(fullNames).toEqual(expect.arrayContaining(['get_charge', 'create_charge']));
    plan.forEach((p, i) => {
      const names = lists[i].map((x) => x.name);
      if (p.write) expect(names).toEqual(fullNames);
      else {
        expect(names).toContain('get_charge');
        for (const hidden of ['create_charge', 'cancel_charge', 'refund_charge']) expect(names).not.toContain(hidden);
      }
      const get = lists[i].find((x) => x.name === 'get_charge');
      expect(get).toEqual(lists[1].find((x) => x.name === 'get_charge'));
    });
    expect(lists[1].find((x) => x.name === 'get_charge')?.inputSchema).toMatchObject({
      type: 'object',
      properties: { id: expect.any(Object) },
    });
  });
});
