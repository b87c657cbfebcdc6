import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Everything the webhook feature derives from WEBHOOK_HMAC_SECRET (README "Webhooks" documents each derivation):
 * - the inbound URL token: base64url(HMAC-SHA256(key = the secret's UTF-8 bytes, message = "<providerId>:<tenantId>"));
 * - the operator signing secret (events sent to WEBHOOK_FORWARD_URL): HMAC-SHA256(secret, "standard-webhooks:operator");
 * - a tenant's signing secret (events sent to its meta.webhookUrl): HMAC-SHA256(secret, "standard-webhooks:tenant:<id>").
 * Signing secrets are 32 bytes, shown as `whsec_<base64>`, the form the Standard Webhooks libraries take.
 */
export function webhookUrlToken(secret: string, providerId: string, tenantId: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${providerId}:${tenantId}`).digest('base64url');
}

/** Constant-time check of a URL token against the one made for this provider and tenant. */
export function isValidUrlToken(secret: string, providerId: string, tenantId: string, token: string): boolean {
  const expected = Buffer.from(webhookUrlToken(secret, providerId, tenantId), 'utf8');
  const given = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The signing key of events for `tenantId`'s own URL, or the operator's (WEBHOOK_FORWARD_URL) when undefined. */
export function signingKey(secret: string, tenantId?: string): Buffer {
  const label = tenantId === undefined ? 'standard-webhooks:operator' : `standard-webhooks:tenant:${tenantId}`;
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(label).digest();
}

/** A signing key in the `whsec_<base64>` form consumers paste into Standard Webhooks libraries. */
export function whsec(key: Buffer): string {
  return `whsec_${key.toString('base64')}`;
}

/** The Standard Webhooks headers for one delivery: `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`. */
export function signatureHeaders(key: Buffer, id: string, body: string, nowSeconds: number): Record<string, string> {
  const timestamp = String(nowSeconds);
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
