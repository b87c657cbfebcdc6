import type { Charge } from '../charge.model';
import type { ProviderContext } from '../charge-provider';
import type { ProviderSettings } from '../provider-settings';
import { allowedDocumentUrl, documentAnswer, documentExchange, documentOrigins } from '../http/bank-document';
import { AsaasClient, USER_AGENT } from './asaas.client';
import type { AsaasCredentials, AsaasEnvironment } from './asaas.credentials';

/**
 * Where Asaas's `bankSlipUrl` links point (`https://www.asaas.com/b/pdf/<id>`, `https://sandbox.asaas.com/b/pdf/<id>`,
 * CONTRACTS.md §1.3 and payments seen in public code), per environment. ASAAS_DOCUMENT_ORIGINS replaces them.
 */
export const ASAAS_DOCUMENT_ORIGINS: Record<AsaasEnvironment, readonly string[]> = {
  sandbox: ['https://sandbox.asaas.com'],
  production: ['https://www.asaas.com'],
};

/**
 * Asaas's own boleto PDF: the payment's `bankSlipUrl` (kept as the charge's `boleto.pdfUrl`), fetched with the
 * account's `access_token` and User-Agent headers through the Asaas HTTP client, only on an allowed origin.
 */
export class AsaasDocuments {
  constructor(
    private readonly client: AsaasClient,
    private readonly settings: ProviderSettings,
  ) {}

  async boletoPdf(ctx: ProviderContext<AsaasCredentials>, charge: Charge): Promise<Buffer | undefined> {
    const allowed = documentOrigins(
      this.settings,
      'asaas',
      this.client.baseUrl(ctx.credentials),
      ASAAS_DOCUMENT_ORIGINS[ctx.credentials.environment],
    );
    const url = allowedDocumentUrl(ctx, charge.boleto?.pdfUrl, allowed);
    if (!url) return undefined;
    const headers = { access_token: ctx.credentials.apiKey, 'user-agent': USER_AGENT };
    const res = await this.client.http.exchange({ ...documentExchange(url, headers), ctx, identity: {} });
    return documentAnswer(res, 'Asaas');
  }
}
