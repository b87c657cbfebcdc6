import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Charge } from '@lib/providers';
import type { TenantContext } from '../auth/tenant-context';
import { Tenant } from '../auth/tenant-context';
import { requestIdOf } from '../common/http/request-context';
import { ApiProblemResponses } from '../docs/api-problem-responses.decorator';
import { ApiChargeIdParam, ApiIdempotencyKey, REPLAYED_HEADER } from './charge-api.docs';
import { ChargeOutcomeResponder } from './charge-outcome.responder';
import { ChargesService } from './charges.service';
import { ChargeView } from './dto/charge.view';
import { RefundChargeDto } from './dto/refund-charge.dto';

/** POST /v1/charges/:id/refunds: gives back all or part of a paid charge. */
@ApiTags('charges')
@ApiBearerAuth()
@Controller('v1/charges')
export class ChargeRefundsController {
  constructor(
    @Inject(ChargesService) private readonly charges: ChargesService,
    @Inject(ChargeOutcomeResponder) private readonly responder: ChargeOutcomeResponder,
  ) {}

  @Post(':provider_charge_id/refunds')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Refund a paid charge, in full or in part (Pix devolução or the bank equivalent). Needs charges:cancel.',
    description:
      'Without `amount`, refunds all that is left. The charge answers with `refunds` and `refundedAmount`; once ' +
      'nothing is left it is REFUNDED. Send an Idempotency-Key: a retry with it never refunds twice.',
  })
  @ApiChargeIdParam()
  @ApiIdempotencyKey()
  @ApiBody({
    type: RefundChargeDto,
    required: false,
    examples: {
      partial: { summary: 'Refund R$ 50,00', value: { amount: 5000, reason: 'Produto devolvido' } },
      full: { summary: 'Refund all that is left', value: {} },
    },
  })
  @ApiCreatedResponse({ type: ChargeView, description: 'The charge with its refunds.', headers: REPLAYED_HEADER })
  @ApiProblemResponses(
    'VALIDATION_ERROR',
    'INSUFFICIENT_SCOPE',
    'CHARGE_NOT_FOUND',
    'CHARGE_NOT_REFUNDABLE',
    'REFUND_EXCEEDS_PAID',
    'UNSUPPORTED_OPERATION',
    'IDEMPOTENCY_IN_PROGRESS',
    'IDEMPOTENCY_KEY_REUSED',
    'IDEMPOTENCY_UNAVAILABLE',
    'PROVIDER_ERROR',
    'PROVIDER_TIMEOUT',
    'PROVIDER_UNAVAILABLE',
  )
  refund(
    @Tenant() tenant: TenantContext,
    @Param('provider_charge_id') id: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: unknown,
    @Res({ passthrough: true }) res: unknown,
  ): Promise<Charge> {
    return this.responder.send(
      res,
      this.charges.refund(tenant, id, body, { idempotencyKey, requestId: requestIdOf(req) }),
    );
  }
}
