/**
 * EMV® QRCPS "Merchant Presented Mode" data objects, the encoding behind the Pix BR Code:
 * each object is a 2-digit ID, a 2-digit length and that many characters of value.
 */

/** A BR Code that cannot be read: broken TLV structure or a mandatory object missing. */
export class BrCodeFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrCodeFormatError';
  }
}

export interface TlvObject {
  id: string;
  value: string;
}

/** Encodes one data object; throws RangeError when the value does not fit the 2-digit length. */
export function tlv(id: string, value: string): string {
  if (!/^\d{2}$/.test(id)) throw new RangeError(`EMV object id must be 2 digits: ${id}`);
  if (value.length > 99) throw new RangeError(`EMV object ${id} is longer than 99 characters`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

/** Splits a string into its data objects; throws BrCodeFormatError on a truncated or non-numeric header. */
export function parseTlv(data: string): TlvObject[] {
  const objects: TlvObject[] = [];
  let at = 0;
  while (at < data.length) {
    const header = data.slice(at, at + 4);
    if (!/^\d{4}$/.test(header)) throw new BrCodeFormatError(`malformed EMV object header at position ${at}`);
    const length = Number(header.slice(2));
    const value = data.slice(at + 4, at + 4 + length);
    if (value.length !== length) throw new BrCodeFormatError(`EMV object ${header.slice(0, 2)} is truncated`);
    objects.push({ id: header.slice(0, 2), value });
    at += 4 + length;
  }
  return objects;
}

/** Data objects keyed by ID; throws BrCodeFormatError when an ID appears twice. */
export function tlvRecord(objects: readonly TlvObject[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { id, value } of objects) {
    if (Object.hasOwn(record, id)) throw new BrCodeFormatError(`EMV object ${id} appears twice`);
    record[id] = value;
  }
  return record;
}

/** parseTlv then tlvRecord. */
export function parseTlvRecord(data: string): Record<string, string> {
  return tlvRecord(parseTlv(data));
}

const encoder = new TextEncoder();

/**
 * CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR) over
 * the UTF-8 bytes of `payload`, as 4 uppercase hex digits. For a BR Code the payload is everything
 * up to and including the `6304` that introduces the CRC. Check value: `123456789` -> `29B1`.
 */
export function crc16(payload: string): string {
  let crc = 0xffff;
  for (const byte of encoder.encode(payload)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}
