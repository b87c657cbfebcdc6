import { benchToken, BenchContext, createCharge } from '../lib/bench.context';
import { alternateRounds, LoadTarget } from '../lib/rounds.runner';
import { mdTable, msText, ScenarioOutcome } from '../lib/scenario.types';
import { BenchServer, gatewaySpec } from '../lib/server.process';
import { probeAppTime, probeSize } from '../lib/server-timing.probe';

const MODERN = '2026-07-28';

/** A stateless (2026-07-28) `tools/call get_charge`: version and method in `_meta` and in the headers. */
export function mcpCall(token: string, id: string): { headers: Record<string, string>; body: string } {
  return {
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': MODERN,
      'mcp-method': 'tools/call',
      'mcp-name': 'get_charge',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: {
        name: 'get_charge',
        arguments: { id },
        _meta: {
          'io.modelcontextprotocol/protocolVersion': MODERN,
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    }),
  };
}

/** The call must return the charge (a JSON-RPC error or an isError result is a 200 too: check it once). */
async function assertCallWorks(url: string, call: ReturnType<typeof mcpCall>, id: string): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...call.headers, 'content-type': 'application/json' },
    body: call.body,
  });
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('text/event-stream')
    ? (text.split('\n').find((l) => l.startsWith('data:')) ?? 'data: {}').slice(5)
    : text;
  const msg = JSON.parse(json) as { result?: { isError?: boolean; structuredContent?: { id?: string } } };
  if (res.status !== 200 || msg.result?.isError || msg.result?.structuredContent?.id !== id)
    throw new Error(`MCP get_charge did not return the charge: ${res.status} ${text.slice(0, 300)}`);
}

/** (3) MCP `tools/call get_charge` (Streamable HTTP POST /mcp) vs the REST read of the same cached charge. */
export async function mcpReadScenario(ctx: BenchContext): Promise<ScenarioOutcome> {
  const server = await BenchServer.start(gatewaySpec(ctx, { adapter: 'fastify' }));
  try {
    const token = benchToken(ctx, 'sandbox');
    const id = await createCharge(server.url, token);
    const call = mcpCall(token, id);
    await assertCallWorks(`${server.url}/mcp`, call, id);
    const connections = ctx.opts.connections;
    const targets: LoadTarget[] = [
      {
        name: 'REST GET /v1/charges/:id',
        load: { url: `${server.url}/v1/charges/${id}`, connections, headers: { authorization: `Bearer ${token}` } },
      },
      {
        name: 'MCP tools/call get_charge',
        load: { url: `${server.url}/mcp`, connections, method: 'POST', headers: call.headers, body: call.body },
      },
    ];
    const summary = await alternateRounds(ctx.opts, targets, targets[0].name, 'mcp vs rest');
    const failing = summary.filter((s) => s.failures > 0).map((s) => s.name);
    if (failing.length) throw new Error(`MCP read: failed requests on ${failing.join(', ')}: the comparison is void`);
    const own = [
      await probeAppTime(targets[0].load.url, { headers: targets[0].load.headers ?? {} }, probeSize(ctx.opts.quick)),
      await probeAppTime(
        targets[1].load.url,
        { method: 'POST', headers: call.headers, body: call.body },
        probeSize(ctx.opts.quick),
      ),
    ];
    const mcp = summary[1];
    return {
      id: 3,
      slug: 'mcp-read',
      title: `MCP tools/call get_charge vs the REST read (Fastify, LOG_LEVEL=info, ${connections} connections)`,
      markdown: mdTable(
        [
          'request',
          'req/s (median)',
          'vs REST per round',
          'vs REST (median)',
          'p50 ms',
          'p99 ms',
          'own time p50 / p99 ms',
        ],
        summary.map((s, i) => [
          s.name,
          s.rps,
          s.ratios.join(' / '),
          `**${s.ratio}**`,
          msText(s.p50),
          msText(s.p99),
          `${msText(own[i].p50)} / ${msText(own[i].p99)}`,
        ]),
      ),
      checks: [],
      data: { connections, mcpVsRest: mcp.ratio, ownTimeMs: { rest: own[0], mcp: own[1] }, summary },
    };
  } finally {
    await server.stop();
  }
}
