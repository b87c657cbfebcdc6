import { Inject, Injectable } from '@nestjs/common';
import { McpServer, type McpRequestContext, type StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import { McpCall } from './mcp-call';
import { resultOrError } from './mcp-result.mapper';
import { McpTool, McpTools } from './mcp-tool';
import { withJsonSchemaMemo } from './mcp-tool-schema.memo';
import { McpToolRunner } from './mcp-tool.runner';

type ToolConfig = Pick<McpTool, 'title' | 'description' | 'inputSchema' | 'annotations'> & {
  outputSchema: StandardSchemaWithJSON<unknown, Record<string, unknown>>;
};

const SERVER_INFO = { name: 'mcp-maax-cob', title: 'MCP MAAX COB charges gateway', version: '0.1.0' };

/** What the instructions say of every tool, after what the tools' feature says of its own. */
const ERRORS = 'Failed calls return isError with structuredContent.code (e.g. VALIDATION_ERROR with errors[].field).';

/** Arguments in one tools/call (array elements plus object members): far above what any tool takes. */
const MAX_TOOL_INPUT_ELEMENTS = 500;

/**
 * Builds the fresh McpServer that serves one HTTP request (the SDK's per-request factory). It only
 * registers the tools, whose schemas and metadata were built once at boot (their JSON Schema
 * conversion too: see withJsonSchemaMemo), and closes over the request's verified tenant so a tool
 * can only ever act for the caller. Nothing per request lives outside the server it returns.
 */
@Injectable()
export class McpServerFactory {
  /** What registerTool receives for each tool, built once (the factory runs on every request). */
  private readonly registrations: ReadonlyArray<{ tool: McpTool; config: ToolConfig }>;
  private readonly instructions: string;

  constructor(
    @Inject(McpTools) tools: McpTools,
    @Inject(McpToolRunner) private readonly runner: McpToolRunner,
  ) {
    this.instructions = [...tools.instructions, ERRORS].join(' ');
    this.registrations = tools.tools.map((tool) => ({
      tool,
      config: {
        title: tool.title,
        description: tool.description,
        inputSchema: withJsonSchemaMemo(tool.inputSchema),
        outputSchema: withJsonSchemaMemo(resultOrError(tool.outputSchema)),
        annotations: tool.annotations,
      },
    }));
  }

  /** Every tool name this server registers (a closed set, safe as a log field and metric label). */
  get toolNames(): string[] {
    return this.registrations.map((r) => r.tool.name);
  }

  create(ctx: McpRequestContext): McpServer {
    const call = ctx.authInfo?.extra?.call;
    // The controller always attaches the call; reaching here without one is a wiring bug, and
    // refusing is the only safe answer (the SDK turns it into a 500 without details).
    if (!(call instanceof McpCall)) throw new Error('MCP request reached the server factory without a verified tenant');
    call.era = ctx.era;
    const server = new McpServer(SERVER_INFO, {
      instructions: this.instructions,
      maxToolInputElements: MAX_TOOL_INPUT_ELEMENTS,
    });
    // A tool the token may not call is left out of tools/list; a tools/call still finds it, so that the caller learns
    // why (INSUFFICIENT_SCOPE from the service) instead of "tool not found". A tools/call of a known tool only needs
    // that tool (the SDK looks up no other); any other call gets them all, so the SDK answers as it always does.
    const listing = call.method !== 'tools/call';
    const called = listing ? undefined : this.registrations.find((r) => r.tool.name === call.requestedTool);
    for (const { tool, config } of called ? [called] : this.registrations) {
      if (listing && tool.scope !== undefined && !call.tenant.scopes.has(tool.scope)) continue;
      server.registerTool(tool.name, config, (args) => this.runner.run(tool, args, call));
    }
    return server;
  }
}
