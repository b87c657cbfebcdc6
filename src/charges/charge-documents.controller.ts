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
      'The boleto PDF of a boleto or bolepix: the bank’s own PDF where the bank serves one (Banco Inter, Asaas, Efí, Cora), fetched with the tenant’s credentials for this request and never cached; otherwise rendered by the gateway (beneficiary, payer, amount, due date, digitable line, ITF barcode, and the Pix QR of a bolepix).',
    description:
      'A bank failing, or answering something else than a PDF (or one larger than 5 MiB), is 502 PROVIDER_ERROR (504/503 as for reads), never replaced by a rendered PDF. A link in the bank’s answer on an origin its settings do not allow (`<BANK>_DOCUMENT_ORIGINS`) is never fetched: the gateway renders the PDF instead. `X-Boleto-Source` says which one was sent.',
  })
  @ApiChargeIdParam()
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The PDF: the bank’s own, or one A4 page rendered by the gateway.',
    headers: {
      'X-Boleto-Source': {
        description: '`bank` (the bank’s own PDF) or `gateway` (rendered by the gateway).',
        schema: { type: 'string', enum: ['bank', 'gateway'] },
      },
      'Cache-Control': { description: 'Always `no-store`.', schema: { type: 'string' } },
    },
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblemResponses(...READ_ERRORS)
  async boletoPdf(
    @Tenant() tenant: TenantContext,
    @Param('provider_charge_id') id: string,
    @Req() req: unknown,
    @Res({ passthrough: true }) res: unknown,
  ): Promise<StreamableFile> {
    const pdf = await this.documents.boletoPdf(tenant, id, { requestId: requestIdOf(req) });
    this.host.httpAdapter.setHeader(res, 'X-Boleto-Source', pdf.source);
    return this.send(res, pdf, 'inline');
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
