import { Controller, Delete, Get, Inject, Post, Req, Res, Type } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { tenantOf } from '../auth/tenant-context';
import { AppError } from '../common/errors/app-error';
import { ProtectedResource } from '../common/http/protected-resource.decorator';
import { Public } from '../common/http/public.decorator';
import { rawRequest, requestIdOf } from '../common/http/request-context';
import { takeNodeResponse } from './mcp-http.edge';
import { McpHttpEndpoint } from './mcp-http.endpoint';
import type { McpToolExample } from './mcp-tool';
import { ApiMcpNotAllowed, ApiMcpPost } from './mcp.docs';

const POST_ONLY =
  'The MCP endpoint is stateless Streamable HTTP: POST one JSON-RPC message per request. It opens no SSE stream and keeps no sessions.';

/**
 * /mcp: the Model Context Protocol endpoint. POST goes through the same global guards as REST
 * (Bearer token on every request, per-tenant rate limit) before the SDK handler serves it. A class
 * made per McpModule.forRoot (Nest's mixin pattern) so its OpenAPI example calls one of the tools it
 * is given, which this folder does not know.
 */
export function mcpController(example: McpToolExample): Type<unknown> {
  @ApiTags('mcp')
  @ProtectedResource({ path: '/mcp', metadataPath: '/.well-known/oauth-protected-resource/mcp' })
  @Controller('mcp')
  class McpController {
    constructor(@Inject(McpHttpEndpoint) private readonly endpoint: McpHttpEndpoint) {}

    @Post()
    @ApiMcpPost(example)
    async post(@Req() req: unknown, @Res() res: unknown): Promise<void> {
      const tenant = tenantOf(req);
      if (!tenant) throw new AppError('AUTH_INVALID_TOKEN', 'A Bearer token is required.');
      const body = (req as { body?: unknown }).body;
      await this.endpoint.serve(rawRequest(req), takeNodeResponse(res), body, tenant, requestIdOf(req));
    }

    // GET (a legacy client asking for a server-sent event stream) and DELETE (ending a legacy
    // session) have nothing to act on here; they answer 405 whatever the token, revealing nothing.
    @Public()
    @Get()
    @ApiMcpNotAllowed('405: the endpoint opens no SSE stream (stateless).')
    get(): never {
      throw new AppError('METHOD_NOT_ALLOWED', POST_ONLY, { headers: { Allow: 'POST' } });
    }

    @Public()
    @Delete()
    @ApiMcpNotAllowed('405: there are no sessions to end (stateless).')
    delete(): never {
      throw new AppError('METHOD_NOT_ALLOWED', POST_ONLY, { headers: { Allow: 'POST' } });
    }
  }
  return McpController;
}
