import { spawnSync } from 'node:child_process';
import request from 'supertest';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { uniquePrefix } from '../helpers/redis';
import { testToken } from '../helpers/tokens';
import { callTool, connectMcp, pixArgs } from '../mcp/mcp-client';

interface RouteView {
  method: string;
  route: string;
  count: number;
  byStatus: Record<string, number>;
  latencyMs: Record<string, number | null>;
}
interface ProviderView {
  provider: string;
  calls: number;
  errors: number;
  errorRate: number | null;
  latencyMs: Record<string, number | null>;
}
interface Snapshot {
  requests: { routes: RouteView[] };
  providers: ProviderView[];
}
const route = (s: Snapshot, method: string, path: string) =>
  s.requests.routes.find((r) => r.method === method && r.route === path) as RouteView;
const provider = (s: Snapshot, id: string) => s.providers.find((p) => p.provider === id) as ProviderView;

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

function promtool(body: string): { status: number | null; output: string } {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8', timeout: 20000 });
  if (r.error)
    throw new Error(
      `promtool is not runnable (${r.error.message}); install Debian's "prometheus" package (.ci/run does)`,
    );
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe.each(ADAPTERS)('metrics (%s)', (adapter) => {
  describe('public (no METRICS_TOKEN)', () => {
    let t: TestApp;
    const tenantId = uniquePrefix('metrics');
    const token = testToken({ tenantId });
    const failing = testToken({ tenantId, credentials: { failWith: 500 } });
    const rawId = 'sbx_0123456789abcdef01234567';
    // Metrics are process-wide and other suites' apps ran in this process: compare with a baseline.
    let before: Snapshot;
    beforeAll(async () => {
      t = await startTestApp({ adapter });
      before = (await request(t.url).get('/metrics')).body;
      for (let i = 0; i < 3; i++)
        expect((await request(t.url).post('/initialize').set('Authorization', `Bearer ${token}`)).status).toBe(200);
      expect((await request(t.url).post('/initialize').set('Authorization', `Bearer ${failing}`)).status).toBe(502);
      await request(t.url).get(`/v1/charges/${rawId}`).set('Authorization', `Bearer ${token}`);
      await request(t.url).get(`/no/such/${rawId}`);
      await request(t.url).get('/health/live');
    });
    afterAll(async () => {
      await t?.close();
    });

    it('serves Prometheus text that passes promtool check metrics', async () => {
      const res = await request(t.url).get('/metrics/prometheus');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const lint = promtool(res.text);
      expect(lint.output).toBe('');
      expect(lint.status).toBe(0);
    });

    it('carries the HTTP and provider histograms by route template, never a raw id or a token', async () => {
      const { text } = await request(t.url).get('/metrics/prometheus');
      expect(text).toMatch(
        /^http_request_duration_seconds_bucket\{le="[^"]+",method="POST",route="\/initialize",status="200"\} \d+/m,
      );
      expect(text).toMatch(
        /^http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} [1-9]/m,
      );
      expect(text).toMatch(
        /^provider_request_duration_seconds_bucket\{le="[^"]+",provider="sandbox",operation="authenticate",outcome="ok"\} \d+/m,
      );
      expect(text).toMatch(
        /^provider_errors_total\{provider="sandbox",operation="authenticate",code="PROVIDER_ERROR"\} [1-9]/m,
      );
      for (const name of [
        'process_cpu_user_seconds_total',
        'nodejs_eventloop_lag_seconds',
        'redis_errors_total',
        'charges_created_total',
        'cache_hits_total',
        'cache_misses_total',
        'idempotent_replays_total',
        'idempotency_conflicts_total',
        'rate_limited_requests_total',
        'mcp_tool_calls_total',
      ]) {
        expect(text).toContain(`# TYPE ${name} `);
      }
      expect(text).not.toContain(rawId);
      expect(text).not.toContain(tenantId);
      expect(text).not.toContain(token.slice(0, 20));
    });

    it('serves the JSON view with percentiles per route and provider error rates', async () => {
      const res = await request(t.url).get('/metrics');
      expect(res.status).toBe(200);
      const body: Snapshot & { uptimeSeconds: number; cache: unknown; rateLimited: { total: number }; redis: unknown } =
        res.body;
      expect(body.uptimeSeconds).toEqual(expect.any(Number));
      const initRoute = route(body, 'POST', '/initialize');
      const initBefore = route(before, 'POST', '/initialize');
      expect(initRoute.byStatus['200'] - (initBefore?.byStatus['200'] ?? 0)).toBe(3);
      expect(initRoute.byStatus['502'] - (initBefore?.byStatus['502'] ?? 0)).toBe(1);
      for (const q of ['p50', 'p95', 'p99']) expect(initRoute.latencyMs[q]).toBeGreaterThan(0);
      expect(initRoute.latencyMs.p50 as number).toBeLessThanOrEqual(initRoute.latencyMs.p99 as number);
      expect(body.requests.routes.map((r) => r.route)).not.toContain(`/no/such/${rawId}`);
      const sandbox = provider(body, 'sandbox');
      const sandboxBefore = provider(before, 'sandbox') ?? { calls: 0, errors: 0 };
      // Three sessions, one bank 500, one "no such charge" (a healthy answer, not a provider error).
      expect(sandbox.calls - sandboxBefore.calls).toBe(5);
      expect(sandbox.errors - sandboxBefore.errors).toBe(1);
      expect(sandbox.errorRate).toBeCloseTo(sandbox.errors / sandbox.calls, 3);
      expect(sandbox.latencyMs.p99).toEqual(expect.any(Number));
      expect(body.cache).toMatchObject({ hits: expect.any(Number), misses: expect.any(Number) });
      expect(body.rateLimited.total).toEqual(expect.any(Number));
      expect(body.redis).toMatchObject({ store: 'redis' });
    });
  });

  describe('after MCP calls, provider faults and 429s', () => {
    let t: TestApp;
    const tenantId = uniquePrefix('metrics-mcp');
    const token = testToken({ tenantId });
    let chargeId = '';
    beforeAll(async () => {
      t = await startTestApp({ adapter, env: { RATE_LIMIT: '4' } });
      const client = await connectMcp(t.url, 'legacy', { Authorization: `Bearer ${token}` });
      const created = await callTool(
        client,
        'create_charge',
        pixArgs({ payer: { name: 'Ana Metrics', document: '390.533.447-05' } }),
      );
      chargeId = String(created.structured.id);
      expect((await callTool(client, 'get_charge', { id: chargeId })).isError).toBe(false);
      await client.close();
      const failing = await connectMcp(t.url, 'modern', {
        Authorization: `Bearer ${testToken({ tenantId: uniquePrefix('metrics-fail'), credentials: { failWith: 500 } })}`,
      });
      expect((await callTool(failing, 'create_charge', pixArgs())).structured).toMatchObject({
        code: 'PROVIDER_ERROR',
      });
      await failing.close();
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await request(t.url).post('/initialize').set('Authorization', `Bearer ${token}`)).status);
      expect(statuses).toContain(429);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('still passes promtool check metrics and carries every family the issue names, without ids, tenants or documents', async () => {
      const { text } = await request(t.url).get('/metrics/prometheus');
      const lint = promtool(text);
      expect(lint.output).toBe('');
      expect(lint.status).toBe(0);
      expect(text).toMatch(/^mcp_tool_calls_total\{tool="create_charge",outcome="ok"\} [1-9]/m);
      expect(text).toMatch(/^mcp_tool_calls_total\{tool="create_charge",outcome="error"\} [1-9]/m);
      expect(text).toMatch(/^mcp_tool_call_duration_seconds_count\{tool="get_charge"\} [1-9]/m);
      expect(text).toMatch(/^charges_created_total\{provider="sandbox",type="pix"\} [1-9]/m);
      expect(text).toMatch(
        /^provider_errors_total\{provider="sandbox",operation="[a-z_]+",code="PROVIDER_ERROR"\} [1-9]/m,
      );
      expect(text).toMatch(/^rate_limited_requests_total\{scope="tenant"\} [1-9]/m);
      expect(text).toMatch(/^http_request_duration_seconds_count\{method="POST",route="\/mcp",status="200"\} [1-9]/m);
      expect(text).toMatch(
        /^http_request_duration_seconds_count\{method="POST",route="\/initialize",status="429"\} [1-9]/m,
      );
      for (const secret of [chargeId, tenantId, '39053344705', '390.533.447-05', 'Ana Metrics', token.slice(0, 20)])
        expect(text).not.toContain(secret);
    });
  });

  describe('with METRICS_TOKEN set', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ adapter, env: { METRICS_TOKEN } });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('refuses both routes without the token with 401 METRICS_UNAUTHORIZED', async () => {
      for (const path of ['/metrics', '/metrics/prometheus']) {
        for (const auth of [undefined, 'Bearer wrong-token-0123456789abcdef', `Basic ${METRICS_TOKEN}`]) {
          const req = request(t.url).get(path);
          const res = await (auth ? req.set('Authorization', auth) : req);
          expect({ path, auth, status: res.status, code: res.body.code }).toEqual({
            path,
            auth,
            status: 401,
            code: 'METRICS_UNAUTHORIZED',
          });
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
          expect(JSON.stringify(res.body)).not.toContain(METRICS_TOKEN);
        }
      }
    });

    it('serves both routes with the token, and health stays public', async () => {
      expect((await request(t.url).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`)).status).toBe(200);
      expect(
        (await request(t.url).get('/metrics/prometheus').set('Authorization', `Bearer ${METRICS_TOKEN}`)).status,
      ).toBe(200);
      expect((await request(t.url).get('/health/live')).status).toBe(200);
    });
  });
});
