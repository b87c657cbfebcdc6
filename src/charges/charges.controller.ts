import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TenantContext } from '../auth/tenant-context';
import { requireTenant, Tenant } from '../auth/tenant-context';
import { requestIdOf } from '../common/http/request-context';
import { ApiProblemResponses } from '../docs/api-problem-responses.decorator';
import type { Charge } from '@lib/providers';
import { ChargesService } from './charges.service';
import { ChargeView } from './dto/charge.view';
import { CreateChargeDto } from './dto/create-charge.dto';
import { CREATE_CHARGE_EXAMPLES } from './dto/charge.examples';
import { ApiChargeIdParam, ApiIdempotencyKey, REPLAYED_HEADER, X_CACHE_HEADER } from './charge-api.docs';
import { ChargeOutcomeResponder } from './charge-outcome.responder';

/** REST adapter over ChargesService: parse, call, and let the responder shape the answer. */
@ApiTags('charges')
@ApiBearerAuth()
@Controller('v1/charges')
export class ChargesController {
  constructor(
    @Inject(ChargesService) private readonly charges: ChargesService,
    @Inject(ChargeOutcomeResponder) private readonly responder: ChargeOutcomeResponder,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: "Create a charge (boleto, pix or bolepix) at the token's provider." })
  @ApiIdempotencyKey()
  @ApiBody({ type: CreateChargeDto, examples: CREATE_CHARGE_EXAMPLES })
  @ApiCreatedResponse({
    type: ChargeView,
    description: 'The charge, with its boleto lines and/or Pix BR Code.',
    headers: REPLAYED_HEADER,
  })
  @ApiProblemResponses(
    'INSUFFICIENT_SCOPE',
    'AMOUNT_LIMIT_EXCEEDED',
    'UNSUPPORTED_CHARGE_TYPE',
    'IDEMPOTENCY_IN_PROGRESS',
    'IDEMPOTENCY_KEY_REUSED',
    'IDEMPOTENCY_UNAVAILABLE',
    'PROVIDER_ERROR',
    'PROVIDER_TIMEOUT',
    'PROVIDER_UNAVAILABLE',
  )
  create(
    @Tenant() tenant: TenantContext,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: unknown,
    @Res({ passthrough: true }) res: unknown,
  ): Promise<Charge> {
    return this.responder.send(res, this.charges.create(tenant, body, { idempotencyKey, requestId: requestIdOf(req) }));
  }

  @Get(':provider_charge_id')
  @ApiOperation({ summary: 'Read a charge (from the tenant cache when meta.cacheEnabled).' })
  @ApiChargeIdParam()
  @ApiOkResponse({ type: ChargeView, headers: X_CACHE_HEADER })
  @ApiProblemResponses(
    'VALIDATION_ERROR',
    'INSUFFICIENT_SCOPE',
    'CHARGE_NOT_FOUND',
    'PROVIDER_ERROR',
    'PROVIDER_TIMEOUT',
    'PROVIDER_UNAVAILABLE',
  )
  get(@Req() req: { params: Record<string, string> }, @Res({ passthrough: true }) res: unknown): Promise<Charge> {
    // The hottest route takes the tenant (set by the AuthGuard) and the id (validated by the service)
    // straight from the request: parameter decorators would add pipe passes on every read.
    return this.responder.send(
      res,
      this.charges.get(requireTenant(req), req.params.provider_charge_id, { requestId: requestIdOf(req) }),
    );
  }

  @Post(':provider_charge_id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a charge (PROCESSING, PENDING or OVERDUE); cancelling a cancelled charge answers it as is.',
  })
  @ApiChargeIdParam()
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: ChargeView, headers: REPLAYED_HEADER })
  @ApiProblemResponses(
    'VALIDATION_ERROR',
    'INSUFFICIENT_SCOPE',
    'CHARGE_NOT_FOUND',
    'CHARGE_NOT_CANCELLABLE',
    'IDEMPOTENCY_IN_PROGRESS',
    'IDEMPOTENCY_KEY_REUSED',
    'PROVIDER_ERROR',
    'PROVIDER_TIMEOUT',
    'PROVIDER_UNAVAILABLE',
  )
  cancel(
    @Tenant() tenant: TenantContext,
    @Param('provider_charge_id') id: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: unknown,
    @Res({ passthrough: true }) res: unknown,
  ): Promise<Charge> {
    return this.responder.send(res, this.charges.cancel(tenant, id, { idempotencyKey, requestId: requestIdOf(req) }));
  }
}
