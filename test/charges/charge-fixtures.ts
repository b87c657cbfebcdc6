import request from 'supertest';
import { isValidIsoDate, todayInSaoPaulo } from '@lib/brazil';
import { uniquePrefix } from '../helpers/redis';
import { testToken } from '../helpers/tokens';

/** `YYYY-MM-DD` that is `days` after today in America/Sao_Paulo. */
export function spDate(days: number): string {
  const [y, m, d] = todayInSaoPaulo().split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  const iso = date.toISOString().slice(0, 10);
  if (!isValidIsoDate(iso)) throw new Error(`bad date ${iso}`);
  return iso;
}

export const CPF = '529.982.247-25';
export const CNPJ_ALPHANUMERIC = '12.abc.345/01de-35';

export function boletoBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'boleto',
    amount: 15990,
    dueDate: spDate(10),
    description: 'Mensalidade',
    externalId: `order-${uniquePrefix('o')}`,
    payer: {
      name: 'Maria da Silva',
      document: CPF,
      email: 'maria@example.com',
      address: {
        street: 'Avenida Paulista',
        number: '1000',
        district: 'Bela Vista',
        city: 'São Paulo',
        state: 'sp',
        zipCode: '01310-100',
      },
    },
    fine: { percent: 2 },
    interest: { monthlyPercent: 1 },
    ...overrides,
  };
}

export function pixBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'pix',
    amount: 2500,
    expiresInSeconds: 3600,
    payer: { name: 'Empresa Exemplo', document: CNPJ_ALPHANUMERIC },
    ...overrides,
  };
}

export function bolepixBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return boletoBody({ type: 'bolepix', amount: 100000, ...overrides });
}

export interface Tenant {
  tenantId: string;
  prefix: string;
  token: string;
}

/** A fresh sandbox tenant (unique id and key prefix, so runs never collide). */
export function sandboxTenant(
  options: { cacheEnabled?: boolean; credentials?: Record<string, unknown>; sessionTtlSeconds?: number } = {},
): Tenant {
  const tenantId = uniquePrefix('tc');
  const prefix = uniquePrefix('pc');
  return {
    tenantId,
    prefix,
    token: testToken({
      tenantId,
      redisKeyPrefix: prefix,
      cacheEnabled: options.cacheEnabled ?? true,
      credentials: options.credentials ?? {},
      sessionTtlSeconds: options.sessionTtlSeconds,
    }),
  };
}

export const auth = (t: Tenant) => ({ Authorization: `Bearer ${t.token}` });

export function createCharge(url: string, t: Tenant, body: unknown, key?: string): request.Test {
  const req = request(url).post('/v1/charges').set(auth(t));
  if (key !== undefined) req.set('Idempotency-Key', key);
  return req.send(body as object);
}

/** Test apps run with a high rate limit: these suites measure charges, not the throttler. */
export const CHARGES_TEST_ENV = { RATE_LIMIT: '100000' };
