import type { BankSettings } from '../bank-settings';

/** Asaas's declared settings (see BankSettings). */
export const ASAAS_SETTINGS: BankSettings = {
  providerId: 'asaas',
  baseUrlOverride: {
    name: 'ASAAS_BASE_URL',
    doc: 'Overrides the Asaas API base URL (with its /v3 path) chosen by credentials.environment.',
  },
};
