import { normalizePixKey } from '@lib/brazil';
import { ProviderError } from '../provider-error';
import { credentialsObject, oneOf, parseMtlsIdentity, requiredString } from '../http/mtls-credentials';
import type { MtlsIdentity } from '../http/mtls-connector';

export const EFI_ENVIRONMENTS = ['homologation', 'production'] as const;
export type EfiEnvironment = (typeof EFI_ENVIRONMENTS)[number];

/**
 * Efí (ex-Gerencianet) credentials of one application: the OAuth client of both APIs, the `.p12` converted to PEM
 * (certificate + privateKey, required by the Pix API only) and the receiving Pix key (required for Pix charges).
 */
export interface EfiCredentials extends MtlsIdentity {
  clientId: string;
  clientSecret: string;
  /** The account's Pix key (`chave`) that receives Pix charges, in its canonical DICT form. */
  pixKey?: string;
  environment: EfiEnvironment;
}

/** API Cobranças (boleto, Bolix): Basic -> bearer, no client certificate (official Node SDK). */
export const EFI_CHARGES_BASE_URLS: Record<EfiEnvironment, string> = {
  homologation: 'https://cobrancas-h.api.efipay.com.br',
  production: 'https://cobrancas.api.efipay.com.br',
};

/** API Pix (cob, cobv): mTLS with the application's certificate on every call, token included. */
export const EFI_PIX_BASE_URLS: Record<EfiEnvironment, string> = {
  homologation: 'https://pix-h.api.efipay.com.br',
  production: 'https://pix.api.efipay.com.br',
};

const FIELDS = ['clientId', 'clientSecret', 'certificate', 'privateKey', 'pixKey', 'environment'] as const;

/**
 * Validates Efí credentials. pixKey and the certificate are optional here (a boleto-only application has neither);
 * a Pix create without pixKey is refused at create time (422 UNSUPPORTED_CHARGE_TYPE naming it).
 */
export function parseEfiCredentials(raw: unknown): EfiCredentials {
  const r = credentialsObject(raw, 'efi', FIELDS);
  const clientId = requiredString(r, 'clientId', 'efi', {
    max: 128,
    pattern: /^[A-Za-z0-9._-]+$/,
    describe: 'letters, digits, ".", "_" or "-", at most 128',
  });
  const clientSecret = requiredString(r, 'clientSecret', 'efi', {
    max: 256,
    pattern: /^[\x21-\x7E]+$/,
    describe: 'visible ASCII, at most 256 characters',
  });
  const environment = oneOf(r, 'environment', 'efi', EFI_ENVIRONMENTS);
  const creds: EfiCredentials = { clientId, clientSecret, environment, ...parseMtlsIdentity(r, 'efi') };
  if (r.pixKey !== undefined) {
    const given = requiredString(r, 'pixKey', 'efi', { max: 77, describe: 'a Pix key, at most 77 characters' });
    const key = normalizePixKey(given);
    if (key === undefined)
      throw new ProviderError(
        'AUTH_INVALID_TOKEN',
        'efi credentials: pixKey is invalid (a CPF, CNPJ, e-mail, +55 phone or random key of the Efí account)',
      );
    creds.pixKey = key;
  }
  return creds;
}
