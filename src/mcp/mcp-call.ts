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
  tool?: string;
  outcome?: 'ok' | 'error';
  code?: ErrorCode;

  constructor(
    readonly tenant: TenantContext,
    readonly requestId: string,
  ) {}
}
