import request from 'supertest';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { uniquePrefix } from '../helpers/redis';
import { testToken } from '../helpers/tokens';
import { boletoBody } from '../charges/charge-fixtures';
import { callTool, connectMcp, ERAS } from '../mcp/mcp-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe.each(ADAPTERS)('scopes and spending limits (%s)', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ adapter });
  });
  afterAll(async () => {
    await t?.close();
  });

  const tokenWith = (o: { scope?: string; maxAmountCents?: number } = {}) =>
    testToken({ tenantId: uniquePrefix('scope'), credentials: {}, ...o });

  const expectForbidden = (res: request.Response, scope: string) => {
    expect({ status: res.status, code: res.body.code, challenge: res.headers['www-authenticate'] }).toEqual({
      status: 403,
      code: 'INSUFFICIENT_SCOPE',
      challenge: `Bearer error="insufficient_scope", scope="${scope}"`,
    });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  };

  it('a read-only token reads charges but cannot create, cancel or pay one (403 INSUFFICIENT_SCOPE naming the scope)', async () => {
    const full = tokenWith();
    const created = await request(t.url).post('/v1/charges').set(auth(full)).send(boletoBody());
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // Same tenant, read-only: a token's tenant is its own, so mint one for the same tenant id.
    const tenantId = uniquePrefix('ro');
    const ro = testToken({ tenantId, credentials: {}, scope: 'charges:read' });
    const rw = testToken({ tenantId, credentials: {}, scope: 'charges:read charges:write' });
    const mine = await request(t.url).post('/v1/charges').set(auth(rw)).send(boletoBody());
    expect(mine.status).toBe(201);
    const read = await request(t.url).get(`/v1/charges/${mine.body.id}`).set(auth(ro));
    expect(read.status).toBe(200);
    expectForbidden(await request(t.url).post('/v1/charges').set(auth(ro)).send(boletoBody()), 'charges:write');
    expectForbidden(
      await request(t.url).post(`/v1/charges/${mine.body.id}/cancel`).set(auth(ro)).send(),
      'charges:cancel',
    );
    expectForbidden(await request(t.url).post(`/v1/sandbox/charges/${id}/pay`).set(auth(ro)).send(), 'charges:write');
    // A scope check comes before validation: a write-less token learns nothing about its body.
    expectForbidden(await request(t.url).post('/v1/charges').set(auth(ro)).send({}), 'charges:write');
  });

  it('a write-only token cannot read a charge', async () => {
    const wo = tokenWith({ scope: 'charges:write' });
    const created = await request(t.url).post('/v1/charges').set(auth(wo)).send(boletoBody());
    expect(created.status).toBe(201);
    expectForbidden(await request(t.url).get(`/v1/charges/${created.body.id}`).set(auth(wo)), 'charges:read');
  });

  it('refuses an unknown scope in a token (401)', async () => {
    const res = await request(t.url)
      .post('/initialize')
      .set(auth(tokenWith({ scope: 'charges:everything' })));
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/scope/);
  });

  it('POST /initialize shows the scopes and the limit; a token without scope has every scope and no limit', async () => {
    const limited = await request(t.url)
      .post('/initialize')
      .set(auth(tokenWith({ scope: 'charges:read charges:write', maxAmountCents: 5000 })));
    expect(limited.status).toBe(200);
    expect(limited.body).toMatchObject({ scopes: ['charges:read', 'charges:write'], maxAmountCents: 5000 });
    const full = await request(t.url).post('/initialize').set(auth(tokenWith()));
    expect(full.body).toMatchObject({
      scopes: ['charges:read', 'charges:write', 'charges:cancel', 'webhooks:manage'],
      maxAmountCents: null,
    });
  });

  it('refuses a create above meta.maxAmountCents with 403 AMOUNT_LIMIT_EXCEEDED stating the limit; at the limit it passes', async () => {
    const token = tokenWith({ maxAmountCents: 10000 });
    const over = await request(t.url)
      .post('/v1/charges')
      .set(auth(token))
      .set('Idempotency-Key', uniquePrefix('k'))
      .send(boletoBody({ amount: 10001 }));
    expect({ status: over.status, code: over.body.code, limit: over.body.maxAmountCents }).toEqual({
      status: 403,
      code: 'AMOUNT_LIMIT_EXCEEDED',
      limit: 10000,
    });
    expect(over.body.detail).toMatch(/10000 cents/);
    const at = await request(t.url)
      .post('/v1/charges')
      .set(auth(token))
      .send(boletoBody({ amount: 10000 }));
    expect(at.status).toBe(201);
  });

  describe.each(ERAS)('MCP, %s protocol', (era) => {
    it('hides the tools a read-only token may not call and refuses them with INSUFFICIENT_SCOPE', async () => {
      const client = await connectMcp(t.url, era, auth(tokenWith({ scope: 'charges:read' })));
      try {
        const names = (await client.listTools()).tools.map((x) => x.name);
        expect(names).toEqual(
          expect.arrayContaining(['get_charge', 'list_charges', 'initialize_session', 'list_providers']),
        );
        for (const hidden of ['create_charge', 'cancel_charge', 'refund_charge']) expect(names).not.toContain(hidden);
        const create = await callTool(client, 'create_charge', { type: 'pix', amount: 100 });
        expect(create.isError).toBe(true);
        expect(create.structured).toMatchObject({ code: 'INSUFFICIENT_SCOPE' });
        const cancel = await callTool(client, 'cancel_charge', { id: 'chg_x' });
        expect(cancel.structured).toMatchObject({ code: 'INSUFFICIENT_SCOPE' });
        const session = await callTool(client, 'initialize_session');
        expect(session.structured).toMatchObject({ scopes: ['charges:read'], maxAmountCents: null });
      } finally {
        await client.close();
      }
    });

    it('refuses an over-limit create_charge with AMOUNT_LIMIT_EXCEEDED and the limit', async () => {
      const client = await connectMcp(t.url, era, auth(tokenWith({ maxAmountCents: 2000 })));
      try {
        expect((await client.listTools()).tools.map((x) => x.name)).toContain('create_charge');
        const r = await callTool(client, 'create_charge', {
          type: 'pix',
          amount: 2500,
          expiresInSeconds: 3600,
          payer: { name: 'ACME Ltda', document: '11.222.333/0001-81' },
        });
        expect(r.isError).toBe(true);
        expect(r.structured).toMatchObject({ code: 'AMOUNT_LIMIT_EXCEEDED' });
        expect(JSON.stringify(r.structured)).toMatch(/2000 cents/);
      } finally {
        await client.close();
      }
    });
  });
});
