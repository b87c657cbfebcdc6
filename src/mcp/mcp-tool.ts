import type { Type } from '@nestjs/common';
import type { StandardSchemaWithJSON, ToolAnnotations } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { TenantContext } from '../auth/tenant-context';
import type { TokenScope } from '../auth/token-claims';
import { AppError } from '../common/errors/app-error';

/** Who is calling a tool: the guard-verified tenant of this HTTP request and its request id. */
export interface McpToolCall {
  tenant: TenantContext;
  requestId: string;
}

/** What a tool returns: the structured result, plus a Pix BR Code to render as a QR image. */
export interface McpToolReply {
  /** Checked against (and stripped to) the tool's outputSchema before it is sent. */
  structured: object;
  /** When set, the result also carries the QR code of this BR Code as a PNG image block. */
  qrCode?: string;
  /** Files the result carries as embedded resources (e.g. a boleto PDF), base64 in `blob`. */
  resources?: Array<{ uri: string; mimeType: string; blob: string }>;
}

/**
 * One MCP tool, whole: its name, title and description (written for a model), its input and output
 * schemas, its annotations, and its handler, a thin adapter over the service it sits beside.
 */
export interface McpTool {
  name: string;
  title: string;
  description: string;
  /** What the tool advertises in tools/list; validation is the tool's own (see `documentedArgs`). */
  inputSchema: StandardSchemaWithJSON<Record<string, unknown>>;
  /** The shape of `structuredContent`; the result is parsed through it before it leaves the server. */
  outputSchema: z.ZodType<Record<string, unknown>>;
  annotations: ToolAnnotations;
  /**
   * The scope a token needs to call the tool: tools/list hides the tool from a token without it. Calling it anyway
   * reaches the service, which refuses with INSUFFICIENT_SCOPE (the one place the rule is enforced).
   */
  scope?: TokenScope;
  run(args: Record<string, unknown>, call: McpToolCall): Promise<McpToolReply>;
}

/**
 * What the MCP endpoint serves (and its DI token): the tools, in tools/list order, and the server
 * instructions telling a model how they fit together. A feature offers its own from a provider of its
 * module (`ChargesTools` beside `ChargesService`), named in `McpModule.forRoot`; the MCP module
 * merges them and knows no feature.
 */
export interface McpTools {
  /** Sentences of the server's instructions about these tools. */
  readonly instructions: readonly string[];
  readonly tools: readonly McpTool[];
}
export const McpTools = Symbol('McpTools');

/** A tools call that runs as is with any token (a read-only tool without arguments suits): the Swagger example of POST /mcp. */
export interface McpToolExample {
  name: string;
  arguments: Record<string, unknown>;
}

/** A feature's provider class of McpTools, with the call the Swagger page of POST /mcp shows as its example. */
export interface McpToolsClass extends Type<McpTools> {
  readonly example: McpToolExample;
}

/**
 * Advertises a zod schema in tools/list but lets any argument object through to the tool.
 * The SDK would otherwise reject bad arguments with a bare text error; letting them through means
 * the same validation as REST runs in the service and every failure carries our VALIDATION_ERROR
 * code and the failing fields.
 */
export function documentedArgs(schema: z.ZodObject): StandardSchemaWithJSON<Record<string, unknown>> {
  return {
    '~standard': {
      version: 1,
      vendor: 'mcp-maax-cob',
      jsonSchema: schema['~standard'].jsonSchema,
      validate: (value: unknown) =>
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? { value: value as Record<string, unknown> }
          : { issues: [{ message: 'arguments must be an object' }] },
    },
  };
}

/**
 * Parses tool arguments with zod; failures become VALIDATION_ERROR naming each field. An argument a strict schema
 * does not know is named itself with REST's wording for an unknown body field ("unknown field").
 */
export function parseToolArgs<S extends z.ZodType>(schema: S, args: unknown): z.output<S> {
  const result = schema.safeParse(args);
  if (result.success) return result.data;
  throw AppError.validation(
    result.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ field: [...issue.path.map(String), key].join('.'), message: 'unknown field' }))
        : [{ field: issue.path.map(String).join('.') || '(arguments)', message: issue.message }],
    ),
  );
}
