import { Inject, Injectable } from '@nestjs/common';
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { Logger } from 'pino';
import { toAppError } from '../common/http/problem.filter';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppMetrics } from '../metrics/app-metrics';
import type { McpCall } from './mcp-call';
import { toolFailure, toolSuccess } from './mcp-result.mapper';
import type { McpTool } from './mcp-tool';

/**
 * Runs one tool call: times and counts it, shapes the result, and turns any failure into an
 * `isError` result with our error code (the MCP counterpart of the HTTP problem filter).
 */
@Injectable()
export class McpToolRunner {
  constructor(
    @Inject(AppMetrics) private readonly metrics: AppMetrics,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async run(tool: McpTool, args: Record<string, unknown>, call: McpCall): Promise<CallToolResult> {
    const started = process.hrtime.bigint();
    call.tool = tool.name;
    call.outcome = 'error';
    try {
      const reply = await tool.run(args, call);
      const result = await toolSuccess(tool, reply, (err) =>
        this.logger.warn({
          msg: 'mcp: QR code image could not be rendered',
          requestId: call.requestId,
          tool: tool.name,
          err: { name: (err as Error)?.name },
        }),
      );
      call.outcome = 'ok';
      return result;
    } catch (err) {
      const error = toAppError(err);
      call.code = error.code;
      if (error.status >= 500) {
        const cause = (error.cause ?? err) as Error;
        this.logger.error({
          msg: 'mcp tool failed',
          requestId: call.requestId,
          tool: tool.name,
          code: error.code,
          err: { name: cause?.name, message: cause?.message, stack: cause?.stack },
        });
      }
      return toolFailure(error, call.requestId);
    } finally {
      this.metrics.mcpToolCall(tool.name, call.outcome, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }
}
