import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TOKEN_SCOPES } from '../auth/token-claims';
import { Public } from '../common/http/public.decorator';
import { rawRequest } from '../common/http/request-context';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';
import { mcpResource, OAUTH_PATHS, publicBaseUrl } from './oauth-urls';

/** The scopes clients may ask for (webhooks:manage only once that feature exists). */
export const OFFERED_SCOPES = TOKEN_SCOPES.filter((s) => s !== 'webhooks:manage');

/**
 * Discovery documents: RFC 9728 Protected Resource Metadata of /mcp (path-aware, where the MCP authorization spec has
 * clients look first) and RFC 8414 Authorization Server Metadata of the gateway's own authorization server.
 */
@ApiTags('oauth')
@Public()
@Controller()
export class OAuthMetadataController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get(OAUTH_PATHS.prm)
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'RFC 9728 Protected Resource Metadata of the MCP endpoint.' })
  @ApiOkResponse({ description: 'resource, authorization_servers, scopes_supported, bearer_methods_supported.' })
  protectedResource(@Req() req: unknown): Record<string, unknown> {
    const base = publicBaseUrl(this.config, rawRequest(req));
    return {
      resource: mcpResource(base),
      authorization_servers: [base],
      scopes_supported: OFFERED_SCOPES,
      bearer_methods_supported: ['header'],
      resource_name: 'MCP MAAX COB charges gateway',
      resource_documentation: `${base}/docs`,
    };
  }

  @Get(OAUTH_PATHS.asMetadata)
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'RFC 8414 Authorization Server Metadata.' })
  @ApiOkResponse({ description: 'issuer, the endpoints, PKCE S256, public clients, Client ID Metadata Documents.' })
  authorizationServer(@Req() req: unknown): Record<string, unknown> {
    const base = publicBaseUrl(this.config, rawRequest(req));
    return {
      issuer: base,
      authorization_endpoint: `${base}${OAUTH_PATHS.authorize}`,
      token_endpoint: `${base}${OAUTH_PATHS.token}`,
      registration_endpoint: `${base}${OAUTH_PATHS.register}`,
      revocation_endpoint: `${base}${OAUTH_PATHS.revoke}`,
      scopes_supported: OFFERED_SCOPES,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      revocation_endpoint_auth_methods_supported: ['none'],
      client_id_metadata_document_supported: true,
      authorization_response_iss_parameter_supported: true,
      ui_locales_supported: ['pt-BR', 'en'],
    };
  }
}
