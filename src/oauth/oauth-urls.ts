export { publicBaseUrl } from '../common/http/public-base-url';

/** The paths of the authorization server this gateway runs for its own /mcp resource. */
export const OAUTH_PATHS = {
  authorize: '/oauth/authorize',
  token: '/oauth/token',
  register: '/oauth/register',
  revoke: '/oauth/revoke',
  asMetadata: '/.well-known/oauth-authorization-server',
  prm: '/.well-known/oauth-protected-resource/mcp',
  mcp: '/mcp',
} as const;

/** The canonical URI of the MCP resource (RFC 8707 / MCP authorization): what OAuth access tokens are bound to. */
export function mcpResource(base: string): string {
  return `${base}${OAUTH_PATHS.mcp}`;
}
