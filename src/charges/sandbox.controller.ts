import { Controller, HttpCode, Inject, Param, Post, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TenantContext } from '../auth/tenant-context';
import { Tenant } from '../auth/tenant-context';
import { requestIdOf } from '../common/http/request-context';
import { ApiProblemResponses } from '../docs/api-problem-responses.decorator';
import type { ChargeOutcome } from './charge-outcome';
import { ChargesService } from './charges.service';
import { ChargeView } from './dto/charge.view';
import { ApiChargeIdParam } from './charge-api.docs';
import { ChargeOutcomeInterceptor } from './charge-outcome.interceptor';

@ApiTags('sandbox')
@ApiBearerAuth()
@Controller('v1/sandbox/charges')
@UseInterceptors(ChargeOutcomeInterceptor)
export class SandboxController {
  constructor(@Inject(ChargesService) private readonly charges: ChargesService) {}

  @Post(':id/pay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sandbox only: simulate the payer paying a PENDING or OVERDUE charge in full.' })
  @ApiChargeIdParam('id')
  @ApiOkResponse({ type: ChargeView, description: 'The charge, now PAID.' })
  @ApiProblemResponses('VALIDATION_ERROR', 'SANDBOX_ONLY', 'CHARGE_NOT_FOUND', 'CHARGE_NOT_PAYABLE', 'PROVIDER_ERROR', 'PROVIDER_TIMEOUT', 'PROVIDER_UNAVAILABLE')
  pay(@Tenant() tenant: TenantContext, @Param('id') id: string, @Req() req: unknown): Promise<ChargeOutcome> {
    return this.charges.payInSandbox(tenant, id, { requestId: requestIdOf(req) });
  }
}
