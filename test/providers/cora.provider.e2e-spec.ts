import { isValidBarcode, isValidDigitableLine, parsePixBrCode } from '@lib/brazil';
import { CoraProvider, CredentialsOf, ProviderError } from '@lib/providers';
import { scanKeys } from '../helpers/redis';
import { CoraSimulator } from '../simulators/cora.simulator';
import { SimControl } from '../simulators/sim-control';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { chargeInput, ProviderHarness, settingsFor } from './provider-harness';

/** The Cora provider class against the Cora simulator over real mTLS, with state in real Redis. */
describe('Cora provider against the simulator', () => {
  let pki: SimPki;
  let sim: CoraSimulator;
  let control: SimControl;
  let h: ProviderHarness;
  let cora: CoraProvider;
  let creds: CredentialsOf<CoraProvider>;

  const expectError = async (p: Promise<unknown>, code: string, message?: RegExp) => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).code).toBe(code);
    if (message) expect((err as ProviderError).message).toMatch(message);
    return err as ProviderError;
  };

  beforeAll(async () => {
    pki = generateSimPki();
    sim = new CoraSimulator(pki);
    await sim.start();
    control = new SimControl(sim.url, pki);
    h = await new ProviderHarness().start();
    cora = new CoraProvider(settingsFor({ cora: sim.url }, pki.caPem, 800), {
      breakerCooldownMs: 400,
      retryInitialDelayMs: 20,
      retryMaxDelayMs: 50,
    });
    creds = cora.parseCredentials({
      clientId: 'int-sim-client',
      certificate: pki.clientCertPem,
      privateKey: pki.clientKeyPem,
      environment: 'stage',
    });
  });
  afterAll(async () => {
    await cora?.onModuleDestroy();
    await control?.close();
    await sim?.stop();
    await h?.stop();
    pki?.cleanup();
  });
  afterEach(() => control.post('/__sim/faults/reset'));

  it.each(['boleto', 'pix', 'bolepix'] as const)(
    'creates, reads and cancels a %s charge with the unified shape',
    async (type) => {
      const ctx = h.ctx('cora', creds);
      const input = chargeInput({ type, externalId: `order-${type}` });
      const created = await cora.create(ctx, input, { idempotencyKey: undefined });
      expect(created).toMatchObject({
        providerId: 'cora',
        type,
        status: 'PENDING',
        providerStatus: 'OPEN',
        amount: 12345,
        currency: 'BRL',
        dueDate: input.dueDate,
        externalId: `order-${type}`,
      });
      expect(created.id).toMatch(/^inv_/);
      expect(created.payer).toMatchObject({ name: 'Fulano de Tal', document: '52998224725', documentType: 'CPF' });
      if (type !== 'pix') {
        expect(isValidBarcode(created.boleto?.barcode ?? '')).toBe(true);
        expect(isValidDigitableLine(created.boleto?.digitableLine ?? '')).toBe(true);
      } else expect(created.boleto).toBeUndefined();
      if (type !== 'boleto') expect(parsePixBrCode(created.pix?.brCode ?? '').amountCents).toBe(12345);
      else expect(created.pix).toBeUndefined();
      const read = await cora.get(ctx, created.id);
      expect(read).toMatchObject({ id: created.id, type, status: 'PENDING', amount: 12345 });
      const cancelled = await cora.cancel(ctx, created.id, {});
      expect(cancelled).toMatchObject({ id: created.id, status: 'CANCELLED', providerStatus: 'CANCELLED' });
      expect(cancelled.cancelledAt).toBeDefined();
    },
  );

  it('maps paid and late invoices and refuses to cancel a paid one', async () => {
    const ctx = h.ctx('cora', creds);
    const c = await cora.create(ctx, chargeInput({ type: 'boleto' }), {});
    expect((await control.post(`/__sim/charges/${c.id}/pay`)).status).toBe(200);
    expect(await cora.get(ctx, c.id)).toMatchObject({ status: 'PAID', providerStatus: 'PAID', paidAmount: 12345 });
    await expectError(cora.cancel(ctx, c.id, {}), 'CHARGE_NOT_CANCELLABLE', /PAID/);
    const late = await cora.create(ctx, chargeInput(), {});
    expect((await control.post(`/__sim/charges/${late.id}/overdue`)).status).toBe(200);
    expect(await cora.get(ctx, late.id)).toMatchObject({ status: 'OVERDUE', providerStatus: 'LATE' });
  });

  it('answers CHARGE_NOT_FOUND for an unknown id and for a malformed one without calling Cora', async () => {
    const ctx = h.ctx('cora', creds);
    await expectError(cora.get(ctx, 'inv_doesnotexist'), 'CHARGE_NOT_FOUND');
    const before = (await control.stats()).requests;
    await expectError(cora.get(ctx, '../token'), 'CHARGE_NOT_FOUND');
    expect((await control.stats()).requests).toBe(before);
  });

  it("passes Cora validation errors on as VALIDATION_ERROR with Cora's reason", async () => {
    const ctx = h.ctx('cora', creds);
    await expectError(cora.create(ctx, chargeInput({ amount: 100 }), {}), 'VALIDATION_ERROR', /at least 500/);
  });

  it('requests one token per session, seals it in Redis, and single-flights concurrent refreshes', async () => {
    const ctx = h.ctx('cora', creds);
    const before = await control.stats();
    await Promise.all([1, 2, 3, 4, 5].map(() => cora.authenticate(ctx)));
    const c = await cora.create(ctx, chargeInput(), {});
    await cora.get(ctx, c.id);
    await cora.get(ctx, c.id);
    expect((await control.stats()).tokenRequests - before.tokenRequests).toBe(1);
    expect(await cora.authenticate(ctx)).toMatchObject({ cached: true });
    const keys = await scanKeys(h.redisUrl, `${h.prefix}:${ctx.tenantId}:cora:*`);
    expect(keys.size).toBe(1);
    const [value] = [...keys.values()];
    expect(value).toMatch(/^s:v1\./);
    expect(value).not.toMatch(/eyJ/);
  });

  it('refreshes the token after expires_in and recovers transparently from a 401 on an expired token', async () => {
    await control.post('/__sim/config', { tokenTtlSeconds: 2 });
    try {
      const ctx = h.ctx('cora', creds);
      const start = (await control.stats()).tokenRequests;
      const c = await cora.create(ctx, chargeInput(), {});
      await new Promise((r) => setTimeout(r, 1100));
      await cora.get(ctx, c.id);
      expect((await control.stats()).tokenRequests - start).toBe(2);
      await control.post('/__sim/config', { tokenTtlSeconds: 3600 });
      await cora.get(ctx, c.id);
      await control.post('/__sim/tokens/expire');
      expect(await cora.get(ctx, c.id)).toMatchObject({ id: c.id });
      expect((await control.stats()).tokenRequests - start).toBe(3);
    } finally {
      await control.post('/__sim/config', { tokenTtlSeconds: 3600 });
    }
  });

  it('retries a create that timed out after Cora committed it, with the same Idempotency-Key: one invoice', async () => {
    const ctx = h.ctx('cora', creds);
    await cora.authenticate(ctx);
    const before = (await control.stats()).charges;
    await control.faults({ hangAfterCommit: 1 });
    const c = await cora.create(ctx, chargeInput(), { idempotencyKey: '7f0c2a51-3f7e-4c1e-9a55-1c2d3e4f5a6b' });
    expect(c.status).toBe('PENDING');
    expect((await control.stats()).charges - before).toBe(1);
    const again = await cora.create(ctx, chargeInput(), { idempotencyKey: '7f0c2a51-3f7e-4c1e-9a55-1c2d3e4f5a6b' });
    expect(again.id).toBe(c.id);
    expect((await control.stats()).charges - before).toBe(1);
  });

  it('retries reads through a dropped connection and a 502', async () => {
    const ctx = h.ctx('cora', creds);
    const c = await cora.create(ctx, chargeInput(), {});
    await control.faults({ drop: 1 });
    expect((await cora.get(ctx, c.id)).id).toBe(c.id);
    await control.faults({ fail: { count: 1, status: 502 } });
    expect((await cora.get(ctx, c.id)).id).toBe(c.id);
  });

  it('surfaces a 429 as PROVIDER_UNAVAILABLE with Retry-After, without retrying it', async () => {
    const ctx = h.ctx('cora', creds);
    const c = await cora.create(ctx, chargeInput(), {});
    await control.faults({ fail: { count: 1, status: 429, retryAfter: '7' } });
    const before = (await control.stats()).requests;
    const err = await expectError(cora.get(ctx, c.id), 'PROVIDER_UNAVAILABLE', /rate-limiting/);
    expect(err.options.retryAfterSeconds).toBe(7);
    expect((await control.stats()).requests - before).toBe(1);
  });

  it('opens the circuit breaker on a 5xx burst (fast PROVIDER_UNAVAILABLE) and closes it after recovery', async () => {
    const local = new CoraProvider(settingsFor({ cora: sim.url }, pki.caPem, 800), {
      breakerThreshold: 3,
      breakerCooldownMs: 500,
      retries: 0,
    });
    try {
      const ctx = h.ctx('cora', creds);
      const c = await local.create(ctx, chargeInput(), {});
      await control.faults({ fail: { count: 1000, status: 500 } });
      for (let i = 0; i < 3; i++) await expectError(local.get(ctx, c.id), 'PROVIDER_ERROR', /HTTP 500/);
      const before = (await control.stats()).requests;
      const started = Date.now();
      const open = await expectError(local.get(ctx, c.id), 'PROVIDER_UNAVAILABLE', /circuit breaker open/);
      expect(Date.now() - started).toBeLessThan(100);
      expect(open.options.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect((await control.stats()).requests).toBe(before);
      expect(local.client.http.policies.state(new URL(sim.url).origin)).toBe('open');
      await control.post('/__sim/faults/reset');
      await new Promise((r) => setTimeout(r, 550));
      expect((await local.get(ctx, c.id)).id).toBe(c.id);
      expect(local.client.http.policies.state(new URL(sim.url).origin)).toBe('closed');
    } finally {
      await local.onModuleDestroy();
    }
  });

  it('fails with PROVIDER_TIMEOUT when Cora hangs on a read (one retry, then gives up)', async () => {
    const ctx = h.ctx('cora', creds);
    const c = await cora.create(ctx, chargeInput(), {});
    await control.faults({ hang: 2 });
    const started = Date.now();
    await expectError(cora.get(ctx, c.id), 'PROVIDER_TIMEOUT', /did not answer within 800 ms/);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('refuses an unknown client id with PROVIDER_ERROR naming what to check', async () => {
    const other = cora.parseCredentials({
      clientId: 'int-unknown',
      certificate: pki.clientCertPem,
      privateKey: pki.clientKeyPem,
      environment: 'stage',
    });
    await expectError(
      cora.authenticate(h.ctx('cora', other)),
      'PROVIDER_ERROR',
      /refused the client credentials \(HTTP 401: Invalid client/,
    );
  });

  it('fails over TLS with clear PROVIDER_ERRORs: untrusted server CA, client certificate refused', async () => {
    const distrustful = new CoraProvider(settingsFor({ cora: sim.url }, '', 800));
    try {
      await expectError(
        distrustful.authenticate(h.ctx('cora', creds)),
        'PROVIDER_ERROR',
        /server certificate of Cora is not trusted \(SELF_SIGNED_CERT_IN_CHAIN\).*PROVIDER_CA_CERTS_FILE/,
      );
    } finally {
      await distrustful.onModuleDestroy();
    }
    const rogue = cora.parseCredentials({
      clientId: 'int-sim-client',
      certificate: pki.rogueClientCertPem,
      privateKey: pki.rogueClientKeyPem,
      environment: 'stage',
    });
    const before = (await control.stats()).tokenRequests;
    await expectError(
      cora.authenticate(h.ctx('cora', rogue)),
      'PROVIDER_ERROR',
      /TLS: Cora refused the connection: .*client certificate/,
    );
    expect((await control.stats()).tokenRequests).toBe(before);
  });
});
