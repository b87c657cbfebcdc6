import { randomUUID } from 'node:crypto';
import { boletoBody, CHARGES_TEST_ENV, pixBody, sandboxTenant } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { DisposableRedis } from '../helpers/redis';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { coraCredentials } from '../providers/bank-credentials';
import { providerTenant, ProviderTenant } from '../providers/gateway-fixtures';
import { CoraSimulator } from '../simulators/cora.simulator';
import { recordFigures } from './figures';
import { chargesAt, isShed, retryKeyed, violations } from './redis-faults.checks';
import { call, Op, Phase, phaseOf, Sample, sampleOf, sleep, steadyLoad, waitUntil } from './steady-load';
import { TcpProxy } from './tcp-proxy';

/**
 * Issue 18's Redis faults, under a steady mixed load: the gateway reaches its Redis through a TCP proxy the test can
 * cut (connections reset, new ones refused) or freeze (no byte moves, as a paused Redis); the last fault is a real
 * SIGSTOP of the redis-server. Cora tenant (bank simulator): reads and unkeyed creates go on, keyed creates get 503
 * IDEMPOTENCY_UNAVAILABLE. Sandbox tenant (its charges live in that Redis): 503 PROVIDER_UNAVAILABLE, keyed creates
 * 503 IDEMPOTENCY_UNAVAILABLE. Always: /health/live 200, /health/ready 503 while down, every 503 with Retry-After,
 * no request past the bound, recovery without restart, and not one charge twice for one create.
 */
jest.setTimeout(120_000);

const COMMAND_TIMEOUT_MS = 250;
/** No request may take longer: a few Redis commands each giving up after COMMAND_TIMEOUT_MS, plus the bank. */
const BOUND_MS = 3000;
const FAULT_MS = 2000;
const UP_MS = 1500;
/** A phase is judged from this long after it began: the client notices, a thawed backlog drains. */
const SETTLE_MS = 800;
const WORKERS = 6;
const FIGURES = { requests: 0, faultsInjected: 0, fiveXx: 0, unexpected5xx: 0, duplicateCharges: 0, maxMs: 0 };
const EXTRA = {
  listedTwice: 0,
  shedWhileUp: 0,
  hung: 0,
  keyedRetried: 0,
  keysHeldByLostClaim: 0,
  maxRecoveryMs: 0,
  chargesCounted: 0,
  chargesAfterTimeout: 0,
};
afterAll(() => recordFigures('redis-faults', { ...FIGURES, ...EXTRA }));

let pki: SimPki;
let cora: CoraSimulator;
beforeAll(async () => {
  pki = generateSimPki();
  cora = new CoraSimulator(pki);
  await cora.start();
});
afterAll(async () => {
  await cora?.stop();
  pki?.cleanup();
});

describe.each(ADAPTERS)('Redis cut, frozen and stopped under load (%s)', (adapter) => {
  let redis: DisposableRedis;
  let proxy: TcpProxy;
  let t: TestApp;
  let coraTenant: ProviderTenant;
  const sbx = sandboxTenant();

  beforeAll(async () => {
    coraTenant = providerTenant('cora', coraCredentials(pki), { cacheEnabled: true });
    redis = await DisposableRedis.start();
    proxy = TcpProxy.forUrl(redis.url);
    await proxy.start();
    t = await startTestApp({
      adapter,
      redis: proxy.url,
      env: {
        ...CHARGES_TEST_ENV,
        REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
        CORA_BASE_URL: cora.url,
        PROVIDER_CA_CERTS_FILE: pki.caFile,
        PROVIDER_TIMEOUT_MS: '2000',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.stop();
    await redis?.stop();
  });

  it('keeps its contract through a cut, a freeze and a SIGSTOP, recovers without restart, and never charges twice', async () => {
    const bearer = (x: { token: string }) => ({ authorization: `Bearer ${x.token}` });
    const cr = bearer(coraTenant);
    const sb = bearer(sbx);
    const seed = async (headers: Record<string, string>, body: Record<string, unknown>) => {
      const a = await call(t.url, { method: 'POST', path: '/v1/charges', headers }, body, randomUUID());
      expect(a.status).toBe(201);
      return a.body.id as string;
    };
    const coraId = await seed(cr, boletoBody());
    const sandboxId = await seed(sb, pixBody());

    const create = (
      name: string,
      headers: Record<string, string>,
      keyed: boolean,
      body: () => Record<string, unknown>,
    ) =>
      ({ name, method: 'POST', path: '/v1/charges', headers, body, key: keyed ? () => randomUUID() : undefined }) as Op;
    const ops: Op[] = [
      { name: 'cora:read', method: 'GET', path: `/v1/charges/${coraId}`, headers: cr },
      create('cora:create', cr, false, () => boletoBody()),
      { name: 'live', method: 'GET', path: '/health/live', headers: {} },
      create('cora:create-keyed', cr, true, () => boletoBody()),
      { name: 'sandbox:read', method: 'GET', path: `/v1/charges/${sandboxId}`, headers: sb },
      create('sandbox:create', sb, false, () => pixBody({ externalId: `x-${randomUUID()}` })),
      { name: 'ready', method: 'GET', path: '/health/ready', headers: {} },
      create('sandbox:create-keyed', sb, true, () => pixBody({ externalId: `x-${randomUUID()}` })),
    ];

    const samples: Sample[] = [];
    const phases: Phase[] = [];
    let done = false;
    const load = steadyLoad(t.url, ops, WORKERS, () => done, samples);
    const hold = async (name: string, ms: number) => {
      const start = Date.now();
      await sleep(ms);
      phases.push({ name, start, end: Date.now() });
    };
    const recover = async (label: string) => {
      const ms = await waitUntil(async () => (await call(t.url, ops[6])).status === 200, 15_000);
      expect({ label, recovered: ms >= 0 }).toEqual({ label, recovered: true });
      EXTRA.maxRecoveryMs = Math.max(EXTRA.maxRecoveryMs, ms);
      // Keyed creates work again, on the bank and on the sandbox, without a restart.
      for (const op of [ops[3], ops[7]]) {
        const [sent, key] = [op.body?.(), randomUUID()];
        let startedAt = Date.now();
        let made = await call(t.url, op, sent, key);
        for (let i = 0; i < 5 && isShed(made); i++, EXTRA.shedWhileUp++) {
          await sleep(300);
          startedAt = Date.now();
          made = await call(t.url, op, sent, key);
        }
        // Kept with the load's samples (its last attempt): judged, retried and counted with them.
        samples.push(sampleOf(op, made, startedAt, key, sent));
        expect({ label, op: op.name, status: made.status }).toEqual({ label, op: op.name, status: 201 });
      }
      await hold('up', UP_MS);
    };
    try {
      await hold('up', UP_MS);
      proxy.cut();
      await hold('down:cut', FAULT_MS);
      proxy.restore();
      await recover('after the cut');
      proxy.freeze();
      await hold('down:frozen', FAULT_MS);
      proxy.restore();
      await recover('after the freeze');
      redis.pause();
      await hold('down:sigstop', FAULT_MS);
      redis.resume();
      await recover('after SIGSTOP');
    } finally {
      redis.resume();
      proxy.restore();
      done = true;
      await load;
    }
    FIGURES.faultsInjected += 3;

    const { found, shed } = violations(samples, phases, SETTLE_MS, BOUND_MS);
    EXTRA.shedWhileUp += shed.length;
    FIGURES.requests += samples.length;
    FIGURES.fiveXx += samples.filter((s) => s.status >= 500).length;
    FIGURES.unexpected5xx += found.filter((v) => v.status >= 500).length;
    FIGURES.maxMs = Math.max(FIGURES.maxMs, ...samples.map((s) => s.ms));
    EXTRA.hung += samples.filter((s) => s.status === 0).length;
    for (const p of ['up', 'down:cut', 'down:frozen', 'down:sigstop'])
      expect({ p, measured: phases.some((x) => x.name === p) }).toEqual({ p, measured: true });
    expect(found.slice(0, 15).map((v) => v.text)).toEqual([]);
    // Sheds stay rare.
    const up = samples.filter((s) => phaseOf(s, phases, SETTLE_MS)?.name === 'up');
    expect(shed.length).toBeLessThanOrEqual(Math.ceil(up.length * 0.1));

    // Every keyed create is sent again with its key and body: a 201 replays the same charge, a refused one is made now.
    const retried = await retryKeyed(t.url, samples, (s) => !phaseOf(s, phases, SETTLE_MS));
    EXTRA.keyedRetried += retried.sent;
    EXTRA.keysHeldByLostClaim += retried.held;
    EXTRA.shedWhileUp += retried.shed;
    FIGURES.requests += retried.sent;
    expect(retried.problems.slice(0, 10)).toEqual([]);

    // One charge per create at the bank and in the sandbox: count them where they live, by externalId.
    const coraCharges = [...cora.invoices.values()]
      .filter((inv) => inv.clientId === 'int-sim-client')
      .map((inv) => String(inv.body.code));
    const { externalIds: sandboxCharges, listedTwice } = await chargesAt(t.url, sb);
    EXTRA.listedTwice += listedTwice.length;
    expect(listedTwice).toEqual([]);
    const counts = new Map<string, number>();
    for (const id of [...coraCharges, ...sandboxCharges]) counts.set(id, (counts.get(id) ?? 0) + 1);
    EXTRA.chargesCounted += coraCharges.length + sandboxCharges.length;
    const duplicates = [...counts].filter(([, n]) => n > 1);
    FIGURES.duplicateCharges += duplicates.reduce((n, [, c]) => n + c - 1, 0);
    expect(duplicates.slice(0, 10)).toEqual([]);
    const answered = new Set(samples.filter((s) => s.status === 201).map((s) => String(s.sent?.externalId)));
    for (const s of retried.created) answered.add(s);
    // A sandbox create whose write was sent while Redis was frozen may still land when it thaws: it was answered 504
    // PROVIDER_TIMEOUT (outcome unknown), counted, not a duplicate. One answered 503 (declined) must never land, and
    // every create answered 201 must be there.
    const landed = [...counts.keys()].filter((k) => !answered.has(k) && k.startsWith('x-'));
    const declined = new Set(samples.filter((s) => s.status === 503).map((s) => String(s.sent?.externalId)));
    EXTRA.chargesAfterTimeout += landed.length;
    expect(landed.filter((k) => declined.has(k))).toEqual([]);
    const missing = [...answered].filter((k) => !counts.has(k));
    expect(missing.slice(0, 5)).toEqual([]);
    expect(t.logs.some((l) => l.includes('"status":500'))).toBe(false);
  });
});
