import { todayInSaoPaulo } from '@lib/brazil';
import { issueToken } from '../../src/auth/token-issuer';
import { uniquePrefix } from '../helpers/redis';
import type { SimPki } from '../pki/sim-pki';
import { simulatorFor } from '../simulators/simulators';

/**
 * Tenants and bodies for specs that run the gateway as separate processes. Deliberately free of test/helpers/app and
 * the fixtures built on it: importing the application into the jest process costs 20 to 40 s on a loaded machine,
 * and these specs only talk HTTP to child processes.
 */
export const REPLICA_SECRETS = {
  MCP_TOKEN_SECRET: 'replica-token-secret-0123456789-abcdefghijklmn',
  ENCRYPTION_KEY_HEX: '1f2e3d4c5b6a79788796a5b4c3d2e1f01f2e3d4c5b6a79788796a5b4c3d2e1f0',
  WEBHOOK_HMAC_SECRET: 'replica-webhook-secret-0123456789-abcdefgh',
};

export interface ReplicaTenant {
  tenantId: string;
  token: string;
}

/** A fresh tenant (unique id and key prefix) of `providerId`; Cora's credentials are its simulator's client. */
export function replicaTenant(providerId: 'sandbox' | 'cora', pki?: SimPki): ReplicaTenant {
  const tenantId = uniquePrefix(`rt-${providerId}`);
  const credentials = providerId === 'cora' && pki ? simulatorFor('cora')?.credentials(pki) : {};
  const token = issueToken({
    secret: REPLICA_SECRETS.MCP_TOKEN_SECRET,
    encryptionKeyHex: REPLICA_SECRETS.ENCRYPTION_KEY_HEX,
    tenantId,
    providerId,
    redisKeyPrefix: uniquePrefix('rp'),
    cacheEnabled: false,
    credentials,
  });
  return { tenantId, token };
}

/** A boleto due in ten days (São Paulo calendar), unique externalId. */
export function boleto(): Record<string, unknown> {
  const [y, m, d] = todayInSaoPaulo().split('-').map(Number);
  return {
    type: 'boleto',
    amount: 15990,
    dueDate: new Date(Date.UTC(y, m - 1, d + 10)).toISOString().slice(0, 10),
    description: 'Mensalidade',
    externalId: uniquePrefix('order'),
    payer: {
      name: 'Maria da Silva',
      document: '529.982.247-25',
      email: 'maria@example.com',
      address: {
        street: 'Avenida Paulista',
        number: '1000',
        district: 'Bela Vista',
        city: 'São Paulo',
        state: 'SP',
        zipCode: '01310-100',
      },
    },
  };
}
