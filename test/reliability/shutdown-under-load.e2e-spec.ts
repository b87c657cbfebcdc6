import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { boletoBody, CHARGES_TEST_ENV, pixBody } from '../charges/charge-fixtures';
import { ADAPTERS, TEST_ENCRYPTION_KEY, TEST_TOKEN_SECRET } from '../helpers/app';
import { deleteKeys, freePort, testRedisUrl, uniquePrefix } from '../helpers/redis';
import { testToken } from '../helpers/tokens';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { coraCredentials } from '../providers/bank-credentials';
import { providerTenant } from '../providers/gateway-fixtures';
import { CoraSimulator } from '../simulators/cora.simulator';
import { SimControl } from '../simulators/sim-control';
import { recordFigures } from './figures';
import { Answer, call, sleep, waitUntil } from './steady-load';

/**
 * Issue 18's shutdown under load: the real process (`node scripts/run-ts.cjs src/main.ts`) with 16 requests in
 * flight against a slow bank (the Cora simulator and the sandbox, both waiting SLOW_MS) gets SIGTERM. Readiness turns
 * 503 for the drain while requests are still served; every request in flight gets its normal answer; once the server
 * closes, new connections are refused; the process exits 0. (test/ops/shutdown.e2e-spec.ts covers both adapters
 * with one request each.)
 */
jest.setTimeout(90_000);

const DRAIN_MS = 1000;
/** Longer than the drain plus Nest's shutdown hooks before the server stops listening, on a loaded machine. */
const SLOW_MS = 4000;
const FIGURES = { requests: 0, inFlightAtSigterm: 0, answeredNormally: 0, fiveXx: 0, duplicateCharges: 0 };
const EXTRA = { servedDuringDrain: 0, ready503DuringDrain: 0, refusedAfterClose: 0, exitedZero: 0 };
afterAll(() => recordFigures('shutdown-under-load', { ...FIGURES, unexpected5xx: FIGURES.fiveXx, ...EXTRA }));

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });

describe.each(ADAPTERS)('SIGTERM with requests in flight (real process, %s)', (adapter) => {
  let pki: SimPki;
  let cora: CoraSimulator;
  let control: SimControl;
  let child: ChildProcess | undefined;
  const globalPrefix = uniquePrefix('g');
  let output = '';

  beforeAll(async () => {
    pki = generateSimPki();
    cora = new CoraSimulator(pki);
    await cora.start();
    control = new SimControl(cora.url, pki);
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await control?.close();
    await cora?.stop();
    pki?.cleanup();
    await deleteKeys(await testRedisUrl(), `${globalPrefix}:*`);
  });

  it('drains: ready 503, in-flight requests answered normally, new connections refused after close, exit 0', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['scripts/run-ts.cjs', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        HTTP_ADAPTER: adapter,
        REDIS_URL: await testRedisUrl(),
        REDIS_GLOBAL_PREFIX: globalPrefix,
        MCP_TOKEN_SECRET: TEST_TOKEN_SECRET,
        ENCRYPTION_KEY_HEX: TEST_ENCRYPTION_KEY,
        WEBHOOK_HMAC_SECRET: 'test-webhook-secret-0123456789-abcdefghij',
        CORA_BASE_URL: cora.url,
        PROVIDER_CA_CERTS_FILE: pki.caFile,
        PROVIDER_TIMEOUT_MS: String(SLOW_MS * 3),
        SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
        RATE_LIMIT: CHARGES_TEST_ENV.RATE_LIMIT,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
    expect(await waitUntil(async () => (await call(url, ready)).status === 200, 40_000)).toBeGreaterThanOrEqual(0);

    const coraTenant = providerTenant('cora', coraCredentials(pki));
    const slowSandbox = testToken({ tenantId: uniquePrefix('sd'), credentials: { latencyMs: SLOW_MS } });
    const cr = { authorization: `Bearer ${coraTenant.token}` };
    const sb = { authorization: `Bearer ${slowSandbox}` };
    const fast = { authorization: `Bearer ${testToken({ tenantId: uniquePrefix('sf') })}` };
    // A first create gets (and caches) Cora's access token; then every bank call waits SLOW_MS.
    const first = await call(url, { method: 'POST', path: '/v1/charges', headers: cr }, boletoBody(), randomUUID());
    expect(first.status).toBe(201);
    await control.faults({ latencyMs: SLOW_MS });

    const started = Date.now();
    const post = (headers: Record<string, string>, body: Record<string, unknown>) =>
      call(url, { method: 'POST', path: '/v1/charges', headers }, body, randomUUID());
    const flights: Array<[string, number, Promise<Answer>]> = [];
    for (let i = 0; i < 4; i++) {
      const coraBody = boletoBody();
      flights.push(['cora read', 200, call(url, { method: 'GET', path: `/v1/charges/${first.body.id}`, headers: cr })]);
      flights.push([`cora keyed create ${String(coraBody.externalId)}`, 201, post(cr, coraBody)]);
      flights.push(['sandbox keyed create', 201, post(sb, pixBody())]);
      flights.push(['sandbox initialize', 200, call(url, { method: 'POST', path: '/initialize', headers: sb })]);
    }
    FIGURES.inFlightAtSigterm += flights.length;
    let settled = 0;
    for (const [, , p] of flights) void p.then(() => settled++);
    await sleep(400);
    child.kill('SIGTERM');
    const signalled = Date.now();

    // The drain: readiness 503 at once, liveness 200, a new request still served (a balancer may not have noticed).
    const notReady = await waitUntil(async () => (await call(url, ready)).status === 503, DRAIN_MS - 300);
    expect(notReady).toBeGreaterThanOrEqual(0);
    EXTRA.ready503DuringDrain++;
    expect((await call(url, { method: 'GET', path: '/health/live', headers: {} })).status).toBe(200);
    const during = await call(url, { method: 'POST', path: '/initialize', headers: fast });
    expect(during.status).toBe(200);
    EXTRA.servedDuringDrain++;
    FIGURES.requests += 3;

    // After the drain the server stops listening: new connections are refused while the slow requests are still
    // running (before the fix, it kept accepting during Nest's destroy hooks, whose closed bank agents answered 502).
    const refusedAt = await waitUntil(() => refused(port), SLOW_MS * 2);
    const settledAtRefusal = settled;
    const answers = await Promise.all(flights.map(async ([what, status, p]) => ({ what, status, got: await p })));
    FIGURES.requests += answers.length + 1;
    FIGURES.fiveXx += answers.filter((a) => a.got.status >= 500).length;
    const wrong = answers.filter((a) => a.got.status !== a.status);
    expect(wrong.map((a) => `${a.what}: ${a.got.status} ${JSON.stringify(a.got.body).slice(0, 200)}`)).toEqual([]);
    FIGURES.answeredNormally += answers.length - wrong.length;
    expect(refusedAt).toBeGreaterThanOrEqual(0);
    expect(settledAtRefusal).toBeLessThan(flights.length);
    EXTRA.refusedAfterClose++;
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOW_MS);
    expect(signalled + DRAIN_MS).toBeLessThan(Date.now());

    const [code, signal] = await exited;
    EXTRA.exitedZero += code === 0 ? 1 : 0;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(output).toContain('shutdown: complete');
    // Each create made one charge at the bank.
    for (const [what] of flights.filter(([w]) => w.startsWith('cora keyed create'))) {
      const n = [...cora.invoices.values()].filter((inv) => `cora keyed create ${String(inv.body.code)}` === what);
      FIGURES.duplicateCharges += Math.max(0, n.length - 1);
      expect(n).toHaveLength(1);
    }
  });
});

const ready = { method: 'GET' as const, path: '/health/ready', headers: {} };
