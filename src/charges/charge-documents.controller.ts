import { Controller, Get, Inject, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { TenantContext } from '../auth/tenant-context';
import { Tenant } from '../auth/tenant-context';
import { requestIdOf } from '../common/http/request-context';
import { ApiProblemResponses } from '../docs/api-problem-responses.decorator';
import { ApiChargeIdParam } from './charge-api.docs';
import { ChargeDocument, ChargeDocumentsService, QR_SIZE } from './charge-documents.service';

const READ_ERRORS = [
  'VALIDATION_ERROR',
  'INSUFFICIENT_SCOPE',
  'CHARGE_NOT_FOUND',
  'UNSUPPORTED_OPERATION',
  'PROVIDER_ERROR',
  'PROVIDER_TIMEOUT',
  'PROVIDER_UNAVAILABLE',
] as const;

const ApiQrSize = () =>
  ApiQuery({
    name: 'size',
    required: false,
    description: `Width and height of the image in pixels, ${QR_SIZE.min} to ${QR_SIZE.max} (default ${QR_SIZE.default}).`,
    schema: { type: 'integer', minimum: QR_SIZE.min, maximum: QR_SIZE.max, default: QR_SIZE.default },
  });

/**
 * The documents of a charge over REST: the boleto PDF and the Pix QR image. Thin adapter over
 * ChargeDocumentsService; the bytes go out as a StreamableFile (the same on Express and Fastify), never cached.
 */
@ApiTags('charges')
@ApiBearerAuth()
@Controller('v1/charges')
export class ChargeDocumentsController {
  constructor(
    @Inject(ChargeDocumentsService) private readonly documents: ChargeDocumentsService,
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
  ) {}

  @Get(':provider_charge_id/boleto.pdf')
  @ApiOperation({
    summary:
      'The boleto PDF of a boleto or bolepix (beneficiary, payer, amount, due date, digitable line, ITF barcode, and the Pix QR of a bolepix), rendered by the gateway.',
  })
  @ApiChargeIdParam()
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The PDF (one A4 page).',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblemResponses(...READ_ERRORS)
  async boletoPdf(
    @Tenant() tenant: TenantContext,
    @Param('provider_charge_id') id: string,
    @Req() req: unknown,
    @Res({ passthrough: true }) res: unknown,
  ): Promise<StreamableFile> {
    return this.send(res, await this.documents.boletoPdf(tenant, id, { requestId: requestIdOf(req) }), 'inline');
  }

  @Get(':provider_charge_id/qr.png')
  @ApiOperation({ summary: 'The Pix QR code of a pix or bolepix charge as a PNG image.' })
  @ApiChargeIdParam()
  @ApiQrSize()
  @ApiProduces('image/png')
  @ApiOkResponse({
    description: 'The QR code of the charge’s BR Code.',
    content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblemResponses(...READ_ERRORS)
  async qrPng(
    @Tenant() tenant: TenantContext,
    @Param('provider_charge_id') id: string,
    @Query('size') size: unknown,
    @Req() req: unknown,
    @Res({ passthrough: true }) res: unknown,
  ): Promise<StreamableFile> {
    return this.send(res, await this.documents.qrImage(tenant, id, 'png', size, { requestId: requestIdOf(req) }));
  }

  @Get(':provider_charge_id/qr.svg')
  @ApiOperation({ summary: 'The Pix QR code of a pix or bolepix charge as an SVG image.' })
  @ApiChargeIdParam()
  @ApiQrSize()
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({
    description: 'The QR code of the charge’s BR Code.',
    content: { 'image/svg+xml': { schema: { type: 'string' } } },
  })
  @ApiProblemResponses(...READ_ERRORS)
  async qrSvg(
    @Tenant() tenant: TenantContext,
    @Param('provider_charge_id') id: string,
    @Query('size') size: unknown,
    @Req() req: unknown,
    @Res({ passthrough: true }) res: unknown,
  ): Promise<StreamableFile> {
    return this.send(res, await this.documents.qrImage(tenant, id, 'svg', size, { requestId: requestIdOf(req) }));
  }

  private send(
    res: unknown,
    document: ChargeDocument,
    disposition: 'inline' | 'attachment' = 'inline',
  ): StreamableFile {
    // The documents carry the payer's data: never stored by a cache on the way.
    this.host.httpAdapter.setHeader(res, 'Cache-Control', 'no-store');
    return new StreamableFile(document.body, {
      type: document.mimeType,
      length: document.body.length,
      disposition: `${disposition}; filename="${document.fileName}"`,
    });
  }
}
