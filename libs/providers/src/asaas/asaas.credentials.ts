import { ProviderError } from '../provider-error';
import { credentialsObject, oneOf, requiredString } from '../http/mtls-credentials';

export const ASAAS_ENVIRONMENTS = ['sandbox', 'production'] as const;
export type AsaasEnvironment = (typeof ASAAS_ENVIRONMENTS)[number];

/** Asaas API v3 credentials: the account's API key (header `access_token`), and the webhook's own token if set. */
export interface AsaasCredentials {
  /** The account's API key, `$` included (`$aact_hmlg_...` in sandbox, `$aact_prod_...` in production). */
  apiKey: string;
  environment: AsaasEnvironment;
  /** The "Token de Autenticação" configured on the Asaas webhook: sent back in the `asaas-access-token` header. */
  webhookToken?: string;
}

/** Asaas's API base URLs (with the /v3 path) per environment. */
export const ASAAS_BASE_URLS: Record<AsaasEnvironment, string> = {
  sandbox: 'https://api-sandbox.asaas.com/v3',
  production: 'https://api.asaas.com/v3',
};

/** Key prefixes Asaas gives each environment's keys; older keys may carry neither. */
const KEY_PREFIX: Record<AsaasEnvironment, string> = { sandbox: '$aact_hmlg_', production: '$aact_prod_' };

const FIELDS = ['apiKey', 'environment', 'webhookToken'] as const;
const VISIBLE_ASCII = /^[\x21-\x7E]+$/;

export function parseAsaasCredentials(raw: unknown): AsaasCredentials {
  const r = credentialsObject(raw, 'asaas', FIELDS);
  const apiKey = requiredString(r, 'apiKey', 'asaas', {
    max: 512,
    pattern: VISIBLE_ASCII,
    describe: 'visible ASCII, at most 512 characters, the leading $ included',
  });
  const environment = oneOf(r, 'environment', 'asaas', ASAAS_ENVIRONMENTS);
  // A key of the other environment is always refused by Asaas (401): say so now, naming the prefix, never the key.
  const other = ASAAS_ENVIRONMENTS.find((e) => e !== environment) as AsaasEnvironment;
  if (apiKey.startsWith(KEY_PREFIX[other]))
    throw new ProviderError(
      'AUTH_INVALID_TOKEN',
      `asaas credentials: apiKey is a ${other} key (${KEY_PREFIX[other]}...) but environment is "${environment}"`,
    );
  const creds: AsaasCredentials = { apiKey, environment };
  if (r.webhookToken !== undefined)
    creds.webhookToken = requiredString(r, 'webhookToken', 'asaas', {
      max: 255,
      pattern: VISIBLE_ASCII,
      describe: 'visible ASCII, at most 255 characters',
    });
  return creds;
}
