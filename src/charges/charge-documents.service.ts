import { Inject, Injectable } from '@nestjs/common';
import type { Charge } from '@lib/providers';
import bwipjs from 'bwip-js';
import type { TenantContext } from '../auth/tenant-context';
import { requireScope } from '../auth/token-scopes';
import { AppError } from '../common/errors/app-error';
import { renderBoletoPdf } from './boleto-pdf.renderer';
import { CHARGE_SCOPES, ChargesService } from './charges.service';

/** Bounds of `?size=` on the QR images, in pixels (width = height). */
export const QR_SIZE = { min: 128, max: 1024, default: 300 } as const;

export type QrFormat = 'png' | 'svg';

/** A document of a charge, ready to send: its bytes, media type and a file name for Content-Disposition. */
export interface ChargeDocument {
  body: Buffer;
  mimeType: 'application/pdf' | 'image/png' | 'image/svg+xml';
  fileName: string;
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
 * the documents themselves are rendered per request and never cached (they carry the payer's data).
 *
 * Every bank's boleto PDF is rendered here from the unified charge (boleto lines present): no bank's own PDF is
 * fetched yet (a bank's link, where it gives one, is in `boleto.pdfUrl`).
 */
@Injectable()
export class ChargeDocumentsService {
  constructor(@Inject(ChargesService) private readonly charges: ChargesService) {}

  /** The boleto PDF of a boleto or bolepix; 422 UNSUPPORTED_OPERATION for a charge without boleto lines. */
  async boletoPdf(tenant: TenantContext, id: string, opts: { requestId?: string }): Promise<ChargeDocument> {
    const { charge } = await this.charges.get(tenant, id, opts);
    if (!charge.boleto) {
      throw new AppError(
        'UNSUPPORTED_OPERATION',
        `Charge ${charge.id} is a ${charge.type} charge without boleto lines, so it has no boleto PDF.`,
      );
    }
    const bankName = this.charges.listProviders().find((p) => p.id === charge.providerId)?.displayName ?? 'Banco';
    const body = await renderBoletoPdf(charge, { bankName, beneficiary: tenant.tenantId });
    return { body, mimeType: 'application/pdf', fileName: `boleto-${charge.id}.pdf` };
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
    if (format === 'svg') return { body: Buffer.from(qrCodeSvg(brCode, size)), mimeType: 'image/svg+xml', fileName };
    return { body: await qrCodePngOfSize(brCode, size), mimeType: 'image/png', fileName };
  }
}

/** Quiet zone of the QR images: bwip-js padding units (2 per module at scale 1), so 4 modules. */
const QUIET = 8;

/** bwip-js options of the QR images: error correction M, on white. */
function qrOptions(brCode: string, scale = 2, padding = QUIET) {
  return { bcid: 'qrcode', text: brCode, eclevel: 'M', padding, backgroundcolor: 'FFFFFF', scale };
}

/** The QR as SVG (vector, drawn by bwip-js), `size` pixels wide and high. */
export function qrCodeSvg(brCode: string, size: number): string {
  return bwipjs.toSVG(qrOptions(brCode)).replace('<svg ', `<svg width="${size}" height="${size}" `);
}

/**
 * The QR as PNG (drawn by bwip-js) with a whole number of pixels per module, so every module stays crisp for a
 * scanner: the largest modules that fit in `size` with a quiet zone of at least 4 modules, the quiet zone widened
 * to bring the image to `size` pixels (a pixel or two less when the sizes do not divide).
 */
export async function qrCodePngOfSize(brCode: string, size: number): Promise<Buffer> {
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
