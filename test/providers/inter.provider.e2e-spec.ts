import { isValidBarcode, isValidDigitableLine, parsePixBrCode } from '@lib/brazil';
import { CredentialsOf, InterProvider, ProviderError } from '@lib/providers';
import { InterSimulator } from '../simulators/inter.simulator';
import { SimControl } from '../simulators/sim-control';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { chargeInput, ProviderHarness, settingsFor } from './provider-harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The Banco Inter provider class against the Inter simulator over real mTLS, with state in real Redis. */
describe('Banco Inter provider against the simulator', () => {
  let pki: SimPki;
  let sim: InterSimulator;
  let control: SimControl;
  let h: ProviderHarness;
  let inter: InterProvider;
  let creds: CredentialsOf<InterProvider>;

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
    sim = new InterSimulator(pki, [
      {
        clientId: 'sim-inter-client',
        clientSecret: 'sim-inter-secret',
        scopes: ['boleto-cobranca.read', 'boleto-cobranca.write'],
        account: '12345678',
      },
      { clientId: 'read-only-client', clientSecret: 'read-only-secret', scopes: ['boleto-cobranca.read'] },
    ]);
    await sim.start();
    sim.registrationDelayMs = 150;
    control = new SimControl(sim.url, pki);
    h = await new ProviderHarness().start();
    inter = new InterProvider(settingsFor({ inter: sim.url }, pki.caPem, 800), {
      retryInitialDelayMs: 20,
      retryMaxDelayMs: 50,
    });
    creds = inter.parseCredentials({
      clientId: 'sim-inter-client',
      clientSecret: 'sim-inter-secret',
      certificate: pki.clientCertPem,
      privateKey: pki.clientKeyPem,
      accountNumber: '12345678',
      environment: 'sandbox',
    });
  });
  afterAll(async () => {
    await inter?.onModuleDestroy();
    await control?.close();
    await sim?.stop();
    await h?.stop();
    pki?.cleanup();
  });
  afterEach(() => control.post('/__sim/faults/reset'));

  it('creates a bolepix as PROCESSING, fills boleto and Pix on a later read, then cancels it', async () => {
    const ctx = h.ctx('inter', creds);
    const input = chargeInput({ externalId: 'pedido-85401', fine: { percent: 2 }, interest: { monthlyPercent: 1 } });
    const created = await inter.create(ctx, input, {});
    expect(created).toMatchObject({
      providerId: 'inter',
      type: 'bolepix',
      status: 'PROCESSING',
      providerStatus: 'EM_PROCESSAMENTO',
      amount: 12345,
      externalId: 'pedido-85401',
      dueDate: input.dueDate,
    });
    expect(created.boleto).toBeUndefined();
    expect((await inter.get(ctx, created.id)).status).toBe('PROCESSING');
    await sleep(200);
    const ready = await inter.get(ctx, created.id);
    expect(ready).toMatchObject({
      id: created.id,
      status: 'PENDING',
      providerStatus: 'A_RECEBER',
      amount: 12345,
      externalId: 'pedido-85401',
    });
    expect(ready.payer).toMatchObject({
      name: 'Fulano de Tal',
      document: '52998224725',
      documentType: 'CPF',
      address: { zipCode: '01001000', state: 'SP' },
    });
    expect(isValidBarcode(ready.boleto?.barcode ?? '')).toBe(true);
    expect(isValidDigitableLine(ready.boleto?.digitableLine ?? '')).toBe(true);
    expect(parsePixBrCode(ready.pix?.brCode ?? '').amountCents).toBe(12345);
    expect(ready.pix?.txid).toBeTruthy();
    const cancelled = await inter.cancel(ctx, created.id, {});
    expect(cancelled).toMatchObject({ status: 'CANCELLED', providerStatus: 'CANCELADO' });
    // Inter answers 400 to a second cancel; the provider reads the charge and answers it as cancelled.
    expect(await inter.cancel(ctx, created.id, {})).toMatchObject({ id: created.id, status: 'CANCELLED' });
  });

  it.each([
    ['pay', 'PAID', 'RECEBIDO'],
    ['overdue', 'OVERDUE', 'ATRASADO'],
    ['expire', 'EXPIRED', 'EXPIRADO'],
  ])("maps the simulator's %s transition to %s", async (action, status, raw) => {
    const ctx = h.ctx('inter', creds);
    const c = await inter.create(ctx, chargeInput(), {});
    expect((await control.post(`/__sim/charges/${c.id}/register`)).status).toBe(200);
    expect((await control.post(`/__sim/charges/${c.id}/${action}`)).status).toBe(200);
    const read = await inter.get(ctx, c.id);
    expect(read).toMatchObject({ status, providerStatus: raw });
    if (status === 'PAID') {
      expect(read.paidAmount).toBe(12345);
      await expectError(inter.cancel(ctx, c.id, {}), 'CHARGE_NOT_CANCELLABLE', /RECEBIDO/);
    }
  });

  it('maps a failed registration to FAILED', async () => {
    const ctx = h.ctx('inter', creds);
    sim.registrationDelayMs = 60_000;
    try {
      const c = await inter.create(ctx, chargeInput(), {});
      expect((await control.post(`/__sim/charges/${c.id}/fail`)).status).toBe(200);
      expect(await inter.get(ctx, c.id)).toMatchObject({ status: 'FAILED', providerStatus: 'FALHA_EMISSAO' });
    } finally {
      sim.registrationDelayMs = 150;
    }
  });

  it('offers only bolepix, converts reais exactly and passes Inter violations on as field errors', async () => {
    const ctx = h.ctx('inter', creds);
    await expectError(inter.create(ctx, chargeInput({ type: 'boleto' }), {}), 'UNSUPPORTED_CHARGE_TYPE');
    await expectError(inter.create(ctx, chargeInput({ type: 'pix' }), {}), 'UNSUPPORTED_CHARGE_TYPE');
    const odd = await inter.create(ctx, chargeInput({ amount: 1000001 }), {});
    await control.post(`/__sim/charges/${odd.id}/register`);
    expect((await inter.get(ctx, odd.id)).amount).toBe(1000001);
    const err = await expectError(inter.create(ctx, chargeInput({ amount: 249 }), {}), 'VALIDATION_ERROR', /violações/);
    expect(err.options.fields).toEqual([{ field: 'amount', message: 'deve ser maior ou igual a 2.5' }]);
    await expectError(
      inter.create(ctx, chargeInput({ externalId: 'much-too-long-for-inter' }), {}),
      'VALIDATION_ERROR',
      /15/,
    );
  });

  it('requests one token per session (with both scopes) and recovers from an expired token transparently', async () => {
    const ctx = h.ctx('inter', creds);
    const start = (await control.stats()).tokenRequests;
    const c = await inter.create(ctx, chargeInput(), {});
    await inter.get(ctx, c.id);
    await inter.get(ctx, c.id);
    expect((await control.stats()).tokenRequests - start).toBe(1);
    await control.post('/__sim/tokens/expire');
    expect((await inter.get(ctx, c.id)).id).toBe(c.id);
    expect((await control.stats()).tokenRequests - start).toBe(2);
  });

  it('reconciles a create that timed out after Inter committed it: looked up by seuNumero, one charge', async () => {
    for (const idempotencyKey of [undefined, '0b8a2d0e-6f3c-4d8e-9b7a-2c1d0e9f8a7b']) {
      const ctx = h.ctx('inter', creds);
      await inter.authenticate(ctx);
      const before = (await control.stats()).charges;
      await control.faults({ hangAfterCommit: 1 });
      const c = await inter.create(ctx, chargeInput(), { idempotencyKey });
      expect((await control.stats()).charges - before).toBe(1);
      expect((await inter.get(ctx, c.id)).id).toBe(c.id);
      if (idempotencyKey) {
        const again = await inter.create(ctx, chargeInput(), { idempotencyKey });
        expect(again.id).toBe(c.id);
        expect((await control.stats()).charges - before).toBe(1);
      }
    }
  });

  it('creates again after a timeout that did not commit, and never retries a create on its own otherwise', async () => {
    const ctx = h.ctx('inter', creds);
    await inter.authenticate(ctx);
    const before = (await control.stats()).charges;
    await control.faults({ hang: 1 });
    await inter.create(ctx, chargeInput(), {});
    expect((await control.stats()).charges - before).toBe(1);
    await control.faults({ fail: { count: 1, status: 429 } });
    const err = await expectError(inter.create(ctx, chargeInput(), {}), 'PROVIDER_UNAVAILABLE', /rate-limiting/);
    expect(err.options.retryAfterSeconds).toBe(60);
    expect((await control.stats()).charges - before).toBe(1);
  });

  it('refuses wrong client secrets, missing scopes and a foreign account with clear PROVIDER_ERRORs', async () => {
    const base = { certificate: pki.clientCertPem, privateKey: pki.clientKeyPem, environment: 'sandbox' };
    const wrong = inter.parseCredentials({ ...base, clientId: 'sim-inter-client', clientSecret: 'not-the-secret' });
    await expectError(
      inter.authenticate(h.ctx('inter', wrong)),
      'PROVIDER_ERROR',
      /refused the client credentials \(HTTP 401\)/,
    );
    const readOnly = inter.parseCredentials({
      ...base,
      clientId: 'read-only-client',
      clientSecret: 'read-only-secret',
    });
    await expectError(inter.authenticate(h.ctx('inter', readOnly)), 'PROVIDER_ERROR', /HTTP 403.*scopes/);
    const foreign = inter.parseCredentials({
      ...base,
      clientId: 'sim-inter-client',
      clientSecret: 'sim-inter-secret',
      accountNumber: '999',
    });
    await expectError(inter.create(h.ctx('inter', foreign), chargeInput(), {}), 'PROVIDER_ERROR', /HTTP 403/);
  });

  it('answers CHARGE_NOT_FOUND for unknown and malformed ids', async () => {
    const ctx = h.ctx('inter', creds);
    await expectError(inter.get(ctx, '5e5b232a-381a-477d-83b5-4ac65b6a0679'), 'CHARGE_NOT_FOUND');
    await expectError(inter.get(ctx, 'not-a-uuid'), 'CHARGE_NOT_FOUND');
  });
});
