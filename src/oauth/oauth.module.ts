import { Module } from '@nestjs/common';
import { AuthorizeController } from './authorize.controller';
import { ClientMetadataFetcher } from './client-metadata.fetcher';
import { OAuthClients } from './oauth-clients.service';
import { OAuthErrorFilter } from './oauth-error';
import { OAuthEvents } from './oauth-events';
import { OAuthGrants } from './oauth-grants.service';
import { OAuthMetadataController } from './oauth-metadata.controller';
import { OAuthRegisterController } from './oauth-register.controller';
import { OAuthTokenController } from './oauth-token.controller';
import { SignInCredentials } from './sign-in-credential';

/**
 * The gateway's own OAuth 2.1 authorization server for its /mcp resource, without a database: discovery documents,
 * the sign-in page, the token and revocation endpoints and client registration. Its only state is "used" and
 * "revoked" marks in the KV store.
 */
@Module({
  controllers: [OAuthMetadataController, AuthorizeController, OAuthTokenController, OAuthRegisterController],
  providers: [OAuthEvents, OAuthGrants, OAuthClients, ClientMetadataFetcher, SignInCredentials, OAuthErrorFilter],
})
export class OAuthModule {}
