import type { BankSettings } from '../bank-settings';

/** Where the Pix API override reaches the bank: `ProviderSettings.baseUrls[EFI_PIX_BASE_URL_KEY]`. */
export const EFI_PIX_BASE_URL_KEY = 'efi.pix';

/** Efí's declared settings (see BankSettings): two APIs on two hosts, each overridable. */
export const EFI_SETTINGS: BankSettings = {
  providerId: 'efi',
  baseUrlOverride: {
    name: 'EFI_BASE_URL',
    doc: 'Overrides the Efí API Cobranças (boleto, bolepix) base URL chosen by credentials.environment.',
  },
  documentOrigins: {
    name: 'EFI_DOCUMENT_ORIGINS',
    doc: 'Comma-separated origins the boleto PDF links of Efí (pdf.charge) may be fetched from, besides the API Cobranças origin. Unset: https://download.gerencianet.com.br.',
  },
  apiBaseUrlOverrides: {
    pix: {
      name: 'EFI_PIX_BASE_URL',
      doc: 'Overrides the Efí API Pix (cob, cobv; mTLS) base URL chosen by credentials.environment.',
    },
  },
};
