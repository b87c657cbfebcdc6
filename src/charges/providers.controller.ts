import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChargesService, ProviderInfo } from './charges.service';
import { ProviderInfoView } from './dto/charge.view';

@ApiTags('providers')
@ApiBearerAuth()
@Controller('v1/providers')
export class ProvidersController {
  constructor(@Inject(ChargesService) private readonly charges: ChargesService) {}

  @Get()
  @ApiOperation({ summary: 'List the registered providers and what each supports (any valid token).' })
  @ApiOkResponse({ type: ProviderInfoView, isArray: true })
  list(): ProviderInfo[] {
    return this.charges.listProviders();
  }
}
