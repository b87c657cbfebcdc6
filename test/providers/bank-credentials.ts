import type { SimPki } from '../pki/sim-pki';
import { simulatorCredentials } from './gateway-fixtures';

/** For specs about one bank: its simulator's default client credentials, with overrides. */
export const coraCredentials = (pki: SimPki, over: Record<string, unknown> = {}) =>
  simulatorCredentials('cora', pki, over);

/** The Inter simulator client's secret in tests: a canary that must never show up in logs or Redis. */
export const INTER_SECRET = 'sim-inter-secret-CANARY-7f3a9c';

export const interCredentials = (pki: SimPki, over: Record<string, unknown> = {}) =>
  simulatorCredentials('inter', pki, { clientSecret: INTER_SECRET, ...over });

/** The Asaas simulator account's API key in tests: a canary that must never show up in logs or Redis. */
export const ASAAS_API_KEY = '$aact_hmlg_sim-asaas-key-CANARY-4b1d7e';

export const asaasCredentials = (pki: SimPki, over: Record<string, unknown> = {}) =>
  simulatorCredentials('asaas', pki, { apiKey: ASAAS_API_KEY, ...over });

/** The Efí simulator client's secret in tests: a canary that must never show up in logs or Redis. */
export const EFI_SECRET = 'sim-efi-secret-CANARY-2c8e51';

export const efiCredentials = (pki: SimPki, over: Record<string, unknown> = {}) =>
  simulatorCredentials('efi', pki, { clientSecret: EFI_SECRET, ...over });
