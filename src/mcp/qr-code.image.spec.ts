import { qrCodePng } from './qr-code.image';

describe('qrCodePng', () => {
  it('renders a BR Code once: calls made while it renders share the render', async () => {
    const brCode = `00020126580014br.gov.bcb.pix0136${'a'.repeat(36)}5204000053039865802BR6304ABCD`;
    const first = qrCodePng(brCode);
    const second = qrCodePng(brCode);
    expect(second).toBe(first);
    const png = Buffer.from(await first, 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(qrCodePng(brCode)).toBe(first);
  });

  it('does not keep a failed render', async () => {
    const tooLong = 'x'.repeat(5000);
    const failed = qrCodePng(tooLong);
    await expect(failed).rejects.toThrow();
    const again = qrCodePng(tooLong);
    expect(again).not.toBe(failed);
    await expect(again).rejects.toThrow();
  });
});
