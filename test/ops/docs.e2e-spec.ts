import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ERROR_CATALOGUE } from '../../src/common/errors/error-catalogue';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { uniquePrefix } from '../helpers/redis';
import { testToken } from '../helpers/tokens';

const VALIDATOR_CLI = require.resolve('@seriousme/openapi-schema-validator/bin/validate-api-cli.js');

/** Runs the validator's own CLI (an ES module) on the document, as a separate Node process. */
function validateOpenApi(document: unknown): { valid: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const r = spawnSync(process.execPath, [VALIDATOR_CLI, file], { encoding: 'utf8', timeout: 20000 });
    return { valid: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Operation = {
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, { examples?: Record<string, unknown> }> }>;
  tags?: string[];
};

describe.each(ADAPTERS)('API documentation (%s)', (adapter) => {
  let t: TestApp;
  let doc: {
    openapi: string;
    info: { description: string };
    tags: Array<{ name: string; description?: string }>;
    paths: Record<string, Record<string, Operation>>;
    components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
  };
  beforeAll(async () => {
    t = await startTestApp({ adapter });
    const res = await request(t.url).get('/docs-json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves an OpenAPI 3 document that passes the OpenAPI schema validator', () => {
    expect(doc.openapi).toMatch(/^3\./);
    const result = validateOpenApi(doc);
    expect(result.output).toContain('"valid": true');
    expect(result.valid).toBe(true);
  });

  it('serves Swagger UI at /docs with its assets, without a token and without rate limiting', async () => {
    const page = await request(t.url).get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('swagger-ui');
    const init = await request(t.url).get('/docs/swagger-ui-init.js');
    expect(init.status).toBe(200);
    expect(init.text).toContain('"persistAuthorization": true');
    const css = await request(t.url).get('/docs/swagger-ui.css');
    expect(css.status).toBe(200);
    expect(css.headers['ratelimit-limit']).toBeUndefined();
  });

  it.each(['/docs', '/docs/'])(
    'loads every asset the Swagger UI page at %s links, as a browser resolves them',
    async (path) => {
      const pageUrl = new URL(path, t.url);
      const page = await fetch(pageUrl);
      expect(page.status).toBe(200);
      const assets = [...(await page.text()).matchAll(/(?:src|href)="([^"]+)"/g)].map(
        (m) => new URL(m[1], pageUrl).pathname,
      );
      expect(assets).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/swagger-ui-bundle\.js$/),
          expect.stringMatching(/swagger-ui\.css$/),
          expect.stringMatching(/swagger-ui-init\.js$/),
        ]),
      );
      for (const asset of assets) {
        const res = await fetch(new URL(asset, t.url));
        expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
        await res.arrayBuffer();
      }
    },
  );

  it('declares the Bearer scheme and requires it on authenticated routes only', () => {
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const init = doc.paths['/initialize'].post;
    expect(init.security).toEqual(expect.arrayContaining([{ bearer: [] }]));
    expect(init.tags).toEqual(['session']);
    expect(init.responses['401'].content?.['application/problem+json'].examples).toHaveProperty('AUTH_INVALID_TOKEN');
    expect(init.responses['429'].content?.['application/problem+json'].examples).toHaveProperty('RATE_LIMITED');
    for (const path of ['/health', '/health/live', '/health/ready']) {
      expect({ path, security: doc.paths[path].get.security }).toEqual({ path, security: undefined });
      expect(doc.paths[path].get.responses['429']).toBeUndefined();
    }
    expect(doc.paths['/metrics/prometheus'].get.security).toEqual([{ 'metrics-token': [] }]);
    expect(doc.paths['/metrics'].get.responses['401'].content?.['application/problem+json'].examples).toHaveProperty(
      'METRICS_UNAUTHORIZED',
    );
  });

  it('documents every endpoint of the README table, /mcp included', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Endpoints'), readme.indexOf('## Configuration'));
    const endpoints = [...table.matchAll(/\| `(GET|POST|PUT|PATCH|DELETE) (\/[^`]*)` \|/g)].map(([, method, path]) => [
      method.toLowerCase(),
      path.replace(/:(\w+)/g, '{$1}'),
    ]);
    expect(endpoints.length).toBeGreaterThanOrEqual(14);
    for (const [method, path] of endpoints) {
      if (path === '/docs' || path === '/docs-json') continue;
      expect({ method, path, documented: Boolean(doc.paths[path]?.[method]) }).toEqual({
        method,
        path,
        documented: true,
      });
    }
    const mcp = doc.paths['/mcp'];
    expect(mcp.post.tags).toEqual(['mcp']);
    expect(mcp.post.security).toEqual(expect.arrayContaining([{ bearer: [] }]));
    for (const [status, code] of [
      ['401', 'AUTH_INVALID_TOKEN'],
      ['403', 'FORBIDDEN_ORIGIN'],
      ['413', 'PAYLOAD_TOO_LARGE'],
      ['429', 'RATE_LIMITED'],
    ]) {
      expect(mcp.post.responses[status].content?.['application/problem+json'].examples).toHaveProperty(code);
    }
    for (const method of ['get', 'delete'])
      expect(mcp[method].responses['405'].content?.['application/problem+json'].examples).toHaveProperty(
        'METHOD_NOT_ALLOWED',
      );
  });

  it('files GET /v1/providers under the providers tag, and every operation under a declared, described tag', () => {
    expect(doc.paths['/v1/providers'].get.tags).toEqual(['providers']);
    expect(doc.tags.find((tag) => tag.name === 'providers')?.description).toMatch(/providers/i);
    const declared = new Set(doc.tags.map((tag) => tag.name));
    const used = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        expect({ operation: `${method} ${path}`, tags: op.tags?.length }).toEqual({
          operation: `${method} ${path}`,
          tags: 1,
        });
        for (const tag of op.tags ?? []) used.add(tag);
      }
    }
    expect([...used].filter((tag) => !declared.has(tag))).toEqual([]);
    expect([...declared].filter((tag) => !used.has(tag))).toEqual([]);
  });

  it("attributes Swagger UI's page, assets and document to docs routes in logs and metrics, never to unmatched; a missing asset stays unmatched", async () => {
    const counts = async () => {
      const text = (await request(t.url).get('/metrics/prometheus')).text;
      const count = (route: string, status: number) =>
        Number(
          new RegExp(
            `^http_request_duration_seconds_count\\{method="GET",route="${route.replace(/[*/]/g, '\\$&')}",status="${status}"\\} (\\d+)`,
            'm',
          ).exec(text)?.[1] ?? 0,
        );
      return {
        unmatched200: count('unmatched', 200),
        unmatched404: count('unmatched', 404),
        page: count('/docs', 200),
        assets: count('/docs/*', 200),
        json: count('/docs-json', 200),
      };
    };
    const before = await counts();
    const pageUrl = new URL('/docs', t.url);
    const page = await fetch(pageUrl, { headers: { 'X-Request-Id': 'docs-page' } });
    expect(page.status).toBe(200);
    const assets = [...(await page.text()).matchAll(/(?:src|href)="([^"]+)"/g)].map(
      (m) => new URL(m[1], pageUrl).pathname,
    );
    expect(assets).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/favicon/),
        expect.stringMatching(/swagger-ui-bundle\.js$/),
        expect.stringMatching(/swagger-ui-init\.js$/),
      ]),
    );
    const fetched = [...assets, '/docs/', '/docs/docs/swagger-ui.css'];
    for (const [i, asset] of fetched.entries()) {
      const res = await fetch(new URL(asset, t.url), { headers: { 'X-Request-Id': `docs-asset-${i}` } });
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
      await res.arrayBuffer();
    }
    expect((await fetch(`${t.url}/docs-json`, { headers: { 'X-Request-Id': 'docs-json' } })).status).toBe(200);
    expect(
      (await fetch(`${t.url}/docs/no-such-asset.js`, { headers: { 'X-Request-Id': 'docs-missing' } })).status,
    ).toBe(404);

    const lineOf = async (requestId: string) => {
      for (let i = 0; i < 50; i++) {
        const line = t.logs
          .map((l) => JSON.parse(l) as { msg?: string; requestId?: string; route?: string })
          .find((l) => l.msg === 'request' && l.requestId === requestId);
        if (line) return line;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no request line for ${requestId}`);
    };
    expect((await lineOf('docs-page')).route).toBe('/docs');
    expect((await lineOf('docs-json')).route).toBe('/docs-json');
    expect((await lineOf('docs-missing')).route).toBe('unmatched');
    const assetRoutes = await Promise.all(
      fetched.map(async (asset, i) => ({ asset, route: (await lineOf(`docs-asset-${i}`)).route })),
    );
    expect(assetRoutes).toEqual(fetched.map((asset) => ({ asset, route: asset === '/docs/' ? '/docs' : '/docs/*' })));

    const after = await counts();
    expect(after.unmatched200).toBe(before.unmatched200);
    expect(after.unmatched404 - before.unmatched404).toBe(1);
    expect(after.page - before.page).toBe(2);
    expect(after.assets - before.assets).toBe(fetched.length - 1);
    expect(after.json - before.json).toBe(1);
  });

  it('lists every error code with its status', () => {
    const codeEnum = (doc.components.schemas.ErrorCode as { enum?: string[] }).enum;
    for (const [code, { status }] of Object.entries(ERROR_CATALOGUE)) {
      expect(codeEnum).toContain(code);
      expect(doc.info.description).toContain(`| \`${code}\` | ${status} |`);
    }
  });

  it('documents a token the Authorize button would send as one the API accepts', async () => {
    const token = testToken({ tenantId: uniquePrefix('docs') });
    const res = await request(t.url).post('/initialize').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
  });
});
