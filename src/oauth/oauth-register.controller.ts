import { Body, Controller, Header, HttpCode, Inject, Post, UseFilters } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/http/public.decorator';
import { OAuthClients } from './oauth-clients.service';
import { OAuthErrorFilter } from './oauth-error';
import { OAuthEvents } from './oauth-events';

/** POST /oauth/register: RFC 7591 dynamic client registration, public clients, nothing stored. */
@ApiTags('oauth')
@Public()
@UseFilters(OAuthErrorFilter)
@Controller('oauth')
export class OAuthRegisterController {
  constructor(
    @Inject(OAuthClients) private readonly clients: OAuthClients,
    @Inject(OAuthEvents) private readonly events: OAuthEvents,
  ) {}

  @Post('register')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'RFC 7591 dynamic client registration (public clients): the client_id returned is the sealed registration itself.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['redirect_uris'],
      properties: {
        redirect_uris: { type: 'array', items: { type: 'string' } },
        client_name: { type: 'string' },
        grant_types: { type: 'array', items: { type: 'string', enum: ['authorization_code', 'refresh_token'] } },
        response_types: { type: 'array', items: { type: 'string', enum: ['code'] } },
        token_endpoint_auth_method: { type: 'string', enum: ['none'] },
      },
    },
  })
  @ApiCreatedResponse({ description: 'RFC 7591 §3.2.1 client information response.' })
  register(@Body() body: unknown): Record<string, unknown> {
    const registered = this.clients.register(body);
    this.events.record('client_registered', {
      redirectHosts: (registered.redirect_uris as string[]).map((u) => new URL(u).host).join(','),
    });
    return registered;
  }
}
