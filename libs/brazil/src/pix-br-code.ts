import { getPixKeyInfo } from '@brazilian-utils/brazilian-utils/get-pix-key-info';
import { removeAccents } from '@brazilian-utils/brazilian-utils/remove-accents';
import { BrCodeFormatError, crc16, parseTlv, parseTlvRecord, tlv, tlvRecord } from './emv-tlv';
import { centsToDecimal, decimalToCents } from './money';

/**
 * Pix BR Code ("copia e cola" / QR payload), per the BCB "Manual de Padrões para Iniciação do Pix"
 * and the EMV® QRCPS-MPM subset it adopts.
 */
export interface PixBrCodeInput {
  /** Pix key (CPF, CNPJ, e-mail, mobile phone or random key); written in its canonical DICT form. */
  key: string;
  /** Receiver name: folded to ASCII and cut to 25 characters. */
  merchantName: string;
  /** Receiver city: folded to ASCII and cut to 15 characters. */
  merchantCity: string;
  /** Fixed amount; omit to let the payer type it. */
  amountCents?: number;
  /** 1 to 25 characters of [A-Za-z0-9], or `***` for none. */
  txid: string;
  /** Text shown to the payer: folded to ASCII and cut to the room left in the account template. */
  description?: string;
  /** Writes object 01: `11` (reusable) or `12` (single use). Omitted when not given. */
  pointOfInitiation?: 'static' | 'dynamic';
}

export interface ParsedPixBrCode {
  payloadFormat: string;
  /** Pix key of a static code (account template object 01). */
  key?: string;
  /** PSP location of a dynamic code (account template object 25), without `https://`. */
  url?: string;
  description?: string;
  amountCents?: number;
  /** As written, `***` included. */
  txid?: string;
  merchantName: string;
  merchantCity: string;
  /** `dynamic` when object 01 is `12`, `static` otherwise. */
  pointOfInitiation: 'static' | 'dynamic';
  /** False when object 63 does not match the CRC of the rest of the code. */
  crcValid: boolean;
  /** Top-level objects by ID, values as written (templates not expanded). */
  fields: Record<string, string>;
}

const PIX_GUI = 'br.gov.bcb.pix';
const TXID = /^(?:[A-Za-z0-9]{1,25}|\*\*\*)$/;
const CRC_HEADER = '6304';

/** Builds a BR Code with a Pix key; throws RangeError on an invalid key, txid, amount, name or city. */
export function buildPixBrCode(input: PixBrCodeInput): string {
  const key = canonicalPixKey(input.key);
  if (typeof input.txid !== 'string' || !TXID.test(input.txid))
    throw new RangeError('txid must be 1 to 25 letters or digits, or ***');
  const merchantName = fitText(input.merchantName, 25);
  const merchantCity = fitText(input.merchantCity, 15);
  if (!merchantName) throw new RangeError('merchant name must have printable characters');
  if (!merchantCity) throw new RangeError('merchant city must have printable characters');

  const gui = tlv('00', PIX_GUI) + tlv('01', key);
  // The account template holds at most 99 characters; the description gets what is left.
  const description = fitText(input.description ?? '', 99 - gui.length - 4);
  const parts = [
    tlv('00', '01'),
    input.pointOfInitiation ? tlv('01', input.pointOfInitiation === 'dynamic' ? '12' : '11') : '',
    tlv('26', gui + (description ? tlv('02', description) : '')),
    tlv('52', '0000'),
    tlv('53', '986'),
    input.amountCents === undefined ? '' : tlv('54', pixAmount(input.amountCents)),
    tlv('58', 'BR'),
    tlv('59', merchantName),
    tlv('60', merchantCity),
    tlv('62', tlv('05', input.txid)),
    CRC_HEADER,
  ];
  const payload = parts.join('');
  return payload + crc16(payload);
}

/**
 * Reads a BR Code. Throws BrCodeFormatError when the TLV structure is broken or when object 00,
 * 59, 60 or a final 63 is missing; a wrong CRC is reported in `crcValid`, not thrown, so that a
 * caller can decide how strict to be with codes that providers return.
 */
export function parsePixBrCode(code: string): ParsedPixBrCode {
  if (typeof code !== 'string') throw new BrCodeFormatError('BR Code must be a string');
  const text = code.trim();
  const objects = parseTlv(text);
  const last = objects.at(-1);
  if (objects[0]?.id !== '00') throw new BrCodeFormatError('BR Code must start with object 00');
  if (last?.id !== '63' || !/^[0-9A-Fa-f]{4}$/.test(last.value))
    throw new BrCodeFormatError('BR Code must end with a 4-hex-digit CRC (object 63)');
  const fields = tlvRecord(objects);
  const merchantName = fields['59'];
  const merchantCity = fields['60'];
  if (merchantName === undefined || merchantCity === undefined)
    throw new BrCodeFormatError('BR Code lacks merchant name (59) or city (60)');

  const account = pixAccount(fields);
  const txid = fields['62'] === undefined ? undefined : parseTlvRecord(fields['62'])['05'];
  const amountCents = fields['54'] === undefined ? undefined : readAmount(fields['54']);
  return {
    payloadFormat: fields['00'],
    ...definedOnly({ key: account['01'], url: account['25'], description: account['02'], amountCents, txid }),
    merchantName,
    merchantCity,
    pointOfInitiation: fields['01'] === '12' ? 'dynamic' : 'static',
    crcValid: crc16(text.slice(0, -4)) === last.value.toUpperCase(),
    fields,
  };
}

/** The canonical DICT form of a Pix key (`(11) 98765-4321` -> `+5511987654321`), or undefined when it is not one. */
export function normalizePixKey(key: string): string | undefined {
  if (typeof key !== 'string') return undefined;
  return getPixKeyInfo(key)?.value ?? undefined;
}

function canonicalPixKey(key: string): string {
  const canonical = normalizePixKey(key);
  if (canonical === undefined)
    throw new RangeError('key must be a valid Pix key (CPF, CNPJ, e-mail, mobile phone or random key)');
  return canonical;
}

function pixAmount(amountCents: number): string {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0)
    throw new RangeError('Pix amount must be a positive integer number of cents');
  const amount = centsToDecimal(amountCents);
  if (amount.length > 13) throw new RangeError('Pix amount does not fit the 13-character BR Code field');
  return amount;
}

/** Folds to printable ASCII (accents dropped, other symbols removed), squeezes spaces and cuts to `max`. */
function fitText(value: string, max: number): string {
  if (typeof value !== 'string' || max <= 0) return '';
  const ascii = removeAccents(value)
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7E]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  return ascii.slice(0, max).trim();
}

function pixAccount(fields: Record<string, string>): Record<string, string> {
  for (let id = 26; id <= 51; id++) {
    const template = fields[String(id)];
    if (template === undefined) continue;
    const account = parseTlvRecord(template);
    if (account['00']?.toLowerCase() === PIX_GUI) return account;
  }
  return {};
}

function readAmount(value: string): number {
  try {
    return decimalToCents(value);
  } catch {
    throw new BrCodeFormatError('BR Code amount (54) is not a decimal with at most 2 places');
  }
}

function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
