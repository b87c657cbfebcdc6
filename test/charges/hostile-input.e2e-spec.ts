import { randomUUID } from 'node:crypto';
import http from 'node:http';
import request from 'supertest';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys } from '../helpers/redis';
import { boletoArgs, callTool, connectMcp, ERAS } from '../mcp/mcp-client';
import { auth, boletoBody, CHARGES_TEST_ENV, createCharge, sandboxTenant } from './charge-fixtures';

/*
 * Strings that are not well-formed Unicode: a lone UTF-16 surrogate is valid JSON ("\ud800") but no text, and
 * validator.js (IsEmail, among others) hands strings to encodeURI, which throws on it. Wherever one arrives it must be
 * a 400 VALIDATION_ERROR naming the field, never a 5xx.
 */
const LONE_HIGH = 'maria\ud800@example.com';
const LONE_LOW = 'Maria \udc00 da Silva';
const REVERSED_PAIR = 'Mensalidade \udc00\ud800';

const base = boletoBody();
const payer = base.payer as Record<string, unknown>;
const address = payer.address as Record<string, unknown>;
const withPayer = (p: Record<string, unknown>) => boletoBody({ payer: { ...payer, ...p } });

/** [case, body, the fields the 400 must name] */
const CASES: Array<[string, Record<string, unknown>, string[]]> = [
  ['payer.email (validated by validator.js isEmail)', withPayer({ email: LONE_HIGH }), ['payer.email']],
  ['payer.name', withPayer({ name: LONE_LOW }), ['payer.name']],
  ['description', boletoBody({ description: REVERSED_PAIR }), ['description']],
  ['externalId', boletoBody({ externalId: 'order-\ud83d' }), ['externalId']],
  ['a nested address field', withPayer({ address: { ...address, city: 'S\udfffo Paulo' } }), ['payer.address.city']],
  ['an object key', withPayer({ ['nick\ud800']: 'x' }), ['payer.nick\ufffd']],
  ['a value under an unknown field', boletoBody({ notes: { a: ['ok', '\ud800'] } }), ['notes.a.1']],
  [
    'several fields at once',
    boletoBody({ description: '\ud800', payer: { ...payer, email: '\udc00' } }),
    ['description', 'payer.email'],
  ],
];

describe.each(ADAPTERS)('hostile Unicode input (%s)', (adapter) => {
  let t: TestApp;
  const a = sandboxTenant();

  beforeAll(async () => {
    t = await startTestApp({ adapter, env: CHARGES_TEST_ENV });
  });
  afterAll(async () => {
    await deleteKeys(t.redisUrl as string, `${a.prefix}:*`);
    await t?.close();
  });

  const expectNamed = (res: request.Response, fields: string[]) => {
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_ERROR');
    expect((res.body.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual([...fields].sort());
  };

  it.each(CASES)(
    'refuses a lone surrogate in %s with 400 VALIDATION_ERROR naming the field',
    async (_name, body, fields) => {
      expectNamed(await createCharge(t.url, a, body), fields);
      // With an Idempotency-Key too: refused before any record is written, so a corrected retry with the same key works.
      expectNamed(await createCharge(t.url, a, body, randomUUID()), fields);
    },
  );

  it('still accepts well-formed text outside the Basic Multilingual Plane (a surrogate pair)', async () => {
    await createCharge(t.url, a, boletoBody({ description: 'Mensalidade \u{1F4B0}' })).expect(201);
  });

  it('never answers a 5xx and never logs an internal error for any of them', async () => {
    for (const [, body] of CASES) expect((await createCharge(t.url, a, body)).status).toBeLessThan(500);
    expect(t.logs.some((l) => /"status":5\d\d|URIError/.test(l))).toBe(false);
  });

  /** A raw request: headers and path sent as the bytes given (latin1), as a hostile client can. */
  const raw = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const req = http.request(`${t.url}${path}`, { method, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }),
        );
      });
      req.on('error', reject);
      req.end(body);
    });

  it('refuses an Idempotency-Key holding the UTF-8 bytes of a surrogate (headers are bytes: latin1 to Node) with 400 naming it', async () => {
    const surrogateUtf8 = Buffer.from([0xed, 0xa0, 0x80]).toString('latin1');
    const res = await raw(
      'POST',
      '/v1/charges',
      { ...auth(a), 'Content-Type': 'application/json', 'Idempotency-Key': `key-${surrogateUtf8}` },
      JSON.stringify(boletoBody()),
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_ERROR',
      errors: [{ field: 'Idempotency-Key', message: expect.any(String) }],
    });
  });

  it('replaces an X-Request-Id holding invalid UTF-8 bytes with its own id', async () => {
    const res = await request(t.url)
      .get('/health/live')
      .set('X-Request-Id', Buffer.from([0x61, 0xed, 0xa0, 0x80]).toString('latin1'));
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a charge id carrying a surrogate as raw path bytes (400 VALIDATION_ERROR) or percent-encoded (400 BAD_REQUEST)', async () => {
    const bytes = Buffer.from([0xed, 0xa0, 0x80]).toString('latin1');
    for (const path of [`/v1/charges/sbx_${bytes}`, `/v1/charges/sbx_${bytes}/cancel`]) {
      const res = await raw(path.endsWith('cancel') ? 'POST' : 'GET', path, auth(a));
      expect({ path, status: res.status, code: res.body.code, fields: res.body.errors }).toEqual({
        path,
        status: 400,
        code: 'VALIDATION_ERROR',
        fields: [{ field: 'provider_charge_id', message: expect.any(String) }],
      });
    }
    const encoded = await request(t.url).get('/v1/charges/sbx_%ED%A0%80').set(auth(a));
    expect([encoded.status, encoded.body.code]).toEqual([400, 'BAD_REQUEST']);
  });

  describe.each(ERAS)('over MCP (%s)', (era) => {
    it('refuses lone surrogates in create_charge arguments with isError VALIDATION_ERROR naming the field', async () => {
      const client = await connectMcp(t.url, era, auth(a));
      try {
        const cases: Array<[Record<string, unknown>, string]> = [
          [boletoArgs({ payer: { ...(boletoArgs().payer as object), email: LONE_HIGH } }), 'payer.email'],
          [boletoArgs({ description: REVERSED_PAIR }), 'description'],
          [boletoArgs({ externalId: '\ud800' }), 'externalId'],
          [
            boletoArgs({ payer: { ...(boletoArgs().payer as object), address: { ...address, ['k\udc00']: 1 } } }),
            'payer.address.k\ufffd',
          ],
        ];
        for (const [args, field] of cases) {
          const r = await callTool(client, 'create_charge', args);
          expect(r).toMatchObject({
            isError: true,
            structured: { code: 'VALIDATION_ERROR', status: 400, errors: [{ field, message: expect.any(String) }] },
          });
        }
        const keyed = await callTool(client, 'create_charge', boletoArgs({ idempotencyKey: 'key-\ud800' }));
        expect(keyed).toMatchObject({
          isError: true,
          structured: { code: 'VALIDATION_ERROR', errors: [{ field: 'idempotencyKey', message: expect.any(String) }] },
        });
      } finally {
        await client.close();
      }
    });

    it('refuses a lone surrogate in get_charge and cancel_charge ids with isError VALIDATION_ERROR naming the id', async () => {
      const client = await connectMcp(t.url, era, auth(a));
      try {
        for (const tool of ['get_charge', 'cancel_charge']) {
          const r = await callTool(client, tool, { id: 'sbx_\ud800' });
          // The service validates the id for REST and MCP alike, under the REST path parameter's name.
          expect(r).toMatchObject({
            isError: true,
            structured: {
              code: 'VALIDATION_ERROR',
              status: 400,
              errors: [{ field: 'provider_charge_id', message: expect.any(String) }],
            },
          });
        }
        const oddKey = await callTool(client, 'get_charge', { id: 'sbx_000000000000000000000000', ['x\ud800']: 1 });
        expect(oddKey).toMatchObject({ isError: true, structured: { code: 'VALIDATION_ERROR', status: 400 } });
      } finally {
        await client.close();
      }
    });
  });
});
