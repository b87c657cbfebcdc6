import { Body, Controller, Header, HttpCode, Inject, Post, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EnvelopeCipher } from '../auth/envelope';
import { Public } from '../common/http/public.decorator';
import { openCode } from './authorization-code';
import { OAuthError, OAuthErrorFilter, param } from './oauth-error';
import { OAuthEvents } from './oauth-events';
import { OAuthGrants, TokenResponse } from './oauth-grants.service';
import { ApiOAuthForm, TOKEN_FORM, REVOKE_FORM } from './oauth.docs';

/** POST /oauth/token (authorization_code with PKCE, refresh_token with rotation) and POST /oauth/revoke (RFC 7009). */
@ApiTags('oauth')
@Public()
@UseFilters(OAuthErrorFilter)
@Controller('oauth')
export class OAuthTokenController {
  constructor(
    @Inject(OAuthGrants) private readonly grants: OAuthGrants,
    @Inject(EnvelopeCipher) private readonly cipher: EnvelopeCipher,
    @Inject(OAuthEvents) private readonly events: OAuthEvents,
  ) {}

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({
    summary:
      'OAuth 2.1 token endpoint: exchange an authorization code (PKCE S256) or a refresh token (rotated on each use) for an access token.',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOAuthForm(TOKEN_FORM)
  @ApiOkResponse({
    description: 'RFC 6749 §5.1 token response: access_token, token_type, expires_in, refresh_token, scope.',
  })
  async token(@Body() body: unknown): Promise<TokenResponse> {
    const grantType = param(body, 'grant_type', true);
    const clientId = param(body, 'client_id');
    const resource = param(body, 'resource');
    if (grantType === 'refresh_token') {
      return this.grants.refresh(param(body, 'refresh_token', true)!, {
        clientId,
        scope: param(body, 'scope'),
        resource,
      });
    }
    if (grantType === 'authorization_code') {
      const code = openCode(this.cipher, param(body, 'code', true)!, {
        clientId,
        redirectUri: param(body, 'redirect_uri'),
        verifier: param(body, 'code_verifier'),
        resource,
      });
      const ttlMs = (code.notAfter - Math.floor(Date.now() / 1000)) * 1000;
      if (!(await this.grants.markOnce(`code:${code.jti}`, 120_000))) {
        // A replayed code: the refresh-token family it obtained is revoked (OAuth 2.1 §4.1.2).
        await this.grants.revokeFamily(code.fam, ttlMs);
        this.events.record('refresh_reuse_detected', {
          tenantId: code.grant.tenantId,
          family: code.fam,
          reason: 'code',
        });
        throw new OAuthError('invalid_grant', 'the authorization code was already used');
      }
      const family = {
        ...this.grants.newFamily(code.grant, { aud: code.resource, cid: code.cid, notAfter: code.notAfter }),
        fam: code.fam,
        ...(code.pfam !== undefined ? { pfam: code.pfam } : {}),
      };
      const response = this.grants.respond(family);
      this.events.record('code_exchanged', {
        tenantId: code.grant.tenantId,
        client: clientHost(code.cid),
        family: code.fam,
      });
      return response;
    }
    throw new OAuthError('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  }

  @Post('revoke')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'RFC 7009 revocation: revokes the whole family of a refresh token (200 for any token).' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOAuthForm(REVOKE_FORM)
  @ApiOkResponse({ description: 'Revoked, or nothing to revoke (an unknown or access token): always 200.' })
  async revoke(@Body() body: unknown): Promise<Record<string, never>> {
    await this.grants.revoke(param(body, 'token', true)!, param(body, 'client_id'));
    return {};
  }
}

/** A client id as a log field: the host of a metadata-document URL, or "dcr" for a registered one. */
export function clientHost(clientId: string): string {
  return URL.canParse(clientId) ? new URL(clientId).host : 'dcr';
}
