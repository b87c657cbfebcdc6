import { rawExchange } from '../helpers/raw-http';
import request from 'supertest';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { uniquePrefix } from '../helpers/redis';
import { testToken } from '../helpers/tokens';

function problemOf(raw: string): Record<string, unknown> {
  return JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
}

describe.each(ADAPTERS)('request edges (%s)', (adapter) => {
  let t: TestApp;
  let auth: string;
  beforeAll(async () => {
    t = await startTestApp({ adapter });
    auth = `Bearer ${testToken({ tenantId: uniquePrefix('edge'), credentials: {} })}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers a known path with the wrong method with 405 METHOD_NOT_ALLOWED and Allow', async () => {
    const res = await request(t.url).delete('/health');
    expect(res.status).toBe(405);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.body).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
    const param = await request(t.url).get('/v1/charges/abc123/cancel');
    expect(param.status).toBe(405);
    expect(param.headers.allow).toBe('POST');
    const unknown = await request(t.url).put('/no/such/path');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
  });

  it.each([
    ['form-urlencoded', 'application/x-www-form-urlencoded', {}, 'a=b'],
    ['text/plain', 'text/plain', {}, 'hello'],
    ['gzip-encoded JSON', 'application/json', { 'Content-Encoding': 'gzip' }, '{}'],
    ['JSON in latin1', 'application/json; charset=latin1', {}, '{}'],
  ])('refuses a %s body with 415 UNSUPPORTED_MEDIA_TYPE', async (_name, type, headers, body) => {
    const res = await request(t.url)
      .post('/initialize')
      .set('Authorization', auth)
      .set('Content-Type', type)
      .set(headers)
      .send(body);
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      requestId: res.headers['x-request-id'],
    });
  });

  it('accepts JSON with an explicit utf-8 charset', async () => {
    const res = await request(t.url)
      .post('/initialize')
      .set('Authorization', auth)
      .set('Content-Type', 'application/json; charset=utf-8')
      .send('{}');
    expect(res.status).toBe(200);
  });

  it('answers a malformed request line with 400 BAD_REQUEST problem+json and a request id', async () => {
    const raw = await rawExchange(t.url, 'GARBAGE\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toMatch(/content-type: application\/problem\+json/i);
    const body = problemOf(raw);
    expect(body).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
    });
    expect(raw).toContain(`X-Request-Id: ${body.requestId}`);
  });

  it('answers oversized headers with 431 HEADERS_TOO_LARGE', async () => {
    const raw = await rawExchange(t.url, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`);
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(problemOf(raw)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
  });

  it('bounds X-Request-Id: a 200-character id is replaced by a generated one', async () => {
    const res = await request(t.url).get('/health').set('X-Request-Id', 'a'.repeat(200));
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs one line per authenticated request with method, route template, status, duration, requestId and tenantId', async () => {
    const tenantId = uniquePrefix('log');
    const token = testToken({ tenantId, credentials: {} });
    await request(t.url)
      .get('/v1/charges/chg_does_not_exist')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Request-Id', 'log-tenant-1');
    await new Promise((r) => setTimeout(r, 50));
    const lines = t.logs.filter((l) => l.includes('"log-tenant-1"') && l.includes('"msg":"request"'));
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({
      method: 'GET',
      route: '/v1/charges/:provider_charge_id',
      requestId: 'log-tenant-1',
      tenantId,
      status: expect.any(Number),
    });
    expect(typeof line.duration).toBe('number');
    expect(t.logs.join('\n')).not.toContain(token);
  });
});
