import { toDataURL } from 'qrcode';
import { crc16 } from '@lib/brazil';
import type { SimAsaasPayment } from './asaas-sim.payments';
import { asaasError as errors } from './asaas-sim.validation';
import type { SimReply } from './sim-server';

const tlv = (id: string, value: string) => `${id}${String(value.length).padStart(2, '0')}${value}`;

/** The BR Code of a dynamic cobv at pix-h.asaas.com, shaped like the OpenAPI example (no amount in it). */
export function asaasBrCode(p: SimAsaasPayment): string {
  const gui = tlv('00', 'br.gov.bcb.pix') + tlv('25', `pix-h.asaas.com/pixqrcode/cobv/${p.id}`);
  const body = [
    tlv('00', '01'),
    tlv('01', '12'),
    tlv('26', gui),
    tlv('52', '0000'),
    tlv('53', '986'),
    tlv('58', 'BR'),
    tlv('59', 'ASAAS'),
    tlv('60', 'Joinville'),
    tlv('61', '89228271'),
    tlv('62', tlv('05', '***')),
    '6304',
  ].join('');
  return body + crc16(body);
}

/**
 * `GET /payments/:id/pixQrCode`: `{encodedImage, payload, expirationDate}` [READ], the image a base64 PNG drawn once,
 * the QR expiring 12 months after the due date (READ) at 23:59:59 (INFERRED). Refused (400) for a billing type
 * without Pix.
 */
export async function asaasPixQrCode(p: SimAsaasPayment): Promise<SimReply> {
  if (!['PIX', 'BOLETO', 'UNDEFINED'].includes(String(p.request.billingType)))
    return errors(400, 'invalid_billingType', 'Pix não habilitado para esta cobrança.');
  const payload = asaasBrCode(p);
  const [y, m, d] = String(p.request.dueDate).split('-').map(Number);
  const expires = new Date(Date.UTC(y + 1, m - 1, d)).toISOString().slice(0, 10);
  p.qrImage ??= (await toDataURL(payload, { margin: 1, width: 160 })).replace(/^data:image\/png;base64,/, '');
  const image = p.qrImage;
  return {
    status: 200,
    body: {
      encodedImage: image,
      payload,
      expirationDate: `${expires} 23:59:59`,
      description: p.request.description ?? null,
    },
  };
}
