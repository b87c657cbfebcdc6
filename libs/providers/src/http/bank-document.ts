import { MAX_BOLETO_PDF_BYTES, ProviderContext } from '../charge-provider';
import { ProviderError } from '../provider-error';
import type { ProviderSettings } from '../provider-settings';
import { publishExchange } from './exchange-events';
import type { ExchangeResult, ExchangeSpec } from './provider-http.client';

/** What every PDF starts with. */
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
/** Route template of a document link in logs (its path may hold a charge's secret-ish token, so it is never logged). */
export const DOCUMENT_LINK_ROUTE = '<boleto pdf link>';

/** The bank's bytes as a boleto PDF: PROVIDER_ERROR when they are not a PDF or are larger than the cap. */
export function asBoletoPdf(bytes: Buffer | undefined, providerName: string): Buffer {
  if (bytes && bytes.length > MAX_BOLETO_PDF_BYTES)
    throw new ProviderError(
      'PROVIDER_ERROR',
      `${providerName} sent a boleto PDF larger than ${MAX_BOLETO_PDF_BYTES} bytes.`,
    );
  if (!bytes || bytes.length < PDF_MAGIC.length || !bytes.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC))
    throw new ProviderError(
      'PROVIDER_ERROR',
      `${providerName} answered the boleto PDF request with something else than a PDF.`,
    );
  return bytes;
}

/** A PDF a bank sends as base64 text (Inter's `{pdf}`): checked before decoding, then as asBoletoPdf. */
export function boletoPdfFromBase64(text: unknown, providerName: string): Buffer {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s+/g, '')))
    throw new ProviderError('PROVIDER_ERROR', `${providerName} answered the boleto PDF request without a base64 PDF.`);
  if (Math.floor((text.length * 3) / 4) > MAX_BOLETO_PDF_BYTES + 3)
    throw new ProviderError(
      'PROVIDER_ERROR',
      `${providerName} sent a boleto PDF larger than ${MAX_BOLETO_PDF_BYTES} bytes.`,
    );
  return asBoletoPdf(Buffer.from(text, 'base64'), providerName);
}

/** The answer's byte cap of an exchange carrying a base64 PDF in JSON (4/3 of the PDF cap, plus the envelope). */
export const BASE64_PDF_RESPONSE_BYTES = Math.ceil((MAX_BOLETO_PDF_BYTES * 4) / 3) + 64 * 1024;

/**
 * The origins a bank's document links may be fetched from: the bank's API origin in use (already trusted with the
 * tenant's credentials), plus the configured list (`<BANK>_DOCUMENT_ORIGINS`) or, when none is configured, the
 * bank's own known document hosts.
 */
export function documentOrigins(
  settings: ProviderSettings,
  providerId: string,
  apiBaseUrl: string,
  defaults: readonly string[],
): Set<string> {
  return new Set([new URL(apiBaseUrl).origin, ...(settings.documentOrigins?.[providerId] ?? defaults)]);
}

/**
 * A document link from a bank's answer as a URL to fetch, or undefined (never fetched) when it is not an http(s) URL
 * without user info on one of the `allowed` origins. A refused link is published as a failed exchange (warn log with
 * the provider and tenant, never the link), so a missing `<BANK>_DOCUMENT_ORIGINS` entry shows in the logs.
 */
export function allowedDocumentUrl(
  ctx: Pick<ProviderContext, 'tenantId' | 'providerId' | 'requestId'>,
  link: string | undefined,
  allowed: ReadonlySet<string>,
): URL | undefined {
  if (!link) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(link);
  } catch {
    url = undefined;
  }
  const ok =
    url !== undefined &&
    ['https:', 'http:'].includes(url.protocol) &&
    !url.username &&
    !url.password &&
    allowed.has(url.origin);
  if (ok) return url;
  publishExchange({
    providerId: ctx.providerId,
    tenantId: ctx.tenantId,
    requestId: ctx.requestId,
    operation: 'boletoPdf',
    method: 'GET',
    route: DOCUMENT_LINK_ROUTE,
    attempt: 0,
    outcome: 'error',
    failure: 'origin-not-allowed',
    durationMs: 0,
  });
  return undefined;
}

/**
 * The exchange that fetches an allowed document link (GET, bytes kept, capped, retried like a read) through the
 * bank's own HTTP client, so its deadline, breaker and error mapping apply. Redirects are not followed.
 */
export function documentExchange(
  url: URL,
  headers: Record<string, string>,
): Omit<ExchangeSpec, 'ctx' | 'identity'> & { baseUrl: string } {
  return {
    baseUrl: url.origin,
    method: 'GET',
    path: `${url.pathname}${url.search}`,
    route: DOCUMENT_LINK_ROUTE,
    operation: 'boletoPdf',
    headers: { accept: 'application/pdf', ...headers },
    retrySafe: true,
    binary: true,
    maxResponseBytes: MAX_BOLETO_PDF_BYTES,
  };
}

/** A document link's answer as a PDF: 200 → the checked bytes; any other status → PROVIDER_ERROR naming it. */
export function documentAnswer(res: ExchangeResult, providerName: string): Buffer {
  if (res.status === 200) return asBoletoPdf(res.raw, providerName);
  throw new ProviderError(
    'PROVIDER_ERROR',
    `${providerName} answered HTTP ${res.status} for the boleto PDF link of this charge.`,
    { providerStatus: res.status },
  );
}
