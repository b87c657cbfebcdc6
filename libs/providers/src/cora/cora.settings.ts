import type { BankSettings } from '../bank-settings';

/** Cora's declared settings (see BankSettings). */
export const CORA_SETTINGS: BankSettings = {
  providerId: 'cora',
  baseUrlOverride: { name: 'CORA_BASE_URL', doc: 'Overrides the Cora API base URL chosen by credentials.environment.' },
  documentOrigins: {
    name: 'CORA_DOCUMENT_ORIGINS',
    doc: "Comma-separated origins the boleto PDF links of Cora (payment_options.bank_slip.url) may be fetched from, besides the API origin. Unset: none (the link's host is not documented): a link elsewhere is not fetched and the gateway renders the PDF.",
  },
};
