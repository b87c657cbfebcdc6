import { issueRefreshToken, IssueTokenOptions } from '../../src/auth/token-issuer';
import { TEST_ENCRYPTION_KEY } from '../helpers/app';

/** A refresh token as the token CLI's --refresh mints it, for the test app's key. */
export function testRefreshToken(
  o: Partial<IssueTokenOptions> & { tenantId: string; refreshTtlSeconds?: number },
  key = TEST_ENCRYPTION_KEY,
): string {
  return issueRefreshToken({
    encryptionKeyHex: key,
    providerId: 'sandbox',
    credentials: {},
    refreshTtlSeconds: 86400,
    ...o,
  });
}

/** POSTs a form to an OAuth endpoint; answers status and JSON body. */
export async function postForm(
  baseUrl: string,
  path: string,
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
}
