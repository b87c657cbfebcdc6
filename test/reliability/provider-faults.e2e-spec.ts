import type { Client } from '@modelcontextprotocol/client';
import { boletoBody, CHARGES_TEST_ENV } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { connectMcp } from '../mcp/mcp-client';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { coraCredentials } from '../providers/bank-credentials';
import { bearer, providerTenant } from '../providers/gateway-fixtures';
import { CoraSimulator } from '../simulators/cora.simulator';
import { SimControl } from '../simulators/sim-control';
import { recordFigures } from './figures';
import { Actors, Outcome } from './provider-faults.actors';
import { call, sleep, waitUntil } from './steady-load';

/**
 * Issue 18's provider faults, through the Cora simulator's /__sim/faults controls, on REST and MCP: a bank 5xx is 502
 * PROVIDER_ERROR, a 429 is 503 PROVIDER_UNAVAILABLE with the bank's Retry-After, a dropped connection 502, a slow
 * bank 504 PROVIDER_TIMEOUT, a create that commits and then hangs is retried into the same charge; the breaker opens
 * (503 with Retry-After, no bank call), lets one probe through after its cooldown and closes on success. Bursts of
 * concurrent calls under faults answer only documented codes, and no idempotency key ever makes two charges.
 */
jest.setTimeout(120_000);

const TIMEOUT_MS = 600;
/** defaultResilience: 2 x PROVIDER_TIMEOUT_MS, at least 1 s. */
const COOLDOWN_MS = Math.max(1000, 2 * TIMEOUT_MS);
const FIGURES = { requests: 0, faultsInjected: 0, fiveXx: 0, unexpected5xx: 0, duplicateCharges: 0 };
const EXTRA = { breakerOpened: 0, bankCallsWhileOpen: 0, keysRetried: 0 };
afterAll(() => recordFigures('provider-faults', { ...FIGURES, ...EXTRA }));

let pki: SimPki;
let cora: CoraSimulator;
let control: SimControl;
beforeAll(async () => {
  pki = generateSimPki();
  cora = new CoraSimulator(pki);
  await cora.start();
  control = new SimControl(cora.url, pki);
});
afterAll(async () => {
  await control?.close();
  await cora?.stop();
  pki?.cleanup();
});

describe.each(ADAPTERS)('provider fault sweep on Cora (%s)', (adapter) => {
  let t: TestApp;
  let mcp: Client;
  let x: Actors;

  beforeAll(async () => {
    t = await startTestApp({
      adapter,
      env: {
        ...CHARGES_TEST_ENV,
        CORA_BASE_URL: cora.url,
        PROVIDER_CA_CERTS_FILE: pki.caFile,
        PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS),
        // Redis is not under test here: a loaded machine must not turn a keyed create into 503 IDEMPOTENCY_UNAVAILABLE.
        REDIS_COMMAND_TIMEOUT_MS: '2000',
      },
    });
    const tenant = providerTenant('cora', coraCredentials(pki));
    const seeded = await call(t.url, { method: 'POST', path: '/v1/charges', headers: bearer(tenant) }, boletoBody());
    expect(seeded.status).toBe(201);
    mcp = await connectMcp(t.url, 'modern', bearer(tenant));
    x = new Actors(t.url, bearer(tenant), mcp, String(seeded.body.id));
  });
  afterAll(async () => {
    await mcp?.close();
    await t?.close();
  });

  const fault = async (config: Record<string, unknown>) => {
    FIGURES.faultsInjected++;
    await control.faults(config);
  };
  /** Faults off, then a successful read (after the cooldown if the breaker is open): the host is healthy again. */
  const heal = async () => {
    await control.post('/__sim/faults/reset');
    expect(await waitUntil(async () => (await x.restRead()).out === 'ok', 3 * COOLDOWN_MS)).toBeGreaterThanOrEqual(0);
  };
  /** Calls that reached the bank's invoice routes (token requests left out). */
  const bankCalls = async () =>
    Object.entries((await control.stats()).byRoute)
      .filter(([route]) => route.includes('/v2/invoices'))
      .reduce((n, [, c]) => n + c, 0);
  const expectOne = (o: Outcome, out: string, retryAfter?: number) =>
    expect({ via: o.via, what: o.what, out: o.out, retryAfter: o.retryAfter }).toEqual({
      via: o.via,
      what: o.what,
      out,
      retryAfter,
    });

  it.each([500, 502, 503, 504])('answers a bank %s as 502 PROVIDER_ERROR without Retry-After', async (status) => {
    // A read is tried 3 times: 3 failures, below the breaker's 5; the heal in between resets the count.
    await fault({ fail: { count: 3, status } });
    expectOne(await x.restRead(), '502 PROVIDER_ERROR');
    await heal();
    await fault({ fail: { count: 3, status } });
    expectOne(await x.mcpRead(), '502 PROVIDER_ERROR');
    await heal();
  });

  it("answers a bank 429 as 503 PROVIDER_UNAVAILABLE with the bank's Retry-After", async () => {
    await fault({ fail: { count: 1, status: 429, retryAfter: '7' } });
    expectOne(await x.restRead(), '503 PROVIDER_UNAVAILABLE', 7);
    await fault({ fail: { count: 1, status: 429, retryAfter: '7' } });
    expectOne(await x.mcpRead(), '503 PROVIDER_UNAVAILABLE', 7);
    await heal();
  });

  it('answers dropped connections as 502 PROVIDER_ERROR and a slow bank as 504 PROVIDER_TIMEOUT', async () => {
    await fault({ drop: 3 });
    expectOne(await x.restRead(), '502 PROVIDER_ERROR');
    await heal();
    await fault({ drop: 3 });
    expectOne(await x.mcpRead(), '502 PROVIDER_ERROR');
    await heal();
    // A timeout is retried once: 2 host failures per read.
    await fault({ latencyMs: TIMEOUT_MS + 600 });
    expectOne(await x.restRead(), '504 PROVIDER_TIMEOUT');
    expectOne(await x.mcpRead(), '504 PROVIDER_TIMEOUT');
    await heal();
  });

  it('turns a create that commits and then hangs into one charge (the retry carries the same key to the bank)', async () => {
    for (const create of [x.restCreate.bind(x), x.mcpCreate.bind(x)]) {
      await fault({ hangAfterCommit: 1 });
      const o = await create();
      expectOne(o, 'ok');
      const code = o.create?.body.externalId;
      expect([...cora.invoices.values()].filter((i) => i.body.code === code)).toHaveLength(1);
    }
    await heal();
  });

  it('opens the breaker (503 with Retry-After, no bank call), re-opens on a failed probe, closes on a good one', async () => {
    await fault({ fail: { count: 10_000, status: 503 } });
    // 3 attempts per read: the 5th consecutive failure, inside the second read, opens the breaker.
    expectOne(await x.restRead(), '502 PROVIDER_ERROR');
    expect((await x.restRead()).out).toBe('503 PROVIDER_UNAVAILABLE');
    EXTRA.breakerOpened++;
    const seen = await bankCalls();
    const open = [await x.restRead(), await x.mcpRead(), await x.restCreate()];
    EXTRA.bankCallsWhileOpen += (await bankCalls()) - seen;
    expect(await bankCalls()).toBe(seen);
    for (const o of open) {
      expect({ out: o.out, detail: o.detail }).toEqual({
        out: '503 PROVIDER_UNAVAILABLE',
        detail: expect.stringMatching(/circuit breaker open/),
      });
      expect(o.retryAfter).toBeGreaterThanOrEqual(1);
    }

    // After the cooldown one probe reaches the bank; it fails, so the breaker opens again at once (the read's retry
    // meets it open: 503, or 502 when the probe was its last attempt).
    await sleep(COOLDOWN_MS + 100);
    expect(['502 PROVIDER_ERROR', '503 PROVIDER_UNAVAILABLE']).toContain((await x.restRead()).out);
    expect(await bankCalls()).toBe(seen + 1);
    expect((await x.restRead()).out).toBe('503 PROVIDER_UNAVAILABLE');
    expect(await bankCalls()).toBe(seen + 1);
    // Faults off: after the next cooldown the probe succeeds and the breaker closes (calls reach the bank again).
    await control.post('/__sim/faults/reset');
    await sleep(COOLDOWN_MS + 100);
    expectOne(await x.restRead(), 'ok');
    expectOne(await x.mcpRead(), 'ok');
    expect(await bankCalls()).toBe(seen + 3);
  });

  it('answers only documented codes to concurrent calls under mixed faults, and never charges twice for one key', async () => {
    const allowed = ['ok', '502 PROVIDER_ERROR', '503 PROVIDER_UNAVAILABLE', '504 PROVIDER_TIMEOUT'];
    for (const config of [
      { fail: { count: 4, status: 502 } },
      { drop: 3 },
      { fail: { count: 3, status: 429, retryAfter: '1' } },
      { hangAfterCommit: 2 },
      { latencyMs: TIMEOUT_MS + 300 },
      { fail: { count: 10_000, status: 503 } },
    ]) {
      await fault(config);
      const outs = await x.burst();
      const bad = outs.filter((o) => !allowed.includes(o.out) || (o.out.startsWith('503') && !o.retryAfter));
      expect({ config, bad }).toEqual({ config, bad: [] });
      await heal();
    }
    // Every create of the sweep again, with its key, faults off: each makes (or replays) exactly one charge.
    const creates = x.outcomes.filter((o) => o.create);
    EXTRA.keysRetried += creates.length;
    for (const o of creates) {
      const again = o.via === 'rest' ? await x.restCreate(o.create) : await x.mcpCreate(o.create);
      expect({ key: o.create?.key, out: again.out }).toEqual({ key: o.create?.key, out: 'ok' });
    }
    const perCode = new Map<unknown, number>();
    for (const inv of cora.invoices.values()) perCode.set(inv.body.code, (perCode.get(inv.body.code) ?? 0) + 1);
    const twice = [...perCode].filter(([, n]) => n > 1);
    FIGURES.duplicateCharges += twice.length;
    expect(twice).toEqual([]);
    for (const o of creates) expect(perCode.get(o.create?.body.externalId)).toBe(1);
  });

  afterAll(() => {
    FIGURES.requests += x?.outcomes.length ?? 0;
    FIGURES.fiveXx += x?.outcomes.filter((o) => /^5/.test(o.out)).length ?? 0;
    const documented = ['502 PROVIDER_ERROR', '503 PROVIDER_UNAVAILABLE', '504 PROVIDER_TIMEOUT'];
    FIGURES.unexpected5xx += x?.outcomes.filter((o) => /^5/.test(o.out) && !documented.includes(o.out)).length ?? 0;
  });
});
