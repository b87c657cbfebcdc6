import request from 'supertest';
import { isValidBarcode, isValidDigitableLine, parseBoleto, parsePixBrCode } from '@lib/brazil';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys, scanKeys } from '../helpers/redis';
import {
  auth,
  bolepixBody,
  boletoBody,
  CHARGES_TEST_ENV,
  createCharge,
  pixBody,
  sandboxTenant,
  spDate,
  Tenant,
} from './charge-fixtures';

describe.each(ADAPTERS)('charges API on the sandbox (%s)', (adapter) => {
  let t: TestApp;
  const tenants: Tenant[] = [];
  const tenant = (o?: Parameters<typeof sandboxTenant>[0]) => {
    const x = sandboxTenant(o);
    tenants.push(x);
    return x;
  };

  beforeAll(async () => {
    t = await startTestApp({ adapter, env: CHARGES_TEST_ENV });
  });
  afterAll(async () => {
    for (const x of tenants) await deleteKeys(t.redisUrl as string, `${x.prefix}:*`);
    await t?.close();
  });

  it('creates, reads and cancels a boleto with a valid digitable line and barcode', async () => {
    const a = tenant();
    const body = boletoBody();
    const created = await createCharge(t.url, a, body).expect(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const c = created.body;
    expect(c).toMatchObject({
      providerId: 'sandbox',
      type: 'boleto',
      status: 'PENDING',
      providerStatus: 'EM_ABERTO',
      amount: 15990,
      currency: 'BRL',
      dueDate: body.dueDate,
    });
    expect(c.id).toMatch(/^sbx_[0-9a-f]{24}$/);
    expect(c.payer).toEqual({
      name: 'Maria da Silva',
      document: '52998224725',
      documentType: 'CPF',
      email: 'maria@example.com',
      address: {
        street: 'Avenida Paulista',
        number: '1000',
        district: 'Bela Vista',
        city: 'São Paulo',
        state: 'SP',
        zipCode: '01310100',
      },
    });
    expect(c.pix).toBeUndefined();
    expect(isValidDigitableLine(c.boleto.digitableLine)).toBe(true);
    expect(isValidBarcode(c.boleto.barcode)).toBe(true);
    expect(parseBoleto(c.boleto.digitableLine)).toMatchObject({
      bankCode: '000',
      amountCents: 15990,
      dueDate: body.dueDate,
      barcode: c.boleto.barcode,
    });

    const read = await request(t.url).get(`/v1/charges/${c.id}`).set(auth(a)).expect(200);
    expect(read.body).toEqual(c);

    const cancelled = await request(t.url).post(`/v1/charges/${c.id}/cancel`).set(auth(a)).expect(200);
    expect(cancelled.body).toMatchObject({
      id: c.id,
      status: 'CANCELLED',
      providerStatus: 'CANCELADO',
      cancelledAt: expect.any(String),
    });
    const again = await request(t.url).post(`/v1/charges/${c.id}/cancel`).set(auth(a)).expect(200);
    expect(again.body.cancelledAt).toBe(cancelled.body.cancelledAt);
    expect((await request(t.url).get(`/v1/charges/${c.id}`).set(auth(a)).expect(200)).body.status).toBe('CANCELLED');
  });

  it('creates a pix with a BR Code carrying the amount, txid and a valid CRC, and an alphanumeric CNPJ payer', async () => {
    const a = tenant();
    const c = (await createCharge(t.url, a, pixBody()).expect(201)).body;
    expect(c).toMatchObject({
      type: 'pix',
      status: 'PENDING',
      amount: 2500,
      payer: { document: '12ABC34501DE35', documentType: 'CNPJ' },
    });
    expect(c.boleto).toBeUndefined();
    expect(c.dueDate).toBeUndefined();
    const parsed = parsePixBrCode(c.pix.brCode);
    expect(parsed).toMatchObject({ crcValid: true, amountCents: 2500, txid: c.pix.txid });
    const expires = Date.parse(c.pix.expiresAt) - Date.parse(c.createdAt);
    expect(expires).toBe(3600 * 1000);
    const cancelled = await request(t.url).post(`/v1/charges/${c.id}/cancel`).set(auth(a)).expect(200);
    expect(cancelled.body.status).toBe('CANCELLED');
  });

  it('creates a bolepix with both a boleto and a BR Code for the same amount', async () => {
    const a = tenant();
    const c = (await createCharge(t.url, a, bolepixBody()).expect(201)).body;
    expect(c.type).toBe('bolepix');
    expect(parseBoleto(c.boleto.barcode).amountCents).toBe(100000);
    expect(parsePixBrCode(c.pix.brCode)).toMatchObject({ crcValid: true, amountCents: 100000 });
    expect((await request(t.url).get(`/v1/charges/${c.id}`).set(auth(a)).expect(200)).body).toEqual(c);
    expect((await request(t.url).post(`/v1/charges/${c.id}/cancel`).set(auth(a)).expect(200)).body.status).toBe(
      'CANCELLED',
    );
  });

  it('pays a charge in the sandbox, then refuses to cancel or pay it again', async () => {
    const a = tenant();
    const c = (await createCharge(t.url, a, boletoBody()).expect(201)).body;
    const paid = await request(t.url).post(`/v1/sandbox/charges/${c.id}/pay`).set(auth(a)).expect(200);
    expect(paid.body).toMatchObject({
      id: c.id,
      status: 'PAID',
      providerStatus: 'PAGO',
      paidAmount: 15990,
      paidAt: expect.any(String),
    });
    const cancel = await request(t.url).post(`/v1/charges/${c.id}/cancel`).set(auth(a)).expect(409);
    expect(cancel.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(cancel.body.code).toBe('CHARGE_NOT_CANCELLABLE');
    expect((await request(t.url).post(`/v1/sandbox/charges/${c.id}/pay`).set(auth(a)).expect(409)).body.code).toBe(
      'CHARGE_NOT_PAYABLE',
    );
  });

  it("answers 404 CHARGE_NOT_FOUND for an unknown id and for another tenant's charge, cache on", async () => {
    const a = tenant();
    const b = tenant();
    const c = (await createCharge(t.url, a, boletoBody()).expect(201)).body;
    expect((await request(t.url).get(`/v1/charges/${c.id}`).set(auth(a)).expect(200)).headers['x-cache']).toBe('HIT');
    for (const call of [
      request(t.url).get(`/v1/charges/${c.id}`).set(auth(b)),
      request(t.url).post(`/v1/charges/${c.id}/cancel`).set(auth(b)),
      request(t.url).post(`/v1/sandbox/charges/${c.id}/pay`).set(auth(b)),
      request(t.url).get('/v1/charges/sbx_000000000000000000000000').set(auth(a)),
    ]) {
      const res = await call;
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('CHARGE_NOT_FOUND');
    }
    expect((await request(t.url).get(`/v1/charges/${c.id}`).set(auth(a)).expect(200)).body.status).toBe('PENDING');
  });

  it('reads MISS then HIT, a create primes the cache, cancel and payment invalidate it', async () => {
    const a = tenant();
    const c = (await createCharge(t.url, a, boletoBody()).expect(201)).body;
    const first = await request(t.url).get(`/v1/charges/${c.id}`).set(auth(a)).expect(200);
    expect(first.headers['x-cache']).toBe('HIT');
    const keys = await scanKeys(t.redisUrl as string, `${a.prefix}:*`);
    await deleteKeys(t.redisUrl as string, `${a.prefix}:${a.tenantId}:charge:*`);
    expect((await request(t.url).get(`/v1/charges/${c.id}`).set(auth(a))).headers['x-cache']).toBe('MISS');
    expect((await request(t.url).get(`/v1/charges/${c.id}`).set(auth(a))).headers['x-cache']).toBe('HIT');
    await request(t.url).post(`/v1/charges/${c.id}/cancel`).set(auth(a)).expect(200);
    const afterCancel = await request(t.url).get(`/v1/charges/${c.id}`).set(auth(a));
    expect([afterCancel.headers['x-cache'], afterCancel.body.status]).toEqual(['MISS', 'CANCELLED']);
    expect((await request(t.url).get(`/v1/charges/${c.id}`).set(auth(a))).headers['x-cache']).toBe('HIT');

    // Keys are exactly <prefix>:<tenantId>:..., and no value holds the payer's data in plain text.
    expect([...keys.keys()].every((k) => k.startsWith(`${a.prefix}:${a.tenantId}:`))).toBe(true);
    expect(keys.has(`${a.prefix}:${a.tenantId}:charge:sandbox:${c.id}`)).toBe(true);
    expect(keys.has(`${a.prefix}:${a.tenantId}:sandbox:charge:${c.id}`)).toBe(true);
    const stored = [...keys.values()].join('\n');
    expect(stored).not.toContain('52998224725');
    expect(stored).not.toContain('Maria');
  });

  it('marks payment in the cache too: MISS then HIT with PAID after a payment', async () => {
    const a = tenant();
    const c = (await createCharge(t.url, a, pixBody()).expect(201)).body;
    await request(t.url).post(`/v1/sandbox/charges/${c.id}/pay`).set(auth(a)).expect(200);
    const after = await request(t.url).get(`/v1/charges/${c.id}`).set(auth(a));
    expect([after.headers['x-cache'], after.body.status]).toEqual(['MISS', 'PAID']);
    expect((await request(t.url).get(`/v1/charges/${c.id}`).set(auth(a))).headers['x-cache']).toBe('HIT');
  });

  it('answers X-Cache BYPASS when the token turns the cache off, and writes no cache key', async () => {
    const a = tenant({ cacheEnabled: false });
    const c = (await createCharge(t.url, a, boletoBody()).expect(201)).body;
    for (let i = 0; i < 2; i++)
      expect((await request(t.url).get(`/v1/charges/${c.id}`).set(auth(a)).expect(200)).headers['x-cache']).toBe(
        'BYPASS',
      );
    expect((await scanKeys(t.redisUrl as string, `${a.prefix}:${a.tenantId}:charge:*`)).size).toBe(0);
  });

  it('lists the providers with their capabilities', async () => {
    const res = await request(t.url).get('/v1/providers').set(auth(tenant())).expect(200);
    expect(res.body).toContainEqual({
      id: 'sandbox',
      displayName: expect.any(String),
      capabilities: expect.objectContaining({ types: ['boleto', 'pix', 'bolepix'], cancel: true }),
    });
  });

  it('needs a Bearer token on every charge route', async () => {
    for (const res of [
      await request(t.url).post('/v1/charges').send(boletoBody()),
      await request(t.url).get('/v1/charges/sbx_000000000000000000000000'),
      await request(t.url).get('/v1/providers'),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH_INVALID_TOKEN');
    }
  });

  it('refuses a malformed charge id with 400 VALIDATION_ERROR', async () => {
    const a = tenant();
    // Fastify refuses path parameters over 100 characters with 404 before any handler, so the length case is Express only.
    const ids = ['bad$id', 'a%20b', 'sbx_..%2F..', 'x'.repeat(129)];
    for (const id of ids) {
      for (const res of [
        await request(t.url).get(`/v1/charges/${id}`).set(auth(a)),
        await request(t.url).post(`/v1/charges/${id}/cancel`).set(auth(a)),
      ]) {
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          code: 'VALIDATION_ERROR',
          errors: [{ field: 'provider_charge_id', message: expect.any(String) }],
        });
      }
    }
  });

  it('keeps a due date of today and refuses yesterday (America/Sao_Paulo)', async () => {
    const a = tenant();
    await createCharge(t.url, a, boletoBody({ dueDate: spDate(0) })).expect(201);
    const res = await createCharge(t.url, a, boletoBody({ dueDate: spDate(-1) })).expect(400);
    expect(res.body.errors).toEqual([{ field: 'dueDate', message: expect.stringContaining('America/Sao_Paulo') }]);
  });
});
