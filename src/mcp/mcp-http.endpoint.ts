import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { toNodeHandler, type NodeMcpRequestHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, type AuthInfo, type McpHttpHandler } from '@modelcontextprotocol/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { TenantContext } from '../auth/tenant-context';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { McpCall } from './mcp-call';
import { McpServerFactory } from './mcp-server.factory';

const METHOD = /^[A-Za-z0-9/_.-]{1,64}$/;

/** The JSON-RPC method of a POSTed message, for the log (never its params). */
function methodOf(body: unknown): string {
  if (Array.isArray(body)) return 'batch';
  const method = (body as { method?: unknown } | undefined)?.method;
  if (typeof method === 'string') return METHOD.test(method) ? method : 'invalid';
  return (body as { result?: unknown; error?: unknown } | undefined)?.result !== undefined ? 'response' : 'invalid';
}

/**
 * The SDK's dual-era, stateless Streamable HTTP handler, created once: it answers modern
 * (2026-07-28) requests and legacy `initialize`-era requests alike, building a fresh server per
 * request through McpServerFactory. Token verification happened before (the global AuthGuard);
 * the verified tenant travels to the tools in `authInfo.extra`.
 */
@Injectable()
export class McpHttpEndpoint implements OnModuleDestroy {
  private readonly handler: McpHttpHandler;
  private readonly node: NodeMcpRequestHandler;
  private readonly tools: Set<string>;

  constructor(
    @Inject(McpServerFactory) factory: McpServerFactory,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.tools = new Set(factory.toolNames);
    this.handler = createMcpHandler((ctx) => factory.create(ctx), {
      legacy: 'stateless',
      responseMode: 'auto',
      // Rejected requests (bad headers, unsupported versions) are answered by the SDK; note them.
      onerror: (err) =>
        this.logger.debug({ msg: 'mcp: request rejected', err: { name: err.name, message: err.message } }),
    });
    this.node = toNodeHandler(this.handler, {
      onerror: (err) =>
        this.logger.error({
          msg: 'mcp: handler failed',
          err: { name: err.name, message: err.message, stack: err.stack },
        }),
    });
  }

  /** Serves one POST /mcp on the raw Node objects, with the body the framework already parsed. */
  async serve(
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    tenant: TenantContext,
    requestId: string,
  ): Promise<void> {
    const started = process.hrtime.bigint();
    const call = new McpCall(tenant, requestId);
    // The raw token stays out: tools act through the verified tenant context carried by `call`.
    const auth: AuthInfo = { token: '', clientId: tenant.tenantId, scopes: [], expiresAt: tenant.exp, extra: { call } };
    (req as IncomingMessage & { auth?: AuthInfo }).auth = auth;
    const method = methodOf(body);
    call.method = method;
    if (method === 'tools/call') call.requestedTool = this.toolNameOf(body);
    try {
      await this.node(req, res, body);
    } finally {
      const tool = call.tool ?? call.requestedTool;
      this.logger.info({
        msg: 'mcp',
        requestId,
        tenantId: tenant.tenantId,
        era: call.era,
        method,
        tool,
        outcome: call.outcome,
        code: call.code,
        status: res.statusCode,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
      });
    }
  }

  /** A registered tool name, or 'unknown' (a client's arbitrary string never reaches the logs). */
  private toolNameOf(body: unknown): string {
    const name = (body as { params?: { name?: unknown } }).params?.name;
    return typeof name === 'string' && this.tools.has(name) ? name : 'unknown';
  }

  async onModuleDestroy(): Promise<void> {
    await this.handler.close();
  }
}
