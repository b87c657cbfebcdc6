import type { BankSettings } from '../bank-settings';

/** Cora's declared settings (see BankSettings). */
export const CORA_SETTINGS: BankSettings = {
  providerId: 'cora',
  baseUrlOverride: { name: 'CORA_BASE_URL', doc: 'Overrides the Cora API base URL chosen by credentials.environment.' },
};
