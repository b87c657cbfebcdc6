import { createHmac } from 'node:crypto';
import { issueToken, IssueTokenOptions } from '../../src/auth/token-issuer';
import { TEST_ENCRYPTION_KEY, TEST_TOKEN_SECRET } from './app';

/** A valid token for the test app's secrets. */
export function testToken(o: Partial<IssueTokenOptions> & { tenantId: string; providerId?: string }): string {
  return issueToken({ secret: TEST_TOKEN_SECRET, encryptionKeyHex: TEST_ENCRYPTION_KEY, providerId: 'sandbox', ...o });
}

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** Hand-built JWT with any header and payload (for the invalid-token cases). */
export function rawJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret = TEST_TOKEN_SECRET,
): string {
  const head = `${b64(header)}.${b64(payload)}`;
  if (header.alg === 'none') return `${head}.`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
