import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiResponse } from '@nestjs/swagger';

type FormSpec = {
  required: string[];
  properties: Record<string, { type: 'string'; description: string; enum?: string[] }>;
};

export const TOKEN_FORM: FormSpec = {
  required: ['grant_type'],
  properties: {
    grant_type: { type: 'string', enum: ['authorization_code', 'refresh_token'], description: 'The grant.' },
    code: { type: 'string', description: 'authorization_code: the code the sign-in page redirected with.' },
    redirect_uri: { type: 'string', description: 'authorization_code: exactly the one of the authorization request.' },
    code_verifier: { type: 'string', description: 'authorization_code: the PKCE verifier (S256).' },
    refresh_token: { type: 'string', description: 'refresh_token: the refresh token (rotated: use the new one next).' },
    client_id: { type: 'string', description: 'The client the code or refresh token was issued to (public clients).' },
    resource: { type: 'string', description: 'RFC 8707: the MCP resource (`<base>/mcp`) the token is for.' },
    scope: { type: 'string', description: 'refresh_token: optionally fewer scopes than granted.' },
  },
};

export const REVOKE_FORM: FormSpec = {
  required: ['token'],
  properties: {
    token: { type: 'string', description: 'A refresh token: its whole family is revoked.' },
    token_type_hint: { type: 'string', description: 'Ignored (RFC 7009 §2.1 allows it).' },
    client_id: { type: 'string', description: 'The client the token was issued to (public clients).' },
  },
};

const OAUTH_ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string' }, error_description: { type: 'string' } },
};

/** A form-encoded OAuth body and the RFC 6749 §5.2 error answers. */
export function ApiOAuthForm(form: FormSpec): MethodDecorator {
  return applyDecorators(
    ApiBody({ schema: { type: 'object', ...form } }),
    ApiResponse({
      status: 400,
      description:
        'RFC 6749 §5.2 error: invalid_request, invalid_grant, invalid_scope, invalid_target, unsupported_grant_type.',
      content: { 'application/json': { schema: OAUTH_ERROR_SCHEMA } },
    }),
    ApiResponse({
      status: 401,
      description: 'invalid_client: the client is not the one the token or code was issued to.',
      content: { 'application/json': { schema: OAUTH_ERROR_SCHEMA } },
    }),
  );
}
