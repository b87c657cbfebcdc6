import { Inject, Injectable } from '@nestjs/common';
import { canFetchBoletoPdf, ProviderCallRunner } from '@lib/providers';
import type { Charge } from '@lib/providers';
import type { TenantContext } from '../auth/tenant-context';
import { requireScope } from '../auth/token-scopes';
import { AppError } from '../common/errors/app-error';
import { documentLibraries, renderBoletoPdf } from './boleto-pdf.renderer';
import { CHARGE_SCOPES, ChargesService } from './charges.service';

/** Bounds of `?size=` on the QR images, in pixels (width = height). */
export const QR_SIZE = { min: 128, max: 1024, default: 300 } as const;

export type QrFormat = 'png' | 'svg';

/** Who made a boleto PDF: the bank (its own PDF, fetched for this request) or the gateway (rendered here). */
export type DocumentSource = 'bank' | 'gateway';

/** A document of a charge, ready to send: its bytes, media type and a file name for Content-Disposition. */
export interface ChargeDocument {
  body: Buffer;
  mimeType: 'application/pdf' | 'image/png' | 'image/svg+xml';
  fileName: string;
  source: DocumentSource;
}

/** Parses `?size=`: absent → the default; anything but a whole number within the bounds → 400 VALIDATION_ERROR. */
export function parseQrSize(raw: unknown): number {
  if (raw === undefined || raw === '') return QR_SIZE.default;
  const size = typeof raw === 'string' && /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(size) || size < QR_SIZE.min || size > QR_SIZE.max) {
    throw AppError.validation([
      { field: 'size', message: `size must be a whole number of pixels from ${QR_SIZE.min} to ${QR_SIZE.max}` },
    ]);
  }
  return size;
}

/**
 * The documents a payer needs, for REST and MCP alike: the boleto PDF and the Pix QR image. The charge is read
 * through ChargesService.get (scope charges:read, id validation, tenant isolation, read cache, provider errors);
 * the documents themselves are made per request and never cached (they carry the payer's data).
 *
 * The boleto PDF is the bank's own where the bank serves one (`capabilities.boletoPdf`: fetched with the tenant's
 * credentials through the call runner, so timeouts, breaker and error mapping apply as for a read; held in memory
 * for this response only, at most MAX_BOLETO_PDF_BYTES), and otherwise rendered here from the unified charge.
 */
@Injectable()
export class ChargeDocumentsService {
  constructor(
    @Inject(ChargesService) private readonly charges: ChargesService,
    @Inject(ProviderCallRunner) private readonly runner: ProviderCallRunner,
  ) {}

  /**
   * The boleto PDF of a boleto or bolepix: the bank's own, or rendered by the gateway when the bank has none for it;
   * 422 UNSUPPORTED_OPERATION for a charge without boleto lines; a bank failing (or answering something else than a
   * PDF) is its error (502 PROVIDER_ERROR, 504, 503), never silently replaced by a rendered one.
   */
  async boletoPdf(tenant: TenantContext, id: string, opts: { requestId?: string }): Promise<ChargeDocument> {
    const { charge } = await this.charges.get(tenant, id, opts);
    if (!charge.boleto) {
      throw new AppError(
        'UNSUPPORTED_OPERATION',
        `Charge ${charge.id} is a ${charge.type} charge without boleto lines, so it has no boleto PDF.`,
      );
    }
    const fileName = `boleto-${charge.id}.pdf`;
    const provider = this.runner.provider(tenant);
    if (canFetchBoletoPdf(provider)) {
      const { result } = await this.runner.run(tenant, 'boletoPdf', opts.requestId, (_p, ctx) =>
        provider.boletoPdf(ctx, charge),
      );
      if (result) return { body: result, mimeType: 'application/pdf', fileName, source: 'bank' };
    }
    const body = await renderBoletoPdf(charge, { bankName: provider.displayName, beneficiary: tenant.tenantId });
    return { body, mimeType: 'application/pdf', fileName, source: 'gateway' };
  }

  /** The Pix QR code of a pix or bolepix as a PNG or SVG of about `size` pixels; 422 for a charge without a BR Code. */
  async qrImage(
    tenant: TenantContext,
    id: string,
    format: QrFormat,
    rawSize: unknown,
    opts: { requestId?: string },
  ): Promise<ChargeDocument> {
    requireScope(tenant, CHARGE_SCOPES.get);
    const size = parseQrSize(rawSize);
    const { charge } = await this.charges.get(tenant, id, opts);
    const brCode = brCodeOf(charge);
    const fileName = `pix-${charge.id}.${format}`;
    if (format === 'svg')
      return {
        body: Buffer.from(await qrCodeSvg(brCode, size)),
        mimeType: 'image/svg+xml',
        fileName,
        source: 'gateway',
      };
    return { body: await qrCodePngOfSize(brCode, size), mimeType: 'image/png', fileName, source: 'gateway' };
  }
}

/** Quiet zone of the QR images: bwip-js padding units (2 per module at scale 1), so 4 modules. */
const QUIET = 8;

/** bwip-js options of the QR images: error correction M, on white. */
function qrOptions(brCode: string, scale = 2, padding = QUIET) {
  return { bcid: 'qrcode', text: brCode, eclevel: 'M', padding, backgroundcolor: 'FFFFFF', scale };
}

/** The QR as SVG (vector, drawn by bwip-js), `size` pixels wide and high. */
export async function qrCodeSvg(brCode: string, size: number): Promise<string> {
  const { bwipjs } = await documentLibraries();
  return bwipjs.toSVG(qrOptions(brCode)).replace('<svg ', `<svg width="${size}" height="${size}" `);
}

/**
 * The QR as PNG (drawn by bwip-js) with a whole number of pixels per module, so every module stays crisp for a
 * scanner: the largest modules that fit in `size` with a quiet zone of at least 4 modules, the quiet zone widened
 * to bring the image to `size` pixels (a pixel or two less when the sizes do not divide).
 */
export async function qrCodePngOfSize(brCode: string, size: number): Promise<Buffer> {
  const { bwipjs } = await documentLibraries();
  // At scale 1 a module is 2 px: the PNG's width (bytes 16-19 of its IHDR) gives the symbol's size.
  const natural = (await bwipjs.toBuffer(qrOptions(brCode, 1))).readUInt32BE(16);
  const symbol = natural - 2 * QUIET;
  const scale = Math.max(1, Math.floor(size / natural));
  const padding = Math.max(QUIET, Math.floor((size / scale - symbol) / 2));
  return bwipjs.toBuffer(qrOptions(brCode, scale, padding));
}

function brCodeOf(charge: Charge): string {
  if (charge.pix?.brCode) return charge.pix.brCode;
  throw new AppError(
    'UNSUPPORTED_OPERATION',
    `Charge ${charge.id} is a ${charge.type} charge without a Pix BR Code, so it has no QR image.`,
  );
}
