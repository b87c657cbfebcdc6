import type { Charge } from '../charge.model';
import type { ProviderSettings } from '../provider-settings';
import { allowedDocumentUrl, documentAnswer, documentExchange, documentOrigins } from '../http/bank-document';
import type { EfiChargesClient } from './efi-charges.client';
import type { EfiCtx } from './efi.client';

/**
 * Where Efí's `pdf.charge` links point: `https://download.gerencianet.com.br/<dir>/<file>.pdf` in both environments
 * (homologation adds `?sandbox=true`), as seen in public code. EFI_DOCUMENT_ORIGINS replaces it.
 */
export const EFI_DOCUMENT_ORIGINS: readonly string[] = ['https://download.gerencianet.com.br'];

/**
 * Efí's own boleto PDF: `pdf.charge` of the boleto charge (CONTRACTS.md §1.4a, kept as the charge's
 * `boleto.pdfUrl`), fetched with the application's API Cobranças bearer token (no client certificate, as for that
 * API) through the Cobranças HTTP client, only on an allowed origin.
 */
export class EfiDocuments {
  constructor(
    private readonly client: EfiChargesClient,
    private readonly settings: ProviderSettings,
  ) {}

  async boletoPdf(ctx: EfiCtx, charge: Charge): Promise<Buffer | undefined> {
    const allowed = documentOrigins(this.settings, 'efi', this.client.baseUrl(ctx.credentials), EFI_DOCUMENT_ORIGINS);
    const url = allowedDocumentUrl(ctx, charge.boleto?.pdfUrl, allowed);
    if (!url) return undefined;
    const res = await this.client.sessions.withToken(ctx, (token) =>
      this.client.http.exchange({
        ...documentExchange(url, { authorization: `Bearer ${token}` }),
        ctx,
        identity: {},
      }),
    );
    return documentAnswer(res, 'Efí');
  }
}
