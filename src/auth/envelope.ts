import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Sealed envelope (AES-256-GCM), used for credentials in tokens and for secrets cached in Redis.
 *
 *   v1.<kid>.<iv>.<ciphertext>.<tag>      (base64url parts; kid = first 8 hex chars of SHA-256(key))
 *
 * 96-bit random IV, full 16-byte tag required, AAD "mcp-maax-cob:v1:<kid>:<purpose>" so an envelope
 * sealed for one purpose (e.g. cached session) cannot be replayed as another (token credentials).
 */
export type EnvelopePurpose =
  | 'credentials'
  | 'cache'
  /** A refresh token (src/auth/refresh-token.ts). */
  | 'refresh'
  /** An OAuth authorization code and a dynamically registered client id (src/oauth). */
  | 'oauth-code'
  | 'oauth-client'
  /** A charge listing's cursor (src/charges/listing/list-cursor.ts). */
  | 'cursor';

const VERSION = 'v1';
const ENVELOPE = /^v1\.([0-9a-f]{8})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]{22})$/;

export class EnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

interface Key {
  kid: string;
  key: Buffer;
}

function toKey(hex: string): Key {
  const key = Buffer.from(hex, 'hex');
  if (key.length !== 32) throw new EnvelopeError('encryption key must be 32 bytes (64 hex characters)');
  return { kid: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

/** Seals with the current key; opens with the current or the previous key (rotation). */
export class EnvelopeCipher {
  private readonly current: Key;
  private readonly byKid = new Map<string, Key>();

  constructor(currentHex: string, previousHex?: string) {
    this.current = toKey(currentHex);
    this.byKid.set(this.current.kid, this.current);
    if (previousHex) {
      const prev = toKey(previousHex);
      if (!this.byKid.has(prev.kid)) this.byKid.set(prev.kid, prev);
    }
  }

  static isEnvelope(value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(`${VERSION}.`);
  }

  seal(plaintext: string, purpose: EnvelopePurpose): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv, { authTagLength: 16 });
    cipher.setAAD(Buffer.from(`mcp-maax-cob:${VERSION}:${this.current.kid}:${purpose}`));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      VERSION,
      this.current.kid,
      iv.toString('base64url'),
      ct.toString('base64url'),
      tag.toString('base64url'),
    ].join('.');
  }

  open(envelope: string, purpose: EnvelopePurpose): string {
    const m = ENVELOPE.exec(envelope);
    if (!m) throw new EnvelopeError('malformed envelope');
    const [, kid, ivB64, ctB64, tagB64] = m;
    const key = this.byKid.get(kid);
    if (!key) throw new EnvelopeError('envelope sealed with an unknown key');
    const iv = Buffer.from(ivB64, 'base64url');
    const tag = Buffer.from(tagB64, 'base64url');
    if (iv.length !== 12 || tag.length !== 16) throw new EnvelopeError('malformed envelope');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.key, iv, { authTagLength: 16 });
      decipher.setAAD(Buffer.from(`mcp-maax-cob:${VERSION}:${kid}:${purpose}`));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(ctB64, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new EnvelopeError('envelope failed authentication');
    }
  }
}
