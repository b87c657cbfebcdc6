import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  defaultResilience,
  MtlsAgentPool,
  ProviderExchangeEvent,
  PROVIDER_EXCHANGE_CHANNEL,
  ProviderHttpClient,
  ProviderHttpError,
} from '@lib/providers';
import { CoraSimulator } from '../simulators/cora.simulator';
import { generateSimPki, SimPki } from '../pki/sim-pki';

/** The shared HTTP layer against a real mTLS peer: TLS failure reporting, exchange events, agent pool bounds. */
describe('provider HTTP layer over mTLS', () => {
  let pki: SimPki;
  let sim: CoraSimulator;
  let client: ProviderHttpClient;
  const ctx = { tenantId: 'tenant-http', credentialFingerprint: 'fp-http', requestId: 'req-http-1' };

  beforeAll(async () => {
    pki = generateSimPki();
    sim = new CoraSimulator(pki);
    await sim.start();
    client = new ProviderHttpClient({
      providerId: 'cora',
      providerName: 'Cora',
      timeoutMs: 800,
      extraCaPem: pki.caPem,
      resilience: defaultResilience(800),
      defaultRetryAfterSeconds: 5,
    });
  });
  afterAll(async () => {
    await client?.close();
    await sim?.stop();
    pki?.cleanup();
  });

  const stats = (identity: { certificate: string; privateKey: string }, fingerprint = ctx.credentialFingerprint) =>
    client.exchange({
      ctx: { ...ctx, credentialFingerprint: fingerprint },
      identity,
      baseUrl: sim.url,
      method: 'GET',
      path: '/__sim/stats',
      route: '/__sim/stats',
      operation: 'get',
      retrySafe: true,
    });

  it('reports a peer that requires a client certificate when none is presented (TLS alert), without sending the request', async () => {
    const before = sim.stats.requests;
    const err = await stats({ certificate: '', privateKey: '' }, 'fp-no-cert').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProviderHttpError);
    expect((err as ProviderHttpError).code).toBe('PROVIDER_ERROR');
    expect((err as ProviderHttpError).message).toMatch(
      /TLS: Cora refused the connection: it requires a TLS client certificate/,
    );
    expect((err as ProviderHttpError).failure).toMatchObject({ kind: 'tls-refused', sent: false });
    expect(sim.stats.requests).toBe(before);
  });

  it('publishes one safe event per attempt with the provider request id, latency and outcome', async () => {
    const events: ProviderExchangeEvent[] = [];
    const listener = (e: unknown) => events.push(e as ProviderExchangeEvent);
    subscribe(PROVIDER_EXCHANGE_CHANNEL, listener);
    try {
      const res = await stats({ certificate: pki.clientCertPem, privateKey: pki.clientKeyPem });
      expect(res.status).toBe(200);
    } finally {
      unsubscribe(PROVIDER_EXCHANGE_CHANNEL, listener);
    }
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      providerId: 'cora',
      tenantId: 'tenant-http',
      requestId: 'req-http-1',
      operation: 'get',
      method: 'GET',
      route: '/__sim/stats',
      attempt: 0,
      status: 200,
      outcome: 'ok',
      providerRequestId: expect.stringMatching(/^sim-/),
    });
    expect(events[0].durationMs).toBeGreaterThan(0);
    const text = JSON.stringify(events);
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain('CERTIFICATE');
  });

  it('keeps at most maxAgents keep-alive agents and closes the least recently used one', async () => {
    const pool = new MtlsAgentPool({
      maxAgents: 2,
      connectTimeoutMs: 500,
      acceptanceWaitMs: 50,
      connectionsPerOrigin: 1,
      keepAliveTimeoutMs: 1000,
      extraCaPem: pki.caPem,
    });
    const id = { certificate: pki.clientCertPem, privateKey: pki.clientKeyPem };
    const a = pool.agentFor('a', id);
    const b = pool.agentFor('b', id);
    expect(pool.agentFor('a', id)).toBe(a);
    pool.agentFor('c', id);
    expect(pool.size).toBe(2);
    await new Promise((r) => setImmediate(r));
    expect(b.closed).toBe(true);
    expect(a.closed).toBe(false);
    await pool.close();
    expect(a.closed).toBe(true);
    expect(() => pool.agentFor('d', id)).toThrow(/closed/);
  });
});
