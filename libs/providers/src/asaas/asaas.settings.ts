import type { BankSettings } from '../bank-settings';

/** Asaas's declared settings (see BankSettings). */
export const ASAAS_SETTINGS: BankSettings = {
  providerId: 'asaas',
  baseUrlOverride: {
    name: 'ASAAS_BASE_URL',
    doc: 'Overrides the Asaas API base URL (with its /v3 path) chosen by credentials.environment.',
  },
  documentOrigins: {
    name: 'ASAAS_DOCUMENT_ORIGINS',
    doc: 'Comma-separated origins the boleto PDF links of Asaas (bankSlipUrl) may be fetched from, besides the API origin. Unset: https://www.asaas.com (production), https://sandbox.asaas.com (sandbox).',
  },
};
