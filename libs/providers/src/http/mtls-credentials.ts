import { createPrivateKey, X509Certificate } from 'node:crypto';
import { ProviderError } from '../provider-error';
import type { MtlsIdentity } from './mtls-connector';

const MAX_PEM = 32 * 1024;

function invalid(provider: string, message: string): ProviderError {
  return new ProviderError('AUTH_INVALID_TOKEN', `${provider} credentials: ${message}`);
}

/** Reads a credentials object, refusing anything that is not a plain object or has unknown fields. */
export function credentialsObject(raw: unknown, provider: string, allowed: readonly string[]): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalid(provider, 'must be a JSON object');
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    if (!allowed.includes(k))
      throw invalid(
        provider,
        `unknown field ${k.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32)} (allowed: ${allowed.join(', ')})`,
      );
  }
  return r;
}

/** A required string field; the message names the field and the rule, never the value. */
export function requiredString(
  r: Record<string, unknown>,
  field: string,
  provider: string,
  rule: { pattern?: RegExp; max: number; describe?: string },
): string {
  const v = r[field];
  if (typeof v !== 'string' || v.trim() === '') throw invalid(provider, `${field} is required (a non-empty string)`);
  const value = v.trim();
  if (value.length > rule.max || (rule.pattern && !rule.pattern.test(value)))
    throw invalid(provider, `${field} is invalid (${rule.describe ?? `at most ${rule.max} characters`})`);
  return value;
}

export function oneOf<T extends string>(
  r: Record<string, unknown>,
  field: string,
  provider: string,
  values: readonly T[],
  fallback?: T,
): T {
  const v = r[field] ?? fallback;
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
    throw invalid(provider, `${field} must be one of ${values.map((x) => `"${x}"`).join(', ')}`);
  return v as T;
}

function pemText(r: Record<string, unknown>, field: string, provider: string, marker: RegExp): string {
  const v = r[field];
  if (typeof v !== 'string' || v.trim() === '') throw invalid(provider, `${field} is required (PEM text)`);
  if (v.length > MAX_PEM) throw invalid(provider, `${field} is too large for a PEM`);
  // Accept PEMs pasted with literal "\n" sequences (common when copied into JSON by hand).
  const text = !v.includes('\n') && v.includes('\\n') ? v.replace(/\\n/g, '\n') : v;
  if (!marker.test(text)) throw invalid(provider, `${field} must be PEM text (-----BEGIN ...-----)`);
  return text.trim() + '\n';
}

/**
 * Validates the mTLS client certificate and key of a credentials object: both parse, the key
 * matches the certificate, and the certificate is within its validity period. Messages name the
 * field only. Credentials without a certificate parse to no identity. The PEMs stay in memory (undici agents); they are never written anywhere.
 */
export function parseMtlsIdentity(r: Record<string, unknown>, provider: string, now = Date.now()): MtlsIdentity {
  // No certificate: the gateway connects without one (a lone key has nothing to prove) and the
  // provider refuses at the TLS layer (502 PROVIDER_ERROR saying so), as a bank does such a client.
  if (r.certificate === undefined || r.certificate === null || r.certificate === '') return {};
  const certificate = pemText(r, 'certificate', provider, /-----BEGIN CERTIFICATE-----/);
  const privateKey = pemText(r, 'privateKey', provider, /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certificate);
  } catch {
    throw invalid(provider, 'certificate is not a valid X.509 PEM certificate');
  }
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(privateKey);
  } catch {
    throw invalid(provider, 'privateKey is not a valid unencrypted PEM private key');
  }
  if (!cert.checkPrivateKey(key)) throw invalid(provider, 'privateKey does not match certificate');
  if (Date.parse(cert.validTo) < now)
    throw invalid(provider, `certificate expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}`);
  if (Date.parse(cert.validFrom) > now) throw invalid(provider, 'certificate is not valid yet');
  return { certificate, privateKey };
}
