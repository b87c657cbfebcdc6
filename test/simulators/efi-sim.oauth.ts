import { randomBytes } from 'node:crypto';
import type { EfiSimClient } from './efi.simulator';
import { pixError } from './efi-sim.validation';
import type { SimTokens } from './sim-oauth';
import type { SimReply, SimRequest } from './sim-server';

/*
 * The Efí simulators' OAuth, per CONTRACTS.md §1.4: both token endpoints take HTTP Basic + JSON {grant_type}
 * [READ]; the Cobranças token carries refresh_token and expire_at (string ms) [READ]; its 401 body
 * `{code:401, error:'unauthorized', error_description}` is [INFERRED]. The API Pix answers {nome, mensagem} and checks
 * the `<kind>.<read|write>` scope of every call.
 */

type Json = Record<string, unknown>;

/** The scopes every API Pix token is issued with. */
export const EFI_PIX_SCOPES = [
  'cob.read',
  'cob.write',
  'cobv.read',
  'cobv.write',
  'pix.read',
  'pix.write',
  'webhook.read',
  'webhook.write',
];

/** The client whose `clientId:clientSecret` the HTTP Basic header carries, if any. */
export function basicClient(r: SimRequest, clients: EfiSimClient[]): EfiSimClient | undefined {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(String(r.headers.authorization ?? ''));
  if (!m) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  return clients.find((c) => c.clientId === text.slice(0, i) && c.clientSecret === text.slice(i + 1));
}

const unauthorized = (description: string): SimReply => ({
  status: 401,
  body: { code: 401, error: 'unauthorized', error_description: description },
});

/** POST /v1/authorize of the API Cobranças: a bearer token with its refresh_token and expire_at. */
export function efiChargesToken(r: SimRequest, tokens: SimTokens, clients: EfiSimClient[]): SimReply {
  tokens.requests++;
  const client = basicClient(r, clients);
  if (!client) return unauthorized('Credenciais inválidas ou inativas');
  if ((r.body as Json | undefined)?.grant_type !== 'client_credentials')
    return {
      status: 400,
      body: { code: 400, error: 'invalid_grant', error_description: 'grant_type deve ser client_credentials' },
    };
  const { token, expiresIn } = tokens.issue(client.clientId, [], 'jwt-like');
  return {
    status: 200,
    body: {
      access_token: token,
      refresh_token: `eyJhbGciOiJIUzI1NiJ9.${randomBytes(24).toString('base64url')}`,
      expires_in: expiresIn,
      expire_at: String(Date.now() + expiresIn * 1000),
      token_type: 'Bearer',
    },
  };
}

/** The API Cobranças bearer check: `fn` runs with the token's client, or a 401 is answered. */
export function efiChargesAuthed(
  r: SimRequest,
  tokens: SimTokens,
  clients: EfiSimClient[],
  fn: (c: EfiSimClient) => SimReply,
): SimReply {
  const check = tokens.check(r.headers.authorization);
  if (!check.ok) return unauthorized(check.reason === 'expired' ? 'Token expirado' : 'Token inválido');
  return fn(clients.find((c) => c.clientId === check.clientId) as EfiSimClient);
}

/** POST /oauth/token of the API Pix: a bearer token with every scope of EFI_PIX_SCOPES. */
export function efiPixToken(r: SimRequest, tokens: SimTokens, clients: EfiSimClient[]): SimReply {
  tokens.requests++;
  const client = basicClient(r, clients);
  if (!client) return { status: 401, body: { nome: 'invalid_client', mensagem: 'Credenciais inválidas ou inativas' } };
  if ((r.body as Json | undefined)?.grant_type !== 'client_credentials')
    return { status: 400, body: { nome: 'invalid_grant', mensagem: 'grant_type deve ser client_credentials' } };
  const { token, expiresIn } = tokens.issue(client.clientId, EFI_PIX_SCOPES, 'jwt-like');
  return {
    status: 200,
    body: { access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: EFI_PIX_SCOPES.join(' ') },
  };
}

/** The API Pix bearer and `<kind>.<mode>` scope check: `fn` runs with the token's client, or a 401/403 is answered. */
export function efiPixAuthed(
  r: SimRequest,
  tokens: SimTokens,
  clients: EfiSimClient[],
  kind: 'cob' | 'cobv' | 'pix',
  mode: 'read' | 'write',
  fn: (c: EfiSimClient) => SimReply | Promise<SimReply>,
): SimReply | Promise<SimReply> {
  const check = tokens.check(r.headers.authorization);
  if (!check.ok) return { status: 401, body: { nome: 'nao_autorizado', mensagem: 'Token inválido ou expirado' } };
  if (!check.scopes.has(`${kind}.${mode}`))
    return pixError(
      kind === 'pix' ? 'cob' : kind,
      403,
      'acesso_negado',
      `Requer autorização para o escopo: ${kind}.${mode}`,
    );
  return fn(clients.find((c) => c.clientId === check.clientId) as EfiSimClient);
}
