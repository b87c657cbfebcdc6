import { createHash } from 'node:crypto';
import { hashUuid } from '../hash-uuid';
import { buildBoleto, buildPixBrCode } from '@lib/brazil';

/**
 * COMPE code printed on sandbox boletos. `000` belongs to no bank, so a sandbox slip scanned by a
 * real banking app is refused instead of being paid somewhere by mistake; everything else on it
 * (check digits, due-date factor, amount) is valid FEBRABAN layout.
 */
export const SANDBOX_BANK_CODE = '000';
export const SANDBOX_MERCHANT_NAME = 'MAAX COB SANDBOX';
export const SANDBOX_MERCHANT_CITY = 'SAO PAULO';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** 25 digits of "free field" (the bank's own part of the barcode), stable per charge id. */
export function sandboxFreeField(chargeId: string): string {
  const digest = sha256(`sandbox-free-field:${chargeId}`);
  let digits = '';
  for (const byte of digest) digits += String(byte % 10);
  return digits.slice(0, 25);
}

/** Pix txid (tag 62-05): 25 letters and digits, stable per charge id. */
export function sandboxTxid(chargeId: string): string {
  return `SBX${sha256(`sandbox-txid:${chargeId}`).toString('hex').slice(0, 22)}`;
}

/** The tenant's sandbox Pix key: a random-key (EVP) UUID stable per tenant. */
export function sandboxPixKey(tenantId: string): string {
  return hashUuid(`sandbox-pix-key:${tenantId}`);
}

export function sandboxBoleto(
  chargeId: string,
  dueDate: string,
  amountCents: number,
): { digitableLine: string; barcode: string } {
  const { barcode, digitableLine } = buildBoleto({
    bankCode: SANDBOX_BANK_CODE,
    dueDate,
    amountCents,
    freeField: sandboxFreeField(chargeId),
  });
  return { digitableLine, barcode };
}

export function sandboxBrCode(
  tenantId: string,
  chargeId: string,
  amountCents: number,
): { brCode: string; txid: string } {
  const txid = sandboxTxid(chargeId);
  const brCode = buildPixBrCode({
    key: sandboxPixKey(tenantId),
    merchantName: SANDBOX_MERCHANT_NAME,
    merchantCity: SANDBOX_MERCHANT_CITY,
    amountCents,
    txid,
    pointOfInitiation: 'dynamic',
  });
  return { brCode, txid };
}
