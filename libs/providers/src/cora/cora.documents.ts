import type { Charge } from '../charge.model';
import type { ProviderContext } from '../charge-provider';
import type { ProviderSettings } from '../provider-settings';
import { allowedDocumentUrl, documentAnswer, documentExchange, documentOrigins } from '../http/bank-document';
import type { CoraClient } from './cora.client';
import type { CoraCredentials } from './cora.credentials';

/**
 * Cora's own boleto PDF: the invoice's `payment_options.bank_slip.url` (CONTRACTS.md §1.1, read by third-party
 * parsers; kept as the charge's `boleto.pdfUrl`), fetched with the tenant's bearer token over its mTLS identity
 * through the Cora HTTP client. The host of that link is not documented anywhere we could read, so only Cora's API
 * origin is allowed by default: CORA_DOCUMENT_ORIGINS adds the real one; a link elsewhere is rendered instead.
 */
export class CoraDocuments {
  constructor(
    private readonly client: CoraClient,
    private readonly settings: ProviderSettings,
  ) {}

  async boletoPdf(ctx: ProviderContext<CoraCredentials>, charge: Charge): Promise<Buffer | undefined> {
    const allowed = documentOrigins(this.settings, 'cora', this.client.baseUrl(ctx.credentials), []);
    const url = allowedDocumentUrl(ctx, charge.boleto?.pdfUrl, allowed);
    if (!url) return undefined;
    const res = await this.client.sessions.withToken(ctx, (token) =>
      this.client.http.exchange({
        ...documentExchange(url, { authorization: `Bearer ${token}` }),
        ctx,
        identity: ctx.credentials,
      }),
    );
    return documentAnswer(res, 'Cora');
  }
}
