import { credentialsObject, oneOf, parseMtlsIdentity, requiredString } from '../http/mtls-credentials';
import type { MtlsIdentity } from '../http/mtls-connector';

export const INTER_ENVIRONMENTS = ['sandbox', 'production'] as const;
export type InterEnvironment = (typeof INTER_ENVIRONMENTS)[number];

/** Banco Inter (API Cobrança v3) credentials from "Gestão de aplicações": OAuth client + mTLS certificate/key. */
export interface InterCredentials extends MtlsIdentity {
  clientId: string;
  clientSecret: string;
  /** Sent as x-conta-corrente when the application is linked to more than one account. */
  accountNumber?: string;
  environment: InterEnvironment;
}

export const INTER_BASE_URLS: Record<InterEnvironment, string> = {
  sandbox: 'https://cdpj-sandbox.partners.uatinter.co',
  production: 'https://cdpj.partners.bancointer.com.br',
};

const FIELDS = ['clientId', 'clientSecret', 'certificate', 'privateKey', 'accountNumber', 'environment'] as const;

export function parseInterCredentials(raw: unknown): InterCredentials {
  const r = credentialsObject(raw, 'inter', FIELDS);
  const clientId = requiredString(r, 'clientId', 'inter', {
    max: 128,
    pattern: /^[A-Za-z0-9._-]+$/,
    describe: 'letters, digits, ".", "_" or "-", at most 128',
  });
  const clientSecret = requiredString(r, 'clientSecret', 'inter', {
    max: 256,
    pattern: /^[\x21-\x7E]+$/,
    describe: 'visible ASCII, at most 256 characters',
  });
  const environment = oneOf(r, 'environment', 'inter', INTER_ENVIRONMENTS);
  const creds: InterCredentials = { clientId, clientSecret, environment, ...parseMtlsIdentity(r, 'inter') };
  if (r.accountNumber !== undefined) {
    creds.accountNumber = requiredString(r, 'accountNumber', 'inter', {
      max: 20,
      pattern: /^[1-9][0-9]*$/,
      describe: 'digits only, check digit included, no leading zeros',
    });
  }
  return creds;
}
