import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { boletoBody, pixBody } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys } from '../helpers/redis';
import { testToken } from '../helpers/tokens';
import { callTool, connectMcp } from '../mcp/mcp-client';
import { AcmeProvider } from './acme.bank';

// The proof that a bank is one folder plus one line: a bank class that lives only in this test, registered the way
// the product's list registers its banks, answers over REST and MCP with nothing else added.
describe.each(ADAPTERS)('a throwaway bank registered in a test module (%s)', (adapter) => {
  let t: TestApp;
  const tenantId = `acme-${randomUUID().slice(0, 8)}`;
  const token = testToken({ tenantId, providerId: 'acme', credentials: { accountId: 'acme-42' } });
  const auth = { Authorization: `Bearer ${token}` };

  beforeAll(async () => {
    t = await startTestApp({ adapter, banks: [AcmeProvider] });
  });
  afterAll(async () => {
    if (t?.redisUrl) await deleteKeys(t.redisUrl, `${tenantId}:*`);
    await t?.close();
  });

  it('is listed by GET /v1/providers as the only bank', async () => {
    const res = await request(t.url).get('/v1/providers').set(auth).expect(200);
    const ids = (res.body.data ?? res.body).map((p: { id: string }) => p.id);
    expect(ids).toEqual(['acme']);
  });

  it('creates, reads and cancels over REST with the unified response', async () => {
    const created = await request(t.url)
      .post('/v1/charges')
      .set(auth)
      .set('Idempotency-Key', randomUUID())
      .send(pixBody({ amount: 4321 }))
      .expect(201);
    expect(created.body).toMatchObject({ providerId: 'acme', type: 'pix', status: 'PENDING', amount: 4321 });
    expect(created.body.pix.brCode).toBe('ACME|acme-42|4321');
    const id = created.body.id as string;
    const read = await request(t.url).get(`/v1/charges/${id}`).set(auth).expect(200);
    expect(read.body).toMatchObject({ id, status: 'PENDING', providerStatus: 'OPEN' });
    const cancelled = await request(t.url).post(`/v1/charges/${id}/cancel`).set(auth).expect(200);
    expect(cancelled.body).toMatchObject({ id, status: 'CANCELLED', providerStatus: 'VOID' });
  });

  it('refuses a type the bank does not declare and credentials it does not accept, in the one error format', async () => {
    const boleto = await request(t.url).post('/v1/charges').set(auth).send(boletoBody());
    expect(boleto.status).toBe(422);
    expect(boleto.body.code).toBe('UNSUPPORTED_CHARGE_TYPE');
    const bad = testToken({ tenantId, providerId: 'acme', credentials: { accountId: 'nope' } });
    const res = await request(t.url).get('/v1/providers').set('Authorization', `Bearer ${bad}`).expect(401);
    expect(res.body.detail).toContain('accountId must look like acme-<digits>');
  });

  it('answers 422 UNSUPPORTED_OPERATION for listing and refunds, which it does not declare', async () => {
    const list = await request(t.url).get('/v1/charges').set(auth).expect(422);
    expect(list.body.code).toBe('UNSUPPORTED_OPERATION');
    const refund = await request(t.url).post('/v1/charges/acme-1/refunds').set(auth).send({}).expect(422);
    expect(refund.body.code).toBe('UNSUPPORTED_OPERATION');
  });

  it('creates, reads and cancels over MCP with the same service', async () => {
    const client = await connectMcp(t.url, 'legacy', auth);
    try {
      const created = await callTool(client, 'create_charge', {
        ...pixBody({ amount: 999 }),
        idempotencyKey: randomUUID(),
      });
      expect(created.isError).toBe(false);
      expect(created.structured).toMatchObject({ providerId: 'acme', status: 'PENDING', amount: 999 });
      const id = created.structured.id as string;
      const read = await callTool(client, 'get_charge', { id });
      expect(read.structured).toMatchObject({ id, status: 'PENDING' });
      const cancelled = await callTool(client, 'cancel_charge', { id });
      expect(cancelled.structured).toMatchObject({ id, status: 'CANCELLED' });
      const sandboxToken = testToken({ tenantId, providerId: 'sandbox' });
      const refused = await request(t.url).get('/v1/providers').set('Authorization', `Bearer ${sandboxToken}`);
      expect(refused.status).toBe(401); // the product's banks are not registered in this app
    } finally {
      await client.close();
    }
  });
});
