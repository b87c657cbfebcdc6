import type { TenantContext } from '../auth/tenant-context';
import type { ErrorCode } from '../common/errors/error-catalogue';
import type { McpToolCall } from './mcp-tool';

/**
 * The facts of one POST /mcp: who calls (from the AuthGuard) and, filled in while it is served,
 * what ran and how it ended, for the one log line the endpoint writes per call.
 */
export class McpCall implements McpToolCall {
  era?: 'legacy' | 'modern';
  /** The JSON-RPC method of the POSTed message (one message per POST: the endpoint is stateless). */
  method?: string;
  /** The registered tool a tools/call names, or 'unknown' (set before the server is built). */
  requestedTool?: string;
  /** The tool that ran. */
  tool?: string;
  outcome?: 'ok' | 'error';
  code?: ErrorCode;

  constructor(
    readonly tenant: TenantContext,
    readonly requestId: string,
  ) {}
}
