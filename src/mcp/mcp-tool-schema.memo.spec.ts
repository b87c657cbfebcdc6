import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, type StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { TenantContext } from '../auth/tenant-context';
import type { TokenScope } from '../auth/token-claims';
import { McpCall } from './mcp-call';
import { McpServerFactory } from './mcp-server.factory';
import { documentedArgs, type McpTool } from './mcp-tool';
import { withJsonSchemaMemo } from './mcp-tool-schema.memo';
import type { McpToolRunner } from './mcp-tool.runner';

const TARGET = { target: 'draft-2020-12' } as const;

/** A schema whose JSON Schema conversion is counted (a fresh object per call, as zod's is). */
function counted(schema: z.ZodObject): {
  schema: StandardSchemaWithJSON<Record<string, unknown>>;
  calls: () => number;
} {
  const std = documentedArgs(schema)['~standard'];
  let calls = 0;
  const convert = (io: 'input' | 'output') => (options: Parameters<typeof std.jsonSchema.input>[0]) => {
    calls += 1;
    return std.jsonSchema[io](options);
  };
  return {
    schema: { '~standard': { ...std, jsonSchema: { input: convert('input'), output: convert('output') } } },
    calls: () => calls,
  };
}

describe('withJsonSchemaMemo', () => {
  const charge = z.object({ id: z.string().describe('Charge id'), tags: z.array(z.string()).optional() });

  it('converts once per direction and target, and returns the same deep-frozen JSON Schema', () => {
    const { schema, calls } = counted(charge);
    const memo = withJsonSchemaMemo(schema)['~standard'].jsonSchema;
    const first = memo.input(TARGET);
    expect(memo.input(TARGET)).toBe(first);
    expect(calls()).toBe(1);
    expect(first).toEqual(charge['~standard'].jsonSchema.input(TARGET));
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen((first.properties as Record<string, object>).tags)).toBe(true);
    memo.output(TARGET);
    memo.input({ target: 'draft-07' });
    expect(calls()).toBe(3);
    memo.input({ target: 'draft-07', libraryOptions: { unrepresentable: 'any' } });
    memo.input({ target: 'draft-07', libraryOptions: { unrepresentable: 'any' } });
    expect(calls()).toBe(5);
  });

  it('validates with the schema itself', async () => {
    const std = withJsonSchemaMemo(charge)['~standard'];
    expect(await std.validate({ id: 'chg_1' })).toEqual({ value: { id: 'chg_1' } });
    expect((await std.validate({ id: 1 })).issues?.[0]?.path).toEqual(['id']);
  });
});

describe('McpServerFactory with memoized schemas', () => {
  const tenant = (tenantId: string, scopes: TokenScope[]): TenantContext =>
    ({ tenantId, scopes: new Set(scopes), exp: 0 }) as unknown as TenantContext;
  const output = z.object({ ok: z.boolean() });
  const readArgs = counted(z.object({ id: z.string() }));
  const writeArgs = counted(z.object({ amount: z.number().int() }));
  const tool = (name: string, inputSchema: StandardSchemaWithJSON<Record<string, unknown>>, scope?: TokenScope) =>
    ({
      name,
      title: name,
      description: name,
      inputSchema,
      outputSchema: output,
      annotations: {},
      scope,
      run: async () => ({ structured: {} }),
    }) satisfies McpTool;
  const ran: Array<{ tool: string; tenantId: string; requestId: string }> = [];
  const runner = {
    run: async (t: McpTool, _args: unknown, call: McpCall) => {
      ran.push({ tool: t.name, tenantId: call.tenant.tenantId, requestId: call.requestId });
      return { content: [], structuredContent: { ok: true } };
    },
  } as unknown as McpToolRunner;
  const factory = new McpServerFactory(
    { instructions: [], tools: [tool('get_x', readArgs.schema), tool('create_x', writeArgs.schema, 'charges:write')] },
    runner,
  );

  /** One request's server, as the HTTP handler builds it, reached through an in-memory client. */
  async function connect(call: McpCall): Promise<Client> {
    const server = factory.create({
      era: 'legacy',
      authInfo: { token: '', clientId: 'c', scopes: [], extra: { call } },
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'spec', version: '1' }, { versionNegotiation: { mode: 'legacy' } });
    await client.connect(clientSide);
    return client;
  }

  it('serves each request its own tools/list and tenant while converting each schema once', async () => {
    const listing = (t: TenantContext, id: string) => Object.assign(new McpCall(t, id), { method: 'tools/list' });
    const readOnly = tenant('t-read', ['charges:read']);
    const full = tenant('t-full', ['charges:read', 'charges:write']);
    const clients = await Promise.all([
      connect(listing(readOnly, 'r1')),
      connect(listing(full, 'r2')),
      connect(listing(readOnly, 'r3')),
      connect(listing(full, 'r4')),
    ]);
    try {
      const lists = await Promise.all(clients.map(async (c) => (await c.listTools()).tools));
      expect(lists.map((tools) => tools.map((t) => t.name))).toEqual([
        ['get_x'],
        ['get_x', 'create_x'],
        ['get_x'],
        ['get_x', 'create_x'],
      ]);
      expect(lists[1][0].inputSchema).toEqual(lists[3][0].inputSchema);
      expect(lists[1][1].inputSchema).toMatchObject({ type: 'object', properties: { amount: { type: 'integer' } } });
      expect(lists[1][1].outputSchema).toMatchObject({ anyOf: [{ properties: { ok: { type: 'boolean' } } }, {}] });
      expect([readArgs.calls(), writeArgs.calls()]).toEqual([1, 1]);

      const calling = [new McpCall(readOnly, 'c1'), new McpCall(full, 'c2')];
      for (const call of calling) call.method = 'tools/call';
      // As the endpoint sets it: the named tool alone is registered, or all of them for a name it does not know.
      calling[0].requestedTool = 'get_x';
      calling[1].requestedTool = 'unknown';
      const callers = await Promise.all(calling.map(connect));
      await Promise.all(callers.map((c) => c.callTool({ name: 'get_x', arguments: { id: 'chg_1' } })));
      await Promise.all(callers.map((c) => c.close()));
      expect(ran).toEqual([
        { tool: 'get_x', tenantId: 't-read', requestId: 'c1' },
        { tool: 'get_x', tenantId: 't-full', requestId: 'c2' },
      ]);
      expect(readArgs.calls()).toBe(1);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });
});
