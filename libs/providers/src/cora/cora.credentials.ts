import { credentialsObject, oneOf, parseMtlsIdentity, requiredString } from '../http/mtls-credentials';
import type { MtlsIdentity } from '../http/mtls-connector';

export const CORA_ENVIRONMENTS = ['stage', 'production'] as const;
export type CoraEnvironment = (typeof CORA_ENVIRONMENTS)[number];

/** Cora "Integração Direta" credentials: the client id and the mTLS certificate/key Cora issued. */
export interface CoraCredentials extends MtlsIdentity {
  clientId: string;
  environment: CoraEnvironment;
}

/** Cora's own hosts per environment (Integração Direta, mTLS on every call). */
export const CORA_BASE_URLS: Record<CoraEnvironment, string> = {
  stage: 'https://matls-clients.api.stage.cora.com.br',
  production: 'https://matls-clients.api.cora.com.br',
};

const FIELDS = ['clientId', 'certificate', 'privateKey', 'environment'] as const;

export function parseCoraCredentials(raw: unknown): CoraCredentials {
  const r = credentialsObject(raw, 'cora', FIELDS);
  const clientId = requiredString(r, 'clientId', 'cora', {
    max: 128,
    pattern: /^[A-Za-z0-9._-]+$/,
    describe: 'letters, digits, ".", "_" or "-", at most 128',
  });
  const environment = oneOf(r, 'environment', 'cora', CORA_ENVIRONMENTS);
  return { clientId, environment, ...parseMtlsIdentity(r, 'cora') };
}
