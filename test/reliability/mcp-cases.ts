import fc from 'fast-check';
import { boletoArgs, modernRequest, pixArgs } from '../mcp/mcp-client';
import { NASTY_STRINGS } from './fuzz-cases';
import type { Probe } from './http-probe';

const TOOLS = ['create_charge', 'get_charge', 'cancel_charge'];
const nasty = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom(...NASTY_STRINGS.slice(0, -1)));
const anyValue: fc.Arbitrary<unknown> = fc.oneof(nasty, fc.jsonValue({ maxDepth: 3 }), fc.double(), fc.constant(null));

/** Tool arguments: valid ones with one field replaced by anything, ids of every shape, random objects. */
const toolArgs = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(boletoArgs(), pixArgs()),
      fc.constantFrom(
        'type',
        'amount',
        'dueDate',
        'payer',
        'description',
        'idempotencyKey',
        'expiresInSeconds',
        '__proto__',
        'x',
      ),
      anyValue,
    )
    .map(([args, key, value]) => {
      const copy: Record<string, unknown> = { ...args };
      Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
      return copy;
    }),
  anyValue.map((id) => ({ id })),
  fc.dictionary(nasty, anyValue, { maxKeys: 4 }),
  anyValue,
);

const message = fc.oneof(
  {
    arbitrary: fc
      .record({ name: fc.oneof(fc.constantFrom(...TOOLS), nasty), arguments: toolArgs })
      .map((params) => ({ jsonrpc: '2.0', id: 1, method: 'tools/call', params })),
    weight: 6,
  },
  {
    arbitrary: fc.record(
      {
        jsonrpc: fc.oneof(fc.constant('2.0'), fc.constantFrom('1.0', '3.0', 2, null)),
        id: fc.oneof(
          fc.integer(),
          fc.string({ maxLength: 20 }),
          fc.constant(null),
          fc.constant({}),
          fc.double(),
          fc.constant(true),
        ),
        method: fc.oneof(
          fc.constantFrom(
            'initialize',
            'tools/list',
            'tools/call',
            'resources/list',
            'prompts/get',
            'ping',
            'notifications/initialized',
            'logging/setLevel',
            'completion/complete',
            'sampling/createMessage',
            'server/discover',
          ),
          nasty,
        ),
        params: anyValue,
      },
      { requiredKeys: [] },
    ),
    weight: 3,
  },
  { arbitrary: fc.jsonValue({ maxDepth: 4 }), weight: 1 },
  {
    arbitrary: fc.array(
      fc.record({
        jsonrpc: fc.constant('2.0'),
        id: fc.integer(),
        method: fc.constantFrom('tools/list', 'tools/call', 'initialize'),
      }),
      { maxLength: 30 },
    ),
    weight: 1,
  },
);

const isHeaderSafe = (s: string) => /^[\t\x20-\x7e]*$/.test(s);

/** Probes for POST /mcp: legacy bodies, modern ones (version and method in _meta and headers), broken text. */
export function mcpProbes(seed: number, count: number, auth: Record<string, string>): Probe[] {
  const broken = fc
    .constantFrom(
      '{"jsonrpc":"2.0","id":1,"method":',
      '[',
      '[]',
      '{}',
      'null',
      '"x"',
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_charge","arguments":{"id":"\\ud800"}}}',
      '{"jsonrpc":"2.0","id":1e999,"method":"ping"}',
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_charge","arguments":{"__proto__":{"id":"x"}}}}',
    )
    .map((text) => ({ text, modern: false }));
  const arb = fc.oneof(
    { arbitrary: fc.tuple(message, fc.boolean()).map(([m, modern]) => ({ text: '', m, modern })), weight: 9 },
    { arbitrary: broken, weight: 1 },
  );
  return fc.sample(arb, { numRuns: count, seed }).map((c) => {
    const headers: Record<string, string> = {
      ...auth,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
    };
    let text = c.text;
    if ('m' in c) {
      const m = c.m as Record<string, unknown>;
      if (c.modern && m && typeof m === 'object' && !Array.isArray(m) && typeof m.method === 'string') {
        const params =
          m.params && typeof m.params === 'object' && !Array.isArray(m.params)
            ? (m.params as Record<string, unknown>)
            : {};
        const modern = modernRequest(m.method, params, typeof m.id === 'number' ? m.id : 2);
        text = JSON.stringify(modern.body);
        for (const [k, v] of Object.entries(modern.headers)) if (isHeaderSafe(v)) headers[k] = v;
      } else text = JSON.stringify(m) ?? 'null';
    }
    return {
      label: `mcp ${c.modern ? 'modern' : 'legacy'}`,
      method: 'POST',
      path: '/mcp',
      headers,
      body: text,
      jsonRpc: true,
    };
  });
}
