import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { TenantContext } from '../auth/tenant-context';
import { Tenant } from '../auth/tenant-context';
import { requestIdOf } from '../common/http/request-context';
import { ApiProblemResponses } from '../docs/api-problem-responses.decorator';
import { ChargesService } from './charges.service';
import { ChargeListView } from './dto/charge-list.view';
import type { ChargeListResponse } from './listing/charge-listing.service';

const DATE = { type: 'string', format: 'date' } as const;
const dateQuery = (name: string, description: string) =>
  ApiQuery({ name, required: false, schema: DATE, description: `${description} (YYYY-MM-DD, America/Sao_Paulo).` });

/** GET /v1/charges: the tenant's charges at its provider, filtered, one page at a time. */
@ApiTags('charges')
@ApiBearerAuth()
@Controller('v1/charges')
export class ChargeListingController {
  constructor(
    @Inject(ChargesService) private readonly charges: ChargesService,
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List and search your charges, newest first (at providers with the `list` capability).',
    description:
      'Filters combine (all must hold). Pages hold at most `limit` charges and may hold fewer while `hasMore` is true; ' +
      'pass `nextCursor` as `cursor` with the same filters for the next page. Not cached.',
  })
  @ApiQuery({
    name: 'status',
    required: false,
    description: 'One or more statuses: repeat the parameter or separate with commas (`PAID,REFUNDED`).',
    schema: { type: 'string', example: 'PENDING,OVERDUE' },
  })
  @ApiQuery({ name: 'type', required: false, enum: ['boleto', 'pix', 'bolepix'] })
  @dateQuery('createdFrom', 'Created on or after this day')
  @dateQuery('createdTo', 'Created on or before this day')
  @dateQuery('dueFrom', 'Due on or after this day')
  @dateQuery('dueTo', 'Due on or before this day')
  @dateQuery('paidFrom', 'Paid on or after this day')
  @dateQuery('paidTo', 'Paid on or before this day')
  @ApiQuery({ name: 'externalId', required: false, schema: { type: 'string', maxLength: 64 } })
  @ApiQuery({ name: 'payerDocument', required: false, description: 'CPF or CNPJ; punctuation is ignored.' })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 20, example: 5 },
  })
  @ApiQuery({ name: 'cursor', required: false, description: 'The `nextCursor` of the previous page.' })
  @ApiOkResponse({ type: ChargeListView })
  @ApiProblemResponses(
    'VALIDATION_ERROR',
    'INSUFFICIENT_SCOPE',
    'UNSUPPORTED_OPERATION',
    'PROVIDER_ERROR',
    'PROVIDER_TIMEOUT',
    'PROVIDER_UNAVAILABLE',
  )
  async list(
    @Tenant() tenant: TenantContext,
    @Query() query: Record<string, unknown>,
    @Req() req: unknown,
    @Res({ passthrough: true }) res: unknown,
  ): Promise<ChargeListResponse> {
    const page = await this.charges.list(tenant, { ...query }, { requestId: requestIdOf(req) });
    this.host.httpAdapter.setHeader(res, 'Cache-Control', 'no-store');
    return page;
  }
}
