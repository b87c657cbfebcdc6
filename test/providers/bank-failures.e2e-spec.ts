import request from 'supertest';
import { bolepixBody, boletoBody, CHARGES_TEST_ENV } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys } from '../helpers/redis';
import { callTool, connectMcp } from '../mcp/mcp-client';
import { CoraSimulator } from '../simulators/cora.simulator';
import { InterSimulator } from '../simulators/inter.simulator';
import { SimControl } from '../simulators/sim-control';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { coraCredentials, INTER_SECRET, interCredentials } from './bank-credentials';
import { bearer, post, providerTenant, ProviderTenant, timed } from './gateway-fixtures';

/*
 * The error contract of the production guide, on real HTTP exchanges with the bank simulators: a bank's own 5xx
 * answer is 502 PROVIDER_ERROR; 503 PROVIDER_UNAVAILABLE (always with Retry-After) is the gateway declining to call
 * the bank: the bank rate-limited us (429) or the circuit breaker is open. REST and MCP answer alike.
 */

const TIMEOUT_MS = 700;
const BANK_5XX = [500, 502, 503, 504];
let pki: SimPki;
let cora: CoraSimulator;
let inter: InterSimulator;
const controls: Record<'cora' | 'inter', SimControl> = {} as never;

beforeAll(async () => {
  pki = generateSimPki();
  cora = new CoraSimulator(pki);
  inter = new InterSimulator(pki, [
    {
      clientId: 'sim-inter-client',
      clientSecret: INTER_SECRET,
      scopes: ['boleto-cobranca.read', 'boleto-cobranca.write'],
    },
  ]);
  inter.registrationDelayMs = 0;
  await cora.start();
  await inter.start();
  controls.cora = new SimControl(cora.url, pki);
  controls.inter = new SimControl(inter.url, pki);
});
afterAll(async () => {
  await controls.cora?.close();
  await controls.inter?.close();
  await cora?.stop();
  await inter?.stop();
  pki?.cleanup();
});

describe.each(ADAPTERS)('bank failures reach callers as the guide promises (%s)', (adapter) => {
  let t: TestApp;
  const tenants: ProviderTenant[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      adapter,
      env: {
        ...CHARGES_TEST_ENV,
        CORA_BASE_URL: cora.url,
        INTER_BASE_URL: inter.url,
        PROVIDER_CA_CERTS_FILE: pki.caFile,
        PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS),
      },
    });
  });
  afterAll(async () => {
    for (const x of tenants) await deleteKeys(t.redisUrl as string, `${x.prefix}:*`);
    await t?.close();
  });
  afterEach(async () => {
    await controls.cora.post('/__sim/faults/reset');
    await controls.inter.post('/__sim/faults/reset');
  });

  describe.each(['cora', 'inter'] as const)('%s', (bank) => {
    const control = () => controls[bank];
    const tenant = () => {
      const x = providerTenant(bank, bank === 'cora' ? coraCredentials(pki) : interCredentials(pki));
      tenants.push(x);
      return x;
    };
    const body = () => (bank === 'cora' ? boletoBody() : bolepixBody({ externalId: undefined }));
    const read = (a: ProviderTenant, id: string) => request(t.url).get(`/v1/charges/${id}`).set(bearer(a));
    let a: ProviderTenant;
    let chargeId: string;

    beforeAll(async () => {
      a = tenant();
      chargeId = (await post(t.url, '/v1/charges', a, body()).expect(201)).body.id;
    });

    /** Runs `call` while the bank answers `status`, then lets a successful read reset the breaker's failure count. */
    const whileBankAnswers = async <T>(status: number, call: () => Promise<T>): Promise<T> => {
      await control().faults({ fail: { count: 10, status, retryAfter: '9' } });
      try {
        return await call();
      } finally {
        await control().post('/__sim/faults/reset');
        await read(a, chargeId).expect(200);
      }
    };

    it.each(BANK_5XX)('answers a bank HTTP %s as 502 PROVIDER_ERROR on REST and MCP, never 503', async (status) => {
      const res = await whileBankAnswers(status, () => read(a, chargeId));
      expect(res.status).toBe(502);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toBeUndefined();
      expect(res.body).toMatchObject({
        code: 'PROVIDER_ERROR',
        status: 502,
        detail: expect.stringContaining(`HTTP ${status}`),
      });
      const client = await connectMcp(t.url, 'modern', bearer(a));
      try {
        const tool = await whileBankAnswers(status, () => callTool(client, 'get_charge', { id: chargeId }));
        expect(tool).toMatchObject({ isError: true, structured: { code: 'PROVIDER_ERROR', status: 502 } });
        expect(tool.structured.retryAfterSeconds).toBeUndefined();
      } finally {
        await client.close();
      }
    });

    it("answers a bank 429 as 503 PROVIDER_UNAVAILABLE with the bank's Retry-After, on REST and MCP", async () => {
      await control().faults({ fail: { count: 1, status: 429, retryAfter: '9' } });
      const res = await read(a, chargeId);
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('PROVIDER_UNAVAILABLE');
      expect(res.headers['retry-after']).toBe('9');
      await control().faults({ fail: { count: 1, status: 429, retryAfter: '9' } });
      const client = await connectMcp(t.url, 'legacy', bearer(a));
      try {
        expect(await callTool(client, 'get_charge', { id: chargeId })).toMatchObject({
          isError: true,
          structured: { code: 'PROVIDER_UNAVAILABLE', status: 503, retryAfterSeconds: 9 },
        });
      } finally {
        await client.close();
      }
    });

    it('answers 503 PROVIDER_UNAVAILABLE with Retry-After, without calling the bank, once the breaker is open; REST and MCP', async () => {
      await control().faults({ fail: { count: 10_000, status: 503 } });
      // 3 attempts per read: the 5th consecutive failure, inside the second read, opens the breaker.
      expect((await read(a, chargeId)).body.code).toBe('PROVIDER_ERROR');
      await read(a, chargeId);
      const seen = (await control().stats()).requests;
      const { res, ms } = await timed(() => read(a, chargeId));
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        code: 'PROVIDER_UNAVAILABLE',
        detail: expect.stringMatching(/circuit breaker open/),
      });
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(ms).toBeLessThan(150);
      const client = await connectMcp(t.url, 'modern', bearer(a));
      try {
        const tool = await callTool(client, 'get_charge', { id: chargeId });
        expect(tool).toMatchObject({ isError: true, structured: { code: 'PROVIDER_UNAVAILABLE', status: 503 } });
        expect(tool.structured.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      } finally {
        await client.close();
      }
      expect((await control().stats()).requests).toBe(seen);
      await control().post('/__sim/faults/reset');
      await new Promise((r) => setTimeout(r, 2 * TIMEOUT_MS + 100));
      await read(a, chargeId).expect(200);
    });
  });
});
