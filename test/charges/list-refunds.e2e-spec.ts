import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys } from '../helpers/redis';
import { testToken } from '../helpers/tokens';
import { callTool, connectMcp, outputErrors } from '../mcp/mcp-client';
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

type Page = { data: Array<{ id: string }>; hasMore: boolean; nextCursor: string | null };

describe.each(ADAPTERS)('listing and refunds on the sandbox (%s)', (adapter) => {
  let t: TestApp;
  const tenants: Tenant[] = [];
  const tenant = (o?: Parameters<typeof sandboxTenant>[0]) => {
    const x = sandboxTenant(o);
    tenants.push(x);
    return x;
  };
  const list = (who: Tenant, query: string) => request(t.url).get(`/v1/charges${query}`).set(auth(who));
  const ids = (page: Page) => page.data.map((c) => c.id);
  const pay = (who: Tenant, id: string) =>
    request(t.url).post(`/v1/sandbox/charges/${id}/pay`).set(auth(who)).expect(200);
  const refund = (who: Tenant, id: string, body: object, key?: string) => {
    const req = request(t.url).post(`/v1/charges/${id}/refunds`).set(auth(who));
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };

  // One tenant with a boleto (open), a pix (paid) and a bolepix (paid), created in this order.
  const a = sandboxTenant();
  tenants.push(a);
  const externalId = `order-${randomUUID()}`;
  let boleto: string, pix: string, bolepix: string;

  beforeAll(async () => {
    t = await startTestApp({ adapter, env: CHARGES_TEST_ENV });
    boleto = (await createCharge(t.url, a, boletoBody({ externalId, dueDate: spDate(10) })).expect(201)).body.id;
    pix = (await createCharge(t.url, a, pixBody()).expect(201)).body.id;
    bolepix = (await createCharge(t.url, a, bolepixBody({ dueDate: spDate(20) })).expect(201)).body.id;
    await pay(a, pix);
    await pay(a, bolepix);
  });
  afterAll(async () => {
    for (const x of tenants) await deleteKeys(t.redisUrl as string, `${x.prefix}:*`);
    await t?.close();
  });

  it('lists the tenant charges newest first, unfiltered, as one page without a cursor', async () => {
    const res = await list(a, '').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ hasMore: false, nextCursor: null });
    expect(ids(res.body)).toEqual([bolepix, pix, boleto]);
    expect(res.body.data[0]).toMatchObject({ providerId: 'sandbox', type: 'bolepix', status: 'PAID' });
  });

  it.each([
    ['status=PAID', () => [bolepix, pix]],
    ['status=pending', () => [boleto]],
    ['status=PENDING,PAID', () => [bolepix, pix, boleto]],
    ['status=PENDING&status=CANCELLED', () => [boleto]],
    ['type=pix', () => [pix]],
    [`createdFrom=${spDate(0)}&createdTo=${spDate(0)}`, () => [bolepix, pix, boleto]],
    [`createdFrom=${spDate(1)}`, () => []],
    [`dueFrom=${spDate(15)}`, () => [bolepix]],
    [`dueTo=${spDate(12)}`, () => [boleto]],
    [`paidFrom=${spDate(0)}&paidTo=${spDate(0)}`, () => [bolepix, pix]],
    [`paidTo=${spDate(-1)}`, () => []],
    [`externalId=${externalId}`, () => [boleto]],
    ['payerDocument=529.982.247-25', () => [bolepix, boleto]],
    ['payerDocument=12.abc.345/01de-35&status=PAID', () => [pix]],
  ])('filters by %s', async (query, expected) => {
    const res = await list(a, `?${query}`).expect(200);
    expect(ids(res.body)).toEqual(expected());
  });

  it('pages through a listing with the sealed cursor, each charge once', async () => {
    const b = tenant();
    const made: string[] = [];
    for (let i = 0; i < 5; i++)
      made.push((await createCharge(t.url, b, pixBody({ amount: 100 + i })).expect(201)).body.id);
    const seen: string[] = [];
    let query = '?limit=2&type=pix';
    const sizes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const page = (await list(b, query).expect(200)).body as Page;
      seen.push(...ids(page));
      sizes.push(page.data.length);
      if (!page.hasMore) break;
      expect(page.nextCursor).toMatch(/^v1\./);
      query = `?limit=2&type=pix&cursor=${encodeURIComponent(page.nextCursor as string)}`;
    }
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual([...made].reverse());
  });

  it('refuses a tampered cursor, a cursor with other filters and another tenant cursor (400 cursor)', async () => {
    const first = (await list(a, '?limit=1').expect(200)).body as Page;
    const cursor = first.nextCursor as string;
    // One character changed (always to a different one) inside the sealed part.
    const at = cursor.length - 3;
    const tampered = `${cursor.slice(0, at)}${cursor[at] === 'A' ? 'B' : 'A'}${cursor.slice(at + 1)}`;
    expect(tampered).not.toBe(cursor);
    const b = tenant();
    for (const res of [
      await list(a, `?limit=1&cursor=${encodeURIComponent(tampered)}`),
      await list(a, `?limit=1&type=pix&cursor=${encodeURIComponent(cursor)}`),
      await list(b, `?limit=1&cursor=${encodeURIComponent(cursor)}`),
      await list(a, '?cursor=not-a-cursor'),
    ]) {
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_ERROR');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    }
    const second = (await list(a, `?limit=1&cursor=${encodeURIComponent(cursor)}`).expect(200)).body as Page;
    expect(ids(second)).toEqual([pix]);
  });

  it("never lists another tenant's charges", async () => {
    const b = tenant();
    const own = (await createCharge(t.url, b, pixBody()).expect(201)).body.id;
    expect(ids((await list(b, '').expect(200)).body)).toEqual([own]);
    expect(ids((await list(a, '').expect(200)).body)).not.toContain(own);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['status=LOST', 'status'],
    ['type=card', 'type'],
    ['createdFrom=2026-13-01', 'createdFrom'],
    [`dueFrom=${spDate(5)}&dueTo=${spDate(1)}`, 'dueTo'],
    ['payerDocument=123', 'payerDocument'],
    ['colour=blue', 'colour'],
  ])('refuses %s with a field error', async (query, field) => {
    const res = await list(a, `?${query}`).expect(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
    expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
  });

  it('refunds part, then the rest (REFUNDED), then refuses another refund', async () => {
    const b = tenant();
    const id = (await createCharge(t.url, b, boletoBody()).expect(201)).body.id;
    await pay(b, id);
    const partial = await refund(b, id, { amount: 5000, reason: 'Produto devolvido' }).expect(201);
    expect(partial.body).toMatchObject({ id, status: 'PAID', refundedAmount: 5000 });
    expect(partial.body.refunds).toEqual([
      {
        id: expect.any(String),
        amount: 5000,
        status: 'DONE',
        createdAt: expect.any(String),
        reason: 'Produto devolvido',
      },
    ]);
    const rest = await refund(b, id, {}).expect(201);
    expect(rest.body).toMatchObject({ status: 'REFUNDED', providerStatus: 'DEVOLVIDO', refundedAmount: 15990 });
    expect(rest.body.refunds.map((r: { amount: number }) => r.amount)).toEqual([5000, 10990]);
    expect((await request(t.url).get(`/v1/charges/${id}`).set(auth(b)).expect(200)).body.status).toBe('REFUNDED');
    expect(ids((await list(b, '?status=REFUNDED').expect(200)).body)).toEqual([id]);
    const again = await refund(b, id, {}).expect(409);
    expect(again.body.code).toBe('CHARGE_NOT_REFUNDABLE');
  });

  it('refunds once for a retried keyed refund, and refuses the key with another amount', async () => {
    const b = tenant();
    const id = (await createCharge(t.url, b, pixBody()).expect(201)).body.id;
    await pay(b, id);
    const key = randomUUID();
    const first = await refund(b, id, { amount: 1000 }, key).expect(201);
    const retry = await refund(b, id, { amount: 1000 }, key).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    const read = await request(t.url).get(`/v1/charges/${id}`).set(auth(b)).expect(200);
    expect(read.body).toMatchObject({ refundedAmount: 1000, refunds: [expect.objectContaining({ amount: 1000 })] });
    expect((await refund(b, id, { amount: 500 }, key).expect(422)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses refunds above what is left, of unpaid charges, of bad bodies and without charges:cancel', async () => {
    const b = tenant();
    const paid = (await createCharge(t.url, b, pixBody({ amount: 2500 })).expect(201)).body.id;
    await pay(b, paid);
    const over = await refund(b, paid, { amount: 2501 }).expect(422);
    expect(over.body).toMatchObject({ code: 'REFUND_EXCEEDS_PAID' });
    expect(over.body.detail).toContain('2500 cents');
    const open = (await createCharge(t.url, b, pixBody()).expect(201)).body.id;
    expect((await refund(b, open, {}).expect(409)).body.code).toBe('CHARGE_NOT_REFUNDABLE');
    const bad = await refund(b, paid, { amount: 0, extra: 1 }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount', 'extra']);
    expect((await refund(b, 'sbx_000000000000000000000000', {}).expect(404)).body.code).toBe('CHARGE_NOT_FOUND');
    const reader = testToken({ tenantId: b.tenantId, redisKeyPrefix: b.prefix, scope: 'charges:read' });
    const denied = await request(t.url)
      .post(`/v1/charges/${paid}/refunds`)
      .set('Authorization', `Bearer ${reader}`)
      .send({})
      .expect(403);
    expect(denied.body.code).toBe('INSUFFICIENT_SCOPE');
    await request(t.url).get('/v1/charges').set('Authorization', `Bearer ${reader}`).expect(200);
  });

  it('lists and refunds over MCP with the official SDK client', async () => {
    const b = tenant();
    const id = (await createCharge(t.url, b, pixBody({ amount: 3000 })).expect(201)).body.id;
    await pay(b, id);
    const client = await connectMcp(t.url, 'modern', auth(b));
    try {
      const tools = (await client.listTools()).tools;
      const listTool = tools.find((x) => x.name === 'list_charges');
      const refundTool = tools.find((x) => x.name === 'refund_charge');
      expect(listTool?.annotations).toMatchObject({ readOnlyHint: true });
      expect(refundTool?.annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
      });
      const listed = await callTool(client, 'list_charges', { status: ['PAID'], limit: 5 });
      expect(listed.isError).toBe(false);
      expect(listed.structured).toMatchObject({ hasMore: false, nextCursor: null, data: [{ id, status: 'PAID' }] });
      expect(outputErrors(listTool!, listed.structured)).toBeUndefined();
      const key = randomUUID();
      const once = await callTool(client, 'refund_charge', { id, amount: 1000, idempotencyKey: key });
      const twice = await callTool(client, 'refund_charge', { id, amount: 1000, idempotencyKey: key });
      expect(once.structured).toMatchObject({ status: 'PAID', refundedAmount: 1000 });
      expect(twice.structured).toEqual(once.structured);
      expect(outputErrors(refundTool!, once.structured)).toBeUndefined();
      const over = await callTool(client, 'refund_charge', { id, amount: 999999 });
      expect(over.isError).toBe(true);
      expect(over.structured).toMatchObject({ code: 'REFUND_EXCEEDS_PAID' });
      const badFilter = await callTool(client, 'list_charges', { limit: 500 });
      expect(badFilter.structured).toMatchObject({ code: 'VALIDATION_ERROR' });
    } finally {
      await client.close();
    }
  });
});
