import { BinaryBitmap, DecodeHintType, HybridBinarizer, ITFReader, RGBLuminanceSource } from '@zxing/library';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

interface Gray {
  pixels: Uint8ClampedArray;
  width: number;
  height: number;
}

/** A decoded PNG as gray levels. */
function grayOf(png: Buffer): Gray {
  const image = PNG.sync.read(png);
  const pixels = new Uint8ClampedArray(image.width * image.height);
  const data = image.data;
  for (let i = 0, p = 0; i < pixels.length; i++, p += 4) {
    // Transparent pixels are paper (white).
    const alpha = data[p + 3] / 255;
    pixels[i] = ((data[p] + 2 * data[p + 1] + data[p + 2]) / 4) * alpha + 255 * (1 - alpha);
  }
  return { pixels, width: image.width, height: image.height };
}

/**
 * The text of the one symbol of `format` that zxing (the maintained JS port of ZXing) finds in a PNG; ITF is read
 * with the boleto's length (44 digits) allowed.
 */
export function decodePng(png: Buffer, format: 'ITF' | 'QR_CODE'): string {
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
  if (format === 'ITF') hints.set(DecodeHintType.ALLOWED_LENGTHS, Int32Array.from([44]));
  if (format === 'QR_CODE') {
    // QR codes are read with jsQR: zxing's JS port misses the alignment pattern of about 1 % of these perfectly
    // regular synthetic symbols (a NotFoundException from GridSampler), which no scanner app does.
    const gray = grayOf(png);
    const rgba = new Uint8ClampedArray(gray.pixels.length * 4);
    for (let i = 0; i < gray.pixels.length; i++)
      rgba.fill(gray.pixels[i], i * 4, i * 4 + 3).fill(255, i * 4 + 3, i * 4 + 4);
    const found = jsQR(rgba, gray.width, gray.height);
    if (!found) throw new Error('no QR code found in the picture');
    return found.data;
  }
  const gray = grayOf(png);
  return new ITFReader()
    .decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(gray.pixels, gray.width, gray.height))), hints)
    .getText();
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
