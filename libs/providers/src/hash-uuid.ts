import { createHash } from 'node:crypto';

/**
 * A UUID (version 4 shape, RFC 9562 variant) made of the SHA-256 of `text`: the same text always
 * gives the same UUID, and the UUID reveals nothing of the text. For keys a bank wants as UUIDs
 * (idempotency keys, Pix random keys) derived from our own.
 */
export function hashUuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
