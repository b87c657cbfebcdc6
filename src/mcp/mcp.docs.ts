import { applyDecorators } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { ApiProblemResponses } from '../docs/api-problem-responses.decorator';
import type { McpToolExample } from './mcp-tool';

const JSON_RPC_REQUEST = {
  type: 'object',
  required: ['jsonrpc', 'method'],
  properties: {
    jsonrpc: { type: 'string', enum: ['2.0'] },
    id: { oneOf: [{ type: 'string' }, { type: 'integer' }], description: 'Absent on notifications (answered 202).' },
    method: { type: 'string', example: 'tools/call' },
    params: { type: 'object', additionalProperties: true },
  },
};

const JSON_RPC_RESPONSE = {
  type: 'object',
  properties: {
    jsonrpc: { type: 'string', enum: ['2.0'] },
    id: { nullable: true, oneOf: [{ type: 'string' }, { type: 'integer' }] },
    result: { type: 'object', additionalProperties: true },
    error: { type: 'object', properties: { code: { type: 'integer' }, message: { type: 'string' }, data: {} } },
  },
};

const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};
const LEGACY_INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'curl', version: '1' } },
};

/**
 * OpenAPI for POST /mcp: JSON-RPC over Streamable HTTP, documented as far as OpenAPI can. The tools
 * are the features' (tools/list names them); `example` is the tools/call the page shows and runs.
 */
export function ApiMcpPost(example: McpToolExample): MethodDecorator {
  return applyDecorators(
    ApiOperation({
      summary: 'MCP (Model Context Protocol) Streamable HTTP endpoint, stateless and dual-era',
      description:
        'One JSON-RPC message per POST. Legacy clients (protocol 2025-11-25 and older) start with `initialize`; modern ' +
        'clients (2026-07-28) send `_meta` in every request plus the `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` ' +
        'headers (`server/discover` describes the server). `tools/list` names the tools, with their input and output ' +
        'schemas. Tool failures are results with `isError: true` and our error `code` in ' +
        '`structuredContent`; unknown tools and malformed JSON-RPC are JSON-RPC errors. No session ids are issued.\n\n' +
        `The example (and the prefilled headers) is a modern \`tools/call\` of \`${example.name}\`. For the legacy handshake, ` +
        'empty the three MCP headers (a legacy `initialize` with a modern `MCP-Protocol-Version` is refused) and send ' +
        `\`${JSON.stringify(LEGACY_INITIALIZE)}\`.`,
    }),
    ApiHeader({
      name: 'Accept',
      required: true,
      schema: { type: 'string', example: 'application/json, text/event-stream' },
    }),
    // Swagger UI prefills these from their examples whatever body is selected: they match the one body example.
    ApiHeader({
      name: 'MCP-Protocol-Version',
      required: false,
      description: 'Modern era: the protocol version (also in `params._meta`). Empty for the legacy handshake.',
      schema: { type: 'string', example: '2026-07-28' },
    }),
    ApiHeader({
      name: 'Mcp-Method',
      required: false,
      description: 'Modern era: the JSON-RPC method. Empty for the legacy handshake.',
      schema: { type: 'string', example: 'tools/call' },
    }),
    ApiHeader({
      name: 'Mcp-Name',
      required: false,
      description: 'Modern era, tools/call: the tool name. Empty for the legacy handshake.',
      schema: { type: 'string', example: example.name },
    }),
    ApiBody({
      schema: JSON_RPC_REQUEST,
      examples: {
        modernToolCall: {
          summary: `Modern tools/call of ${example.name} (2026-07-28, with the MCP-Protocol-Version, Mcp-Method and Mcp-Name headers above)`,
          value: {
            jsonrpc: '2.0',
            id: 1,
            method: 'tools/call',
            params: { name: example.name, arguments: example.arguments, _meta: MODERN_META },
          },
        },
      },
    }),
    ApiProduces('application/json', 'text/event-stream'),
    ApiOkResponse({
      description: 'The JSON-RPC response, as JSON or as one SSE `message` event.',
      schema: JSON_RPC_RESPONSE,
    }),
    ApiAcceptedResponse({ description: 'A notification (no id) was accepted.' }),
    ApiProblemResponses('FORBIDDEN_ORIGIN'),
  );
}

/** OpenAPI for GET and DELETE /mcp: no SSE stream, no sessions. */
export function ApiMcpNotAllowed(summary: string): MethodDecorator {
  return applyDecorators(ApiOperation({ summary }), ApiProblemResponses('METHOD_NOT_ALLOWED'));
}
