import type { BankSettings } from '../bank-settings';

/** Banco Inter's declared settings (see BankSettings). */
export const INTER_SETTINGS: BankSettings = {
  providerId: 'inter',
  baseUrlOverride: {
    name: 'INTER_BASE_URL',
    doc: 'Overrides the Banco Inter API base URL chosen by credentials.environment.',
  },
};
