import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { boletoBody, CHARGES_TEST_ENV, pixBody } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TEST_ENCRYPTION_KEY, TestApp } from '../helpers/app';
import { scanKeys, uniquePrefix } from '../helpers/redis';
import { issueToken } from '../../src/auth/token-issuer';
import { nowSeconds, testToken } from '../helpers/tokens';
import { boletoArgs, callTool, connectMcp, ERAS } from '../mcp/mcp-client';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { pemBody } from '../providers/gateway-fixtures';
import { CoraSimulator } from '../simulators/cora.simulator';
import { SimControl } from '../simulators/sim-control';
import { findLeaks, Leak, secretForms } from './canary-scan';
import { recordFigures } from './figures';
import { jwtOf } from './hostile-jwt';

/**
 * Issue 18's secrets canary: tenants whose credentials carry a string unique to this run (a Cora clientId, the
 * private key of its mTLS identity, sandbox credential fields) go through every flow — REST create/read/cancel,
 * /initialize, the MCP tools, Cora faults (5xx, 429, dropped connections, timeouts), refused credentials and forged,
 * expired or re-signed tokens — with debug logging on. Then no form of a secret (plain, base64 at each alignment,
 * base64url, hex) may be in a log line, a response (body or headers), the Prometheus text or a Redis value or key.
 */
jest.setTimeout(120_000);

const CANARY = `cnry${randomBytes(10).toString('hex')}`;
const CORA_CLIENT_ID = `int-sim-client-${CANARY}`;
const SANDBOX_SECRET = `sbx-secret-${CANARY}`;
const FIGURES = { flows: 0, responses: 0, logLines: 0, redisValues: 0, formsChecked: 0, leakedCanaries: 0 };

let pki: SimPki;
let sim: CoraSimulator;
let control: SimControl;

beforeAll(async () => {
  pki = generateSimPki();
  sim = new CoraSimulator(pki, [CORA_CLIENT_ID]);
  await sim.start();
  control = new SimControl(sim.url, pki);
});
afterAll(async () => {
  recordFigures('secrets-canary', { ...FIGURES, requests: FIGURES.responses });
  await control?.close();
  await sim?.stop();
  pki?.cleanup();
});

it('finds a planted secret in every form it checks (the scan itself is sensitive)', () => {
  for (const offset of [0, 1, 2]) {
    const buffer = Buffer.concat([Buffer.alloc(offset + 5, 0x7a), Buffer.from(CANARY), Buffer.from('tail')]);
    for (const text of [buffer.toString('base64'), buffer.toString('base64url'), buffer.toString('hex')]) {
      expect(findLeaks({ canary: CANARY }, { planted: [`x${text}x`] }).length).toBeGreaterThan(0);
    }
  }
  expect(findLeaks({ canary: CANARY }, { planted: [`"clientId":"${CANARY}"`] })).toHaveLength(1);
  expect(findLeaks({ canary: CANARY }, { clean: ['nothing here'] })).toEqual([]);
});

describe.each(ADAPTERS)('secrets canary (%s)', (adapter) => {
  let t: TestApp;
  const responses: string[] = [];
  const prefixes: string[] = [];
  const coraCredentials = () => ({
    clientId: CORA_CLIENT_ID,
    certificate: pki.clientCertPem,
    privateKey: pki.clientKeyPem,
    environment: 'stage',
  });
  const tenant = (providerId: string, credentials: Record<string, unknown>) => {
    const tenantId = uniquePrefix('tcan');
    const prefix = uniquePrefix('pcan');
    prefixes.push(prefix);
    const token = testToken({ tenantId, providerId, redisKeyPrefix: prefix, credentials, cacheEnabled: true });
    return { tenantId, prefix, token, auth: { Authorization: `Bearer ${token}` } };
  };
  const keep = (res: request.Response) => {
    FIGURES.responses++;
    responses.push(res.text ?? '', JSON.stringify(res.headers));
    return res;
  };
  const flow = async (auth: Record<string, string>, type: 'boleto' | 'pix' = 'boleto') => {
    FIGURES.flows++;
    keep(await request(t.url).post('/initialize').set(auth));
    const body = type === 'pix' ? pixBody() : boletoBody();
    const created = keep(
      await request(t.url).post('/v1/charges').set(auth).set('Idempotency-Key', randomUUID()).send(body),
    );
    keep(await request(t.url).post('/v1/charges').set(auth).send(body));
    const id = (created.body as { id?: string }).id ?? 'sbx_000000000000000000000000';
    keep(await request(t.url).get(`/v1/charges/${id}`).set(auth));
    keep(await request(t.url).get(`/v1/charges/${id}`).set(auth));
    keep(await request(t.url).post(`/v1/charges/${id}/cancel`).set(auth));
    return created;
  };

  beforeAll(async () => {
    t = await startTestApp({
      adapter,
      env: {
        ...CHARGES_TEST_ENV,
        LOG_LEVEL: 'debug',
        CORA_BASE_URL: sim.url,
        PROVIDER_CA_CERTS_FILE: pki.caFile,
        PROVIDER_TIMEOUT_MS: '700',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => control.post('/__sim/faults/reset'));

  it('runs REST create, read and cancel and /initialize on Cora and on the sandbox', async () => {
    const cora = tenant('cora', coraCredentials());
    expect((await flow(cora.auth)).status).toBe(201);
    expect((await flow(cora.auth, 'pix')).status).toBe(201);
    const sandbox = tenant('sandbox', { apiKey: SANDBOX_SECRET, clientSecret: SANDBOX_SECRET, note: CANARY });
    expect((await flow(sandbox.auth)).status).toBe(201);
  });

  it.each(ERAS)('runs the MCP tools (%s era)', async (era) => {
    for (const x of [tenant('cora', coraCredentials()), tenant('sandbox', { apiKey: SANDBOX_SECRET })]) {
      FIGURES.flows++;
      const client = await connectMcp(t.url, era, x.auth);
      try {
        const created = await callTool(client, 'create_charge', boletoArgs({ idempotencyKey: randomUUID() }));
        const id = String(created.structured.id ?? 'inv_none');
        const outcomes = [
          created,
          await callTool(client, 'get_charge', { id }),
          await callTool(client, 'cancel_charge', { id }),
          await callTool(client, 'get_charge', { id: 'inv_does_not_exist' }),
          await callTool(client, 'create_charge', boletoArgs({ amount: -1 })),
        ];
        for (const o of outcomes) responses.push(JSON.stringify(o));
        FIGURES.responses += outcomes.length;
        expect(created.isError).toBe(false);
      } finally {
        await client.close();
      }
    }
  });

  it.each([
    ['a 5xx burst', { fail: { count: 6, status: 503 } }],
    ['a 500', { fail: { count: 3, status: 500 } }],
    ['a 429 with Retry-After', { fail: { count: 2, status: 429, retryAfter: '3' } }],
    ['dropped connections', { drop: 3 }],
    ['a hang past the timeout', { hang: 1 }],
    ['a timeout after commit', { hangAfterCommit: 1 }],
    ['slow answers', { latencyMs: 300 }],
  ])('runs the flows while Cora suffers %s (/__sim/faults)', async (_name, faults) => {
    const cora = tenant('cora', coraCredentials());
    await control.faults(faults);
    await flow(cora.auth);
  });

  it('refuses credentials Cora does not know, credentials that do not parse, and bad sandbox fields', async () => {
    const cases = [
      tenant('cora', { ...coraCredentials(), clientId: `unknown-${CANARY}` }),
      tenant('cora', { ...coraCredentials(), clientId: `bad id ${CANARY}!` }),
      tenant('cora', {
        ...coraCredentials(),
        privateKey: `-----BEGIN PRIVATE KEY-----\n${CANARY}\n-----END PRIVATE KEY-----`,
      }),
      tenant('cora', { ...coraCredentials(), certificate: pki.rogueClientCertPem, privateKey: pki.clientKeyPem }),
      tenant('cora', { ...coraCredentials(), extra: CANARY }),
      tenant('sandbox', { latencyMs: CANARY }),
      tenant('sandbox', { failWith: CANARY }),
      tenant('sandbox', { failWith: 503, apiKey: SANDBOX_SECRET }),
      tenant('sandbox', { failWith: 'timeout', apiKey: SANDBOX_SECRET }),
    ];
    for (const c of cases) {
      const created = await flow(c.auth);
      expect(created.status).toBeGreaterThanOrEqual(400);
      expect(created.status).toBeLessThan(600);
    }
  });

  it('refuses forged, expired and re-signed tokens that carry the sealed credentials', async () => {
    const tenantId = uniquePrefix('tcan');
    const claims = { tenantId, providerId: 'cora', credentials: coraCredentials() };
    const sealed = issueToken({ secret: 'x'.repeat(40), encryptionKeyHex: TEST_ENCRYPTION_KEY, ...claims });
    const payload = Buffer.from(sealed.split('.')[1], 'base64url').toString();
    const expired = JSON.stringify({ ...JSON.parse(payload), iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 });
    const otherKey = issueToken({ secret: 'y'.repeat(40), encryptionKeyHex: 'ab'.repeat(32), ...claims });
    const tokens = [
      sealed,
      otherKey,
      jwtOf(JSON.stringify({ alg: 'HS256' }), expired),
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${sealed.split('.')[1]}.`,
      `${sealed}x`,
      testToken({ tenantId, providerId: 'cora', credentials: { clientId: CANARY } }).replace(/\.[^.]+$/, '.AAAA'),
    ];
    for (const token of tokens) {
      FIGURES.flows++;
      const res = keep(
        await request(t.url).post('/v1/charges').set('Authorization', `Bearer ${token}`).send(boletoBody()),
      );
      expect(res.status).toBe(401);
      keep(await request(t.url).post('/initialize').set('Authorization', `Bearer ${token}`));
    }
  });

  it('leaves no form of a secret in logs, responses, metrics or Redis', async () => {
    const metrics = keep(await request(t.url).get('/metrics/prometheus'));
    const redis: string[] = [];
    for (const pattern of [...prefixes.map((p) => `${p}:*`), `${t.globalPrefix}:*`]) {
      for (const [key, value] of await scanKeys(t.redisUrl as string, pattern)) redis.push(key, value);
    }
    FIGURES.logLines += t.logs.length;
    FIGURES.redisValues += redis.length / 2;
    const secrets = {
      canary: CANARY,
      coraPrivateKey: pemBody(pki.clientKeyPem),
      sandboxSecret: SANDBOX_SECRET,
    };
    const leaks: Leak[] = findLeaks(secrets, {
      logs: t.logs,
      responses,
      metrics: [metrics.text],
      redis,
    });
    FIGURES.formsChecked += Object.values(secrets).reduce((n, s) => n + secretForms(s).length, 0);
    FIGURES.leakedCanaries += leaks.length;
    expect(leaks).toEqual([]);
    // The scan found something to scan: the flows wrote logs, sessions and charges.
    expect(t.logs.length).toBeGreaterThan(50);
    expect(redis.length).toBeGreaterThan(0);
  });
});
