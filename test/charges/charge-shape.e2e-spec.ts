import type { Tool } from '@modelcontextprotocol/client';
import request from 'supertest';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { uniquePrefix } from '../helpers/redis';
import { testToken } from '../helpers/tokens';
import { connectMcp } from '../mcp/mcp-client';

interface Json {
  $ref?: string;
  allOf?: Json[];
  anyOf?: Json[];
  properties?: Record<string, Json>;
  required?: string[];
  items?: Json;
}

/** The schema a `$ref` (or an allOf of one) points to, within `root`. */
function resolve(root: object, schema: Json): Json {
  const ref = schema.$ref ?? (schema.allOf?.length === 1 ? schema.allOf[0].$ref : undefined);
  if (!ref) return schema;
  const target = ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root) as Json;
  return resolve(root, target);
}

/** What a client relies on, at every depth: the field names, an optional one marked `?`. */
function shape(root: object, schema: Json): unknown {
  const s = resolve(root, schema);
  if (s.properties) {
    const required = new Set(s.required ?? []);
    return Object.fromEntries(
      Object.keys(s.properties)
        .sort()
        .map((k) => [required.has(k) ? k : `${k}?`, shape(root, s.properties![k])]),
    );
  }
  if (s.items) return [shape(root, s.items)];
  return 'value';
}

describe.each(ADAPTERS)('one charge shape for REST and MCP (%s)', (adapter) => {
  let t: TestApp;
  let docs: { components: { schemas: Record<string, Json> } };
  let tools: Tool[];
  const rest = (name: string) => shape(docs, docs.components.schemas[name]);
  /** A tool's declared result (its outputSchema is the result or our error). */
  const mcp = (name: string) => {
    const output = tools.find((x) => x.name === name)!.outputSchema as Json;
    return shape(output, output.anyOf![0]);
  };

  beforeAll(async () => {
    t = await startTestApp({ adapter });
    docs = (await request(t.url).get('/docs-json').expect(200)).body;
    const client = await connectMcp(t.url, 'modern', {
      Authorization: `Bearer ${testToken({ tenantId: uniquePrefix('shape'), credentials: {} })}`,
    });
    tools = (await client.listTools()).tools;
    await client.close();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('documents the same charge fields, optional ones alike, at every depth, in OpenAPI and in the charge tools', () => {
    expect(rest('ChargeView')).toHaveProperty(['payer', 'address?', 'zipCode']);
    for (const tool of ['create_charge', 'get_charge', 'cancel_charge']) expect(mcp(tool)).toEqual(rest('ChargeView'));
  });

  it('documents the same provider list in OpenAPI and in list_providers', () => {
    expect(mcp('list_providers')).toEqual({ providers: [rest('ProviderInfoView')] });
  });
});
