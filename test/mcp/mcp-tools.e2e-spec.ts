import type { Client, Tool } from '@modelcontextprotocol/client';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { uniquePrefix } from '../helpers/redis';
import { testToken } from '../helpers/tokens';
import { boletoArgs, callTool, connectMcp, ERAS, outputErrors, pixArgs } from './mcp-client';

const PNG_SIGNATURE = '89504e470d0a1a0a';
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe.each(ADAPTERS)('MCP tools (%s)', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ adapter });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe.each(ERAS)('%s protocol', (era) => {
    const tenantA = uniquePrefix('mcp-a');
    const tenantB = uniquePrefix('mcp-b');
    const tokenA = testToken({ tenantId: tenantA, credentials: {} });
    let client: Client;
    let tools: Tool[];
    const toolNamed = (name: string) => tools.find((x) => x.name === name) as Tool;

    beforeAll(async () => {
      client = await connectMcp(t.url, era, auth(tokenA));
      tools = (await client.listTools()).tools;
    });
    afterAll(async () => {
      await client?.close();
    });

    it(`negotiates the ${era} era`, () => {
      expect(client.getProtocolEra()).toBe(era);
      expect(client.getInstructions()).toMatch(/integer cents/);
    });

    it('lists the charge tools with schemas and honest annotations', () => {
      // ChargesTools come first, in this order; other features' tools (the documents) follow.
      expect(tools.map((x) => x.name).slice(0, 7)).toEqual([
        'create_charge',
        'get_charge',
        'cancel_charge',
        'list_charges',
        'refund_charge',
        'initialize_session',
        'list_providers',
      ]);
      for (const tool of tools) {
        expect(tool.description).toBeTruthy();
        expect(tool.inputSchema.type).toBe('object');
        expect(tool.outputSchema?.type).toBe('object');
      }
      const create = toolNamed('create_charge');
      expect(create.description).toMatch(/cents/);
      expect(create.description).toMatch(/YYYY-MM-DD/);
      expect(create.inputSchema.properties).toMatchObject({
        type: { enum: ['boleto', 'pix', 'bolepix'] },
        amount: { type: 'integer' },
        dueDate: { type: 'string' },
        idempotencyKey: { type: 'string' },
        payer: { type: 'object', properties: { name: {}, document: {}, address: { properties: { zipCode: {} } } } },
        fine: {},
        interest: {},
        discount: {},
      });
      expect(create.inputSchema.required).toEqual(expect.arrayContaining(['type', 'amount', 'payer']));
      // outputSchema: the result, or (isError) our error, since clients check both against it.
      const [result, error] = create.outputSchema?.anyOf as Array<{ properties: Record<string, unknown> }>;
      expect(result.properties).toMatchObject({
        status: { enum: expect.arrayContaining(['PENDING', 'PAID', 'CANCELLED']) },
        pix: {},
        boleto: {},
      });
      expect(error.properties).toMatchObject({
        code: { enum: expect.arrayContaining(['VALIDATION_ERROR', 'PROVIDER_ERROR']) },
        errors: {},
      });
      expect(outputErrors(create, { id: 'sbx_1', status: 'PENDING' })).toBeDefined();
      expect(create.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: false });
      expect(toolNamed('get_charge').annotations).toMatchObject({ readOnlyHint: true });
      expect(toolNamed('get_charge').inputSchema.required).toEqual(['id']);
      expect(toolNamed('cancel_charge').annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: true,
      });
      expect(toolNamed('list_providers').annotations).toMatchObject({ readOnlyHint: true });
      expect(toolNamed('initialize_session').annotations).toMatchObject({ readOnlyHint: false });
    });

    it('creates, gets and cancels a boleto whose structured output matches the declared outputSchema', async () => {
      const created = await callTool(client, 'create_charge', boletoArgs());
      expect(created.isError).toBe(false);
      expect(outputErrors(toolNamed('create_charge'), created.structured)).toBeUndefined();
      expect(created.structured).toMatchObject({
        type: 'boleto',
        amount: 15990,
        status: 'PENDING',
        providerId: 'sandbox',
        payer: { document: '52998224725', documentType: 'CPF' },
      });
      expect((created.structured.boleto as { digitableLine: string }).digitableLine).toMatch(/^\d{47}$/);
      expect(JSON.parse(created.content[0].text as string)).toEqual(created.structured);
      expect(created.content.some((c) => c.type === 'image')).toBe(false);

      const read = await callTool(client, 'get_charge', { id: created.structured.id });
      expect(read.isError).toBe(false);
      expect(read.structured).toEqual(created.structured);

      const cancelled = await callTool(client, 'cancel_charge', { id: created.structured.id });
      expect(cancelled.isError).toBe(false);
      expect(outputErrors(toolNamed('cancel_charge'), cancelled.structured)).toBeUndefined();
      expect(cancelled.structured).toMatchObject({ id: created.structured.id, status: 'CANCELLED' });
      expect((await callTool(client, 'cancel_charge', { id: created.structured.id })).structured).toMatchObject({
        status: 'CANCELLED',
      });
      expect((await callTool(client, 'get_charge', { id: created.structured.id })).structured).toMatchObject({
        status: 'CANCELLED',
      });
    });

    it('creates a Pix charge with its QR code as a PNG image block, and shows it again on get', async () => {
      const created = await callTool(client, 'create_charge', pixArgs());
      expect(created.isError).toBe(false);
      expect(outputErrors(toolNamed('create_charge'), created.structured)).toBeUndefined();
      const pix = created.structured.pix as { brCode: string };
      expect(pix.brCode).toMatch(/^000201/);
      const image = created.content.find((c) => c.type === 'image');
      expect(image?.mimeType).toBe('image/png');
      expect(
        Buffer.from(image?.data as string, 'base64')
          .subarray(0, 8)
          .toString('hex'),
      ).toBe(PNG_SIGNATURE);

      const read = await callTool(client, 'get_charge', { id: created.structured.id });
      expect(read.structured).toMatchObject({ id: created.structured.id, type: 'pix', status: 'PENDING' });
      expect(read.content.find((c) => c.type === 'image')?.data).toBe(image?.data);

      const cancelled = await callTool(client, 'cancel_charge', { id: created.structured.id });
      expect(cancelled.structured).toMatchObject({ status: 'CANCELLED' });
      expect(cancelled.content.some((c) => c.type === 'image')).toBe(false);
    });

    it('gives a bolepix both a digitable line and a QR image', async () => {
      const created = await callTool(client, 'create_charge', boletoArgs({ type: 'bolepix' }));
      expect(created.structured).toMatchObject({
        type: 'bolepix',
        boleto: { digitableLine: expect.any(String) },
        pix: { brCode: expect.any(String) },
      });
      expect(created.content.filter((c) => c.type === 'image')).toHaveLength(1);
    });

    it('returns the first charge when create_charge is repeated with the same idempotencyKey', async () => {
      const key = uniquePrefix('idem');
      const first = await callTool(client, 'create_charge', boletoArgs({ idempotencyKey: key }));
      const second = await callTool(client, 'create_charge', boletoArgs({ idempotencyKey: key }));
      expect(second.structured.id).toBe(first.structured.id);
      const other = await callTool(client, 'create_charge', boletoArgs({ idempotencyKey: key, amount: 100 }));
      expect(other).toMatchObject({ isError: true, structured: { code: 'IDEMPOTENCY_KEY_REUSED', status: 422 } });
    });

    it('answers bad input with isError and VALIDATION_ERROR naming each field', async () => {
      const bad = await callTool(client, 'create_charge', {
        type: 'boleto',
        amount: 'ten',
        dueDate: '10/12/2030',
        payer: { name: 'X', document: '111.111.111-11' },
      });
      expect(bad.isError).toBe(true);
      expect(bad.structured).toMatchObject({
        code: 'VALIDATION_ERROR',
        status: 400,
        detail: expect.any(String),
        requestId: expect.any(String),
      });
      const fields = (bad.structured.errors as Array<{ field: string }>).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['amount', 'dueDate', 'payer.document']));
      expect(JSON.parse(bad.content[0].text as string)).toEqual(bad.structured);
      expect(outputErrors(toolNamed('create_charge'), bad.structured)).toBeUndefined();

      const noId = await callTool(client, 'get_charge', {});
      expect(noId.structured).toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ field: 'id' }] });
      const badKey = await callTool(client, 'cancel_charge', { id: 'sbx_1', idempotencyKey: 'has spaces' });
      expect(badKey.structured).toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ field: 'idempotencyKey' }] });
      const extra = await callTool(client, 'list_providers', { surprise: true });
      expect(extra.structured).toMatchObject({ code: 'VALIDATION_ERROR' });
    });

    it('refuses to cancel a paid charge with CHARGE_NOT_CANCELLABLE', async () => {
      const created = await callTool(client, 'create_charge', boletoArgs());
      const paid = await fetch(new URL(`/v1/sandbox/charges/${created.structured.id}/pay`, t.url), {
        method: 'POST',
        headers: auth(tokenA),
      });
      expect(paid.status).toBe(200);
      const cancel = await callTool(client, 'cancel_charge', { id: created.structured.id });
      expect(cancel).toMatchObject({ isError: true, structured: { code: 'CHARGE_NOT_CANCELLABLE', status: 409 } });
      expect((await callTool(client, 'get_charge', { id: created.structured.id })).structured).toMatchObject({
        status: 'PAID',
      });
    });

    it('answers an unknown charge id with CHARGE_NOT_FOUND', async () => {
      const missing = await callTool(client, 'cancel_charge', { id: 'sbx_000000000000000000000000' });
      expect(missing).toMatchObject({ isError: true, structured: { code: 'CHARGE_NOT_FOUND', status: 404 } });
    });

    it("keeps tenant B away from tenant A's charge (CHARGE_NOT_FOUND)", async () => {
      const created = await callTool(client, 'create_charge', boletoArgs());
      const other = await connectMcp(t.url, era, auth(testToken({ tenantId: tenantB, credentials: {} })));
      try {
        const read = await callTool(other, 'get_charge', { id: created.structured.id });
        expect(read).toMatchObject({ isError: true, structured: { code: 'CHARGE_NOT_FOUND', status: 404 } });
        const cancel = await callTool(other, 'cancel_charge', { id: created.structured.id });
        expect(cancel.structured).toMatchObject({ code: 'CHARGE_NOT_FOUND' });
      } finally {
        await other.close();
      }
      expect((await callTool(client, 'get_charge', { id: created.structured.id })).structured).toMatchObject({
        status: 'PENDING',
      });
    });

    it('reports a provider fault as isError PROVIDER_ERROR without internals', async () => {
      const failing = await connectMcp(
        t.url,
        era,
        auth(testToken({ tenantId: uniquePrefix('mcp-fail'), credentials: { failWith: 500 } })),
      );
      try {
        const r = await callTool(failing, 'create_charge', pixArgs());
        expect(r).toMatchObject({ isError: true, structured: { code: 'PROVIDER_ERROR', status: 502 } });
        expect(outputErrors(toolNamed('create_charge'), r.structured)).toBeUndefined();
        expect(JSON.stringify(r)).not.toMatch(/stack|at .*\.(js|ts)/);
      } finally {
        await failing.close();
      }
    });

    it('opens the provider session and lists the providers', async () => {
      const session = await callTool(client, 'initialize_session');
      expect(session.isError).toBe(false);
      expect(outputErrors(toolNamed('initialize_session'), session.structured)).toBeUndefined();
      expect(session.structured).toMatchObject({
        tenantId: tenantA,
        providerId: 'sandbox',
        capabilities: { types: ['boleto', 'pix', 'bolepix'], cancel: true },
      });
      const providers = await callTool(client, 'list_providers');
      expect(outputErrors(toolNamed('list_providers'), providers.structured)).toBeUndefined();
      expect(providers.structured.providers).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: 'sandbox', displayName: expect.any(String) })]),
      );
    });

    it('answers an unknown tool with a JSON-RPC error, not a tool result', async () => {
      await expect(client.callTool({ name: 'delete_everything', arguments: {} })).rejects.toMatchObject({
        code: -32602,
      });
    });
  });
});
