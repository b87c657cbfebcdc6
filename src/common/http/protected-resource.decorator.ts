import { SetMetadata } from '@nestjs/common';

export const PROTECTED_RESOURCE = 'mcp-maax-cob:protected-resource';

/** What the AuthGuard needs to know of an OAuth-protected resource (RFC 9728, RFC 8707). */
export interface ProtectedResourceOptions {
  /** The resource's path (`/mcp`): OAuth access tokens carrying an `aud` must name `<base><path>`. */
  path: string;
  /** Its Protected Resource Metadata path: a 401 names it in `WWW-Authenticate: Bearer resource_metadata="…"`. */
  metadataPath: string;
}

/**
 * Marks a controller as an OAuth protected resource: a 401 points clients to its metadata (MCP authorization
 * discovery), and a token minted for another resource is refused (audience check).
 */
export const ProtectedResource = (options: ProtectedResourceOptions): ClassDecorator & MethodDecorator =>
  SetMetadata(PROTECTED_RESOURCE, options);
