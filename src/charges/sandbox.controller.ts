import { Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TenantContext } from '../auth/tenant-context';
import { Tenant } from '../auth/tenant-context';
import { requestIdOf } from '../common/http/request-context';
import { ApiProblemResponses } from '../docs/api-problem-responses.decorator';
import type { Charge } from '@lib/providers';
import { ChargesService } from './charges.service';
import { ChargeView } from './dto/charge.view';
import { ApiChargeIdParam } from './charge-api.docs';
import { ChargeOutcomeResponder } from './charge-outcome.responder';

@ApiTags('sandbox')
@ApiBearerAuth()
@Controller('v1/sandbox/charges')
export class SandboxController {
  constructor(
    @Inject(ChargesService) private readonly charges: ChargesService,
    @Inject(ChargeOutcomeResponder) private readonly responder: ChargeOutcomeResponder,
  ) {}

  @Post(':id/pay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sandbox only: simulate the payer paying a PENDING or OVERDUE charge in full.' })
  @ApiChargeIdParam('id')
  @ApiOkResponse({ type: ChargeView, description: 'The charge, now PAID.' })
  @ApiProblemResponses(
    'VALIDATION_ERROR',
    'INSUFFICIENT_SCOPE',
    'SANDBOX_ONLY',
    'CHARGE_NOT_FOUND',
    'CHARGE_NOT_PAYABLE',
    'PROVIDER_ERROR',
    'PROVIDER_TIMEOUT',
    'PROVIDER_UNAVAILABLE',
  )
  pay(
    @Tenant() tenant: TenantContext,
    @Param('id') id: string,
    @Req() req: unknown,
    @Res({ passthrough: true }) res: unknown,
  ): Promise<Charge> {
    return this.responder.send(res, this.charges.payInSandbox(tenant, id, { requestId: requestIdOf(req) }));
  }
}
