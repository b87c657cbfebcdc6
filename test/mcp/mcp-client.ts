import { Client, StreamableHTTPClientTransport, type Tool } from '@modelcontextprotocol/client';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/client/validators/ajv';

/** The two protocol eras /mcp serves: legacy (`initialize`, 2025-11-25) and modern (2026-07-28). */
export type Era = 'legacy' | 'modern';
export const ERAS: Era[] = ['legacy', 'modern'];
export const MODERN_VERSION = '2026-07-28';

/** The official SDK client over Streamable HTTP, speaking the given era. */
export async function connectMcp(baseUrl: string, era: Era, headers: Record<string, string>): Promise<Client> {
  const client = new Client(
    { name: 'mcp-e2e', version: '1.0.0' },
    { versionNegotiation: { mode: era === 'legacy' ? 'legacy' : { pin: MODERN_VERSION } } },
  );
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', baseUrl), { requestInit: { headers } }));
  return client;
}

export interface ToolOutcome {
  isError: boolean;
  structured: Record<string, unknown>;
  content: Array<{ type: string; text?: string; data?: string; mimeType?: string }>;
}

export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolOutcome> {
  const r = (await client.callTool({ name, arguments: args })) as {
    isError?: boolean;
    structuredContent?: unknown;
    content?: ToolOutcome['content'];
  };
  return {
    isError: r.isError === true,
    structured: (r.structuredContent ?? {}) as Record<string, unknown>,
    content: r.content ?? [],
  };
}

const validator = new AjvJsonSchemaValidator();

/** Validates structured output against the outputSchema the server declared in tools/list. */
export function outputErrors(tool: Tool, value: unknown): string | undefined {
  const check = validator.getValidator(tool.outputSchema as Parameters<typeof validator.getValidator>[0]);
  const result = check(value);
  return result.valid ? undefined : (result.errorMessage ?? 'invalid');
}

/** A raw JSON-RPC POST to /mcp (for what the SDK client would never send). */
export async function rawPost(baseUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL('/mcp', baseUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A problem+json body. */
export async function problemOf(res: Response): Promise<{ status: number; code: string; detail: string }> {
  return (await res.json()) as { status: number; code: string; detail: string };
}

/** The JSON-RPC message in a response, whether it came as JSON or as one SSE `data:` line. */
export async function rpcMessage(
  res: Response,
): Promise<{ result?: Record<string, unknown>; error?: { code: number; message: string } }> {
  const text = await res.text();
  if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    const data = text.split('\n').find((l) => l.startsWith('data:'));
    return JSON.parse((data ?? 'data: {}').slice(5));
  }
  return JSON.parse(text);
}

export function legacyInitialize(id = 1): Record<string, unknown> {
  return {
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  };
}

/** A modern (2026-07-28) request: the version and method travel in _meta and in the headers. */
export function modernRequest(
  method: string,
  params: Record<string, unknown> = {},
  id = 2,
): { body: Record<string, unknown>; headers: Record<string, string> } {
  const meta = {
    'io.modelcontextprotocol/protocolVersion': MODERN_VERSION,
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  const headers: Record<string, string> = { 'MCP-Protocol-Version': MODERN_VERSION, 'Mcp-Method': method };
  if (typeof params.name === 'string') headers['Mcp-Name'] = params.name;
  return { body: { jsonrpc: '2.0', id, method, params: { ...params, _meta: meta } }, headers };
}

/** Valid bodies for the sandbox bank. */
export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export const PAYER = { name: 'Maria da Silva', document: '529.982.247-25', email: 'maria@example.com' };

export function boletoArgs(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'boleto',
    amount: 15990,
    dueDate: inDays(10),
    description: 'Mensalidade',
    externalId: 'order-1',
    payer: PAYER,
    ...extra,
  };
}

export function pixArgs(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'pix',
    amount: 2500,
    expiresInSeconds: 3600,
    payer: { name: 'ACME Ltda', document: '11.222.333/0001-81' },
    ...extra,
  };
}
