import type { SimPki } from '../pki/sim-pki';
import { simulatorCredentials } from './gateway-fixtures';

/** For specs about one bank: its simulator's default client credentials, with overrides. */
export const coraCredentials = (pki: SimPki, over: Record<string, unknown> = {}) =>
  simulatorCredentials('cora', pki, over);

/** The Inter simulator client's secret in tests: a canary that must never show up in logs or Redis. */
export const INTER_SECRET = 'sim-inter-secret-CANARY-7f3a9c';

export const interCredentials = (pki: SimPki, over: Record<string, unknown> = {}) =>
  simulatorCredentials('inter', pki, { clientSecret: INTER_SECRET, ...over });
