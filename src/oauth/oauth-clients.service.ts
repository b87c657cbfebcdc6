import { Inject, Injectable } from '@nestjs/common';
import { EnvelopeCipher } from '../auth/envelope';
import { ClientMetadataError, ClientMetadataFetcher } from './client-metadata.fetcher';
import { OAuthError } from './oauth-error';

/** A client as the authorization server knows it (nothing stored: sealed in its id, or fetched from its URL). */
export interface OAuthClient {
  clientId: string;
  name: string;
  redirectUris: string[];
  kind: 'metadata-document' | 'registered';
}

const PREFIX = 'dcr.';
const MAX_REDIRECTS = 10;

/** A registration refused by RFC 7591 §3.2.2 (invalid_redirect_uri, invalid_client_metadata). */
function badMetadata(error: 'invalid_redirect_uri' | 'invalid_client_metadata', description: string): OAuthError {
  return new OAuthError(error, description);
}

/**
 * Redirect URIs we accept: https, or http on a loopback host (native apps, RFC 8252 §7.3), or a private-use scheme
 * (`com.example.app:/cb`, RFC 8252 §7.1); never a fragment, never credentials.
 */
export function redirectUriProblem(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || uri.length > 2048 || !URL.canParse(uri)) return 'must be an absolute URI';
  const u = new URL(uri);
  if (u.hash || uri.includes('#')) return 'must not have a fragment';
  if (u.username || u.password) return 'must not carry credentials';
  if (u.protocol === 'https:') return undefined;
  if (u.protocol === 'http:')
    return ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname) ? undefined : 'http is for loopback hosts only';
  if (/^(javascript|data|file|vbscript|blob|about|ftp|ws|wss):$/.test(u.protocol)) return 'this scheme is not allowed';
  return u.protocol.includes('.')
    ? undefined
    : 'a private-use scheme must be a reversed domain name (com.example.app:)';
}

function clientName(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 100) : fallback;
}

function redirectUris(value: unknown, fail: (d: string) => OAuthError): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_REDIRECTS)
    throw fail(`redirect_uris must list 1 to ${MAX_REDIRECTS} URIs`);
  for (const uri of value) {
    const problem = redirectUriProblem(uri);
    if (problem) throw fail(`redirect_uri ${JSON.stringify(String(uri).slice(0, 100))} ${problem}`);
  }
  return value as string[];
}

/** Client registration without a database: RFC 7591 ids that are sealed registrations, and metadata documents. */
@Injectable()
export class OAuthClients {
  constructor(
    @Inject(EnvelopeCipher) private readonly cipher: EnvelopeCipher,
    @Inject(ClientMetadataFetcher) private readonly fetcher: ClientMetadataFetcher,
  ) {}

  /** RFC 7591 §3: the client_id is the registration itself, sealed (AES-GCM: tamper-proof), so any replica reads it. */
  register(body: unknown): Record<string, unknown> {
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw badMetadata('invalid_client_metadata', 'the registration must be a JSON object');
    const m = body as Record<string, unknown>;
    const uris = redirectUris(m.redirect_uris, (d) => badMetadata('invalid_redirect_uri', d));
    const grants = m.grant_types ?? ['authorization_code', 'refresh_token'];
    if (!Array.isArray(grants) || grants.some((g) => g !== 'authorization_code' && g !== 'refresh_token'))
      throw badMetadata('invalid_client_metadata', 'grant_types may only be authorization_code and refresh_token');
    const responseTypes = m.response_types ?? ['code'];
    if (!Array.isArray(responseTypes) || responseTypes.some((r) => r !== 'code'))
      throw badMetadata('invalid_client_metadata', 'response_types may only be code');
    const name = clientName(m.client_name, new URL(uris[0]).host || 'MCP client');
    const issuedAt = Math.floor(Date.now() / 1000);
    const clientId =
      PREFIX + this.cipher.seal(JSON.stringify({ v: 1, n: name, r: uris, iat: issuedAt }), 'oauth-client');
    return {
      client_id: clientId,
      client_id_issued_at: issuedAt,
      client_name: name,
      redirect_uris: uris,
      grant_types: grants,
      response_types: ['code'],
      // Public clients only: PKCE protects the code, and there is no secret to store anywhere.
      token_endpoint_auth_method: 'none',
    };
  }

  /** The client a client_id names; throws OAuthError invalid_client (shown on the sign-in page, never redirected). */
  async resolve(clientId: string): Promise<OAuthClient> {
    if (clientId.startsWith(PREFIX)) {
      try {
        const r = JSON.parse(this.cipher.open(clientId.slice(PREFIX.length), 'oauth-client')) as {
          n: string;
          r: string[];
        };
        return { clientId, name: r.n, redirectUris: r.r, kind: 'registered' };
      } catch {
        throw new OAuthError(
          'invalid_client',
          'the client_id is not one this server registered (or its key was rotated away)',
        );
      }
    }
    if (!clientId.startsWith('https:'))
      throw new OAuthError(
        'invalid_client',
        'unknown client_id: register the client, or use an https metadata-document URL',
      );
    let doc: Record<string, unknown>;
    try {
      doc = await this.fetcher.fetch(clientId);
    } catch (err) {
      throw new OAuthError(
        'invalid_client',
        err instanceof ClientMetadataError ? err.message : 'the client metadata document could not be read',
      );
    }
    if (doc.client_id !== clientId)
      throw new OAuthError('invalid_client', 'the client metadata document names another client_id');
    if (doc.token_endpoint_auth_method !== undefined && doc.token_endpoint_auth_method !== 'none')
      throw new OAuthError('invalid_client', 'only public clients (token_endpoint_auth_method none) are supported');
    const uris = redirectUris(doc.redirect_uris, (d) => new OAuthError('invalid_client', `client metadata: ${d}`));
    return {
      clientId,
      name: clientName(doc.client_name, new URL(clientId).host),
      redirectUris: uris,
      kind: 'metadata-document',
    };
  }
}
