import { toBuffer } from 'qrcode';
import { FifoMemo } from '../common/fifo-memo';

/**
 * Rendered images kept in memory: Pix charges are polled with get_charge, and a render costs CPU. The
 * render itself is kept, so calls for one BR Code that arrive while it is rendering share it.
 */
const rendered = new FifoMemo<string, Promise<string>>(256);

/**
 * The QR code of a Pix BR Code as a base64 PNG (about 300 px: scale 5, quiet zone of 2 modules),
 * the image a chat client can show for the payer to scan. A BR Code holds no secret (it is what
 * the payer sees), so keeping recent renders is safe. A failed render is not kept.
 */
export function qrCodePng(brCode: string): Promise<string> {
  const hit = rendered.get(brCode);
  if (hit !== undefined) return hit;
  const png = toBuffer(brCode, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 5 }).then((b) =>
    b.toString('base64'),
  );
  rendered.set(brCode, png);
  png.catch(() => {
    if (rendered.get(brCode) === png) rendered.delete(brCode);
  });
  return png;
}
