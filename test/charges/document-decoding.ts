import {
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  ITFReader,
  QRCodeReader,
  RGBLuminanceSource,
} from '@zxing/library';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** A decoded PNG as zxing's luminance source. */
function luminance(png: Buffer): RGBLuminanceSource {
  const image = PNG.sync.read(png);
  const gray = new Uint8ClampedArray(image.width * image.height);
  const data = image.data;
  for (let i = 0, p = 0; i < gray.length; i++, p += 4) {
    // Transparent pixels are paper (white).
    const alpha = data[p + 3] / 255;
    gray[i] = ((data[p] + 2 * data[p + 1] + data[p + 2]) / 4) * alpha + 255 * (1 - alpha);
  }
  return new RGBLuminanceSource(gray, image.width, image.height);
}

/**
 * The text of the one symbol of `format` that zxing (the maintained JS port of ZXing) finds in a PNG; ITF is read
 * with the boleto's length (44 digits) allowed.
 */
export function decodePng(png: Buffer, format: 'ITF' | 'QR_CODE'): string {
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
  if (format === 'ITF') hints.set(DecodeHintType.ALLOWED_LENGTHS, Int32Array.from([44]));
  const reader = format === 'ITF' ? new ITFReader() : new QRCodeReader();
  return reader.decode(new BinaryBitmap(new HybridBinarizer(luminance(png))), hints).getText();
}

/** A region of a page in fractions of its width and height. */
export interface PageRegion {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Page 1 of a PDF as a PNG, rendered by poppler's pdftoppm at `dpi`, whole or only `region` of it (then without
 * anti-aliasing unless asked: crisp bars, as a scanner sees print) (pdftoppm renders just that area, so a symbol can be read at print
 * resolution without rasterizing the whole page).
 */
export function pdfFirstPagePng(pdf: Buffer, dpi = 150, region?: PageRegion, antialias = false): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'boleto-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const args = ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile'];
    if (region) {
      // A4 in pixels at this resolution.
      const [pw, ph] = [(210 / 25.4) * dpi, (297 / 25.4) * dpi];
      const box = [region.x * pw, region.y * ph, region.w * pw, region.h * ph].map((v) => String(Math.round(v)));
      if (!antialias) args.push('-aa', 'no', '-aaVector', 'no');
      args.push('-x', box[0], '-y', box[1], '-W', box[2], '-H', box[3]);
    }
    execFileSync('pdftoppm', [...args, 'in.pdf', 'page'], { cwd: dir });
    return readFileSync(join(dir, 'page.png'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
