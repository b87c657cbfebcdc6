import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import request from 'supertest';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { uniquePrefix } from '../helpers/redis';
import { testToken } from '../helpers/tokens';

describe.each(ADAPTERS)('foundation (%s)', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ adapter });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves GET /health with 200 without a token', async () => {
    const res = await request(t.url).get('/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.redis.status).toBe('up');
  });

  it('answers malformed JSON with 400 MALFORMED_JSON in problem+json', async () => {
    const res = await request(t.url).post('/health').set('Content-Type', 'application/json').send('{"amount": 10,');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 400,
      code: 'MALFORMED_JSON',
      title: expect.any(String),
      type: expect.any(String),
      detail: expect.any(String),
    });
    expect(res.body.requestId).toBeTruthy();
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js|stack/i);
  });

  it('refuses a 200 kB body with 413 PAYLOAD_TOO_LARGE', async () => {
    const body = JSON.stringify({ blob: 'x'.repeat(200 * 1024) });
    const res = await request(t.url).post('/health').set('Content-Type', 'application/json').send(body);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers an unknown route with 404 NOT_FOUND problem+json', async () => {
    const res = await request(t.url).get('/definitely/not/here');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('answers a non-JSON body with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const token = testToken({ tenantId: uniquePrefix('ct'), credentials: {} });
    const res = await request(t.url)
      .post('/v1/charges')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'text/plain')
      .send('hello');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('round-trips a caller X-Request-Id and generates one when absent', async () => {
    const mine = await request(t.url).get('/health').set('X-Request-Id', 'trace-abc.123');
    expect(mine.headers['x-request-id']).toBe('trace-abc.123');
    const err = await request(t.url).get('/nope').set('X-Request-Id', 'trace-err-1');
    expect(err.headers['x-request-id']).toBe('trace-err-1');
    expect(err.body.requestId).toBe('trace-err-1');
    const generated = await request(t.url).get('/health').set('X-Request-Id', 'bad id with spaces <script>');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes one JSON log line per request without the Authorization value', async () => {
    const secret = 'Bearer super-secret-token-value-xyz';
    await request(t.url).get('/health').set('Authorization', secret).set('X-Request-Id', 'log-check-1');
    await new Promise((r) => setTimeout(r, 50));
    const line = t.logs.find((l) => l.includes('"log-check-1"'));
    expect(line).toBeDefined();
    const parsed = JSON.parse(line as string);
    expect(parsed).toMatchObject({
      msg: 'request',
      method: 'GET',
      route: '/health',
      status: 200,
      requestId: 'log-check-1',
    });
    expect(typeof parsed.durationMs).toBe('number');
    expect(t.logs.join('\n')).not.toContain('super-secret-token-value-xyz');
  });

  it('sends security headers and no ETag', async () => {
    const res = await request(t.url).get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('answers oversized request headers with a problem+json from the clientError handler', async () => {
    const { port } = new URL(t.url);
    const raw = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431/);
    expect(raw).toContain('application/problem+json');
  });
});

describe('configuration at boot', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['scripts/run-ts.cjs', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 20000,
    });

  /** The one JSON log line a refused boot writes on stdout (stderr stays empty). */
  const problemsOf = (r: ReturnType<typeof run>): string[] => {
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]) as { level: string; msg: string; problems: string[] };
    expect(line).toMatchObject({ level: 'fatal', msg: 'invalid configuration' });
    return line.problems;
  };

  it('exits 1 naming the variable when production gets a 10-char secret', () => {
    const r = run({
      NODE_ENV: 'production',
      MCP_TOKEN_SECRET: '0123456789',
      ENCRYPTION_KEY_HEX: 'a'.repeat(64),
      WEBHOOK_HMAC_SECRET: 'w'.repeat(40),
      PORT: '0',
    });
    expect(r.status).toBe(1);
    expect(problemsOf(r)).toEqual(['MCP_TOKEN_SECRET must be at least 32 characters (got 10)']);
    expect(r.stdout).not.toContain('0123456789');
  });

  it('lists every problem in one log line', () => {
    const r = run({ NODE_ENV: 'production', PORT: 'abc', RATE_LIMIT: '-1' });
    expect(r.status).toBe(1);
    const problems = problemsOf(r).join('\n');
    for (const name of ['PORT', 'RATE_LIMIT', 'MCP_TOKEN_SECRET', 'ENCRYPTION_KEY_HEX', 'WEBHOOK_HMAC_SECRET'])
      expect(problems).toContain(name);
  });
});
