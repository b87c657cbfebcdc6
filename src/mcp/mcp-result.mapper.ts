import type { CallToolResult } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { AppError } from '../common/errors/app-error';
import { ERROR_CATALOGUE, ErrorCode } from '../common/errors/error-catalogue';
import type { McpTool, McpToolReply } from './mcp-tool';
import { qrCodePng } from './qr-code.image';

type Content = CallToolResult['content'][number];

const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as [ErrorCode, ...ErrorCode[]];

/** Our error as a tool result's structured content: what a model needs to correct itself. */
export const toolErrorOutput = z
  .object({
    code: z.enum(ERROR_CODES).describe('Stable error code, e.g. VALIDATION_ERROR, CHARGE_NOT_FOUND, PROVIDER_ERROR.'),
    status: z.number().int().describe('The HTTP status REST answers for the same error.'),
    detail: z.string(),
    requestId: z.string().describe('Quote it when reporting a problem.'),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('VALIDATION_ERROR: each failing field.'),
    retryAfterSeconds: z.number().int().optional().describe('When retrying makes sense: wait this long first.'),
  })
  .describe('The result of a failed call (isError: true).');

/**
 * What a tool advertises as its outputSchema: its result, or our error. Clients (the MCP Inspector
 * among them) check structuredContent against outputSchema even on isError results, so the error
 * shape is declared too, and failed calls still carry their code in structuredContent.
 */
export function resultOrError(output: McpTool['outputSchema']): z.ZodType<Record<string, unknown>> {
  return z.union([output, toolErrorOutput]);
}

/**
 * A successful tool result: structuredContent (parsed through the declared outputSchema, so it
 * conforms and carries nothing undeclared), the same JSON as a text block, the QR image when
 * the reply has a BR Code, and the reply's files as embedded resources. A QR that cannot be rendered is left out rather than failing the call:
 * the tool's work is done and the BR Code's text is in the result.
 */
export async function toolSuccess(
  tool: McpTool,
  reply: McpToolReply,
  onImageError: (err: unknown) => void,
): Promise<CallToolResult> {
  const structured = tool.outputSchema.parse(reply.structured);
  const content: Content[] = [{ type: 'text', text: JSON.stringify(structured) }];
  if (reply.qrCode) {
    try {
      content.push({ type: 'image', data: await qrCodePng(reply.qrCode), mimeType: 'image/png' });
    } catch (err) {
      onImageError(err);
    }
  }
  for (const resource of reply.resources ?? []) content.push({ type: 'resource', resource });
  return { content, structuredContent: structured };
}

/** A failed tool call as an `isError` result carrying our error code (never internals). */
export function toolFailure(error: AppError, requestId: string): CallToolResult {
  const structured: z.output<typeof toolErrorOutput> = {
    code: error.code,
    status: error.status,
    detail: error.message,
    requestId,
  };
  if (error.errors?.length) structured.errors = error.errors;
  const retryAfter = Number(error.headers['Retry-After']);
  if (Number.isFinite(retryAfter) && retryAfter > 0) structured.retryAfterSeconds = retryAfter;
  return {
    isError: true,
    content: [{ type: 'text', text: JSON.stringify(structured) }],
    structuredContent: structured,
  };
}
