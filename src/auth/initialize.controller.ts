import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { requestIdOf } from '../common/http/request-context';
import { InitializeService, InitializeResult } from './initialize.service';
import { Tenant, TenantContext } from './tenant-context';

@ApiTags('session')
@ApiBearerAuth()
@Controller('initialize')
export class InitializeController {
  constructor(@Inject(InitializeService) private readonly service: InitializeService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Open the token credentials and obtain (or reuse) the provider session.' })
  initialize(@Tenant() tenant: TenantContext, @Req() req: unknown): Promise<InitializeResult> {
    return this.service.initialize(tenant, requestIdOf(req));
  }
}
