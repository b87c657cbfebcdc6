import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHARGES_TEST_ENV, sandboxTenant, spDate, Tenant } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';

/**
 * Swagger UI's "Try it out", done by the test: every example of the served document (request bodies, named
 * examples, parameter and header examples) is sent as Swagger UI would prefill it, with a sandbox token, and
 * must be accepted (2xx). Swagger UI prefills a parameter from, in order: its first named example, its
 * content example, its example, its schema's example, its schema's default, its default (parameter-row
 * setDefaultValue in swagger-ui); a body from the selected named example, the media example, else a
 * sample built from the schema's property examples.
 */

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
  schema?: Json;
  content?: Record<string, { example?: unknown }>;
  default?: unknown;
}
interface Media {
  schema?: Json;
  example?: unknown;
  examples?: Record<string, { summary?: string; value: unknown }>;
}
interface Operation {
  operationId?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, Media> };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** The value Swagger UI puts in a parameter's field, or undefined when it leaves it empty. */
function prefill(p: Parameter): unknown {
  const firstNamed = p.examples ? Object.values(p.examples)[0]?.value : undefined;
  const firstContent = p.content ? Object.values(p.content)[0]?.example : undefined;
  return [firstNamed, firstContent, p.example, p.schema?.example, p.schema?.default, p.default].find(
    (v) => v !== undefined,
  );
}

/** Swagger UI's sample of a schema (property examples first), for a body that has no example of its own. */
function sample(schema: Json | undefined, doc: Document): unknown {
  if (!schema) return undefined;
  if (typeof schema.$ref === 'string')
    return sample(doc.components.schemas[schema.$ref.split('/').pop() as string], doc);
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.allOf))
    return Object.assign({}, ...schema.allOf.map((s) => sample(s as Json, doc) as object));
  for (const key of ['oneOf', 'anyOf']) if (Array.isArray(schema[key])) return sample((schema[key] as Json[])[0], doc);
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.type === 'object' || schema.properties) {
    const props = Object.entries((schema.properties ?? {}) as Record<string, Json>).filter(
      ([, s]) => s.readOnly !== true,
    );
    return Object.fromEntries(props.map(([k, s]) => [k, sample(s, doc)]));
  }
  if (schema.type === 'array') return [sample(schema.items as Json, doc)];
  return {
    string: schema.format === 'date' ? new Date().toISOString().slice(0, 10) : 'string',
    number: 0,
    integer: 0,
    boolean: true,
  }[schema.type as string];
}

/** The bodies "Try it out" offers for an operation: each named example, else the example, else the schema's sample. */
function bodyExamples(op: Operation, doc: Document): Array<{ name: string; contentType: string; body: unknown }> {
  const [contentType, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
  if (!media) return [];
  if (media.examples) return Object.entries(media.examples).map(([name, e]) => ({ name, contentType, body: e.value }));
  return [
    {
      name: media.example !== undefined ? 'example' : 'schema sample',
      contentType,
      body: media.example ?? sample(media.schema, doc),
    },
  ];
}

interface Sent {
  label: string;
  status: number;
  body: string;
  json?: Json;
}

describe.each(ADAPTERS)('every Swagger example works in "Try it out" as shown (%s)', (adapter) => {
  let t: TestApp;
  let doc: Document;
  let tenant: Tenant;
  beforeAll(async () => {
    t = await startTestApp({ adapter, env: CHARGES_TEST_ENV });
    tenant = sandboxTenant();
    const res = await fetch(`${t.url}/docs-json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as Document;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Sends one request of an operation as Swagger UI builds it: path and query filled in, headers, the body. */
  async function send(
    label: string,
    method: string,
    path: string,
    values: Map<Parameter, unknown>,
    body?: { contentType: string; body: unknown },
  ): Promise<Sent> {
    let url = path;
    const query = new URLSearchParams();
    const headers: Record<string, string> = { Authorization: `Bearer ${tenant.token}` };
    for (const [p, v] of values) {
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(text));
      else if (p.in === 'query') query.set(p.name, text);
      else if (p.in === 'header') headers[p.name] = text;
    }
    if (body) headers['Content-Type'] = body.contentType;
    const res = await fetch(`${t.url}${url}${query.size ? `?${query}` : ''}`, {
      method: method.toUpperCase(),
      headers,
      body: body ? JSON.stringify(body.body) : undefined,
    });
    const text = await res.text();
    const sse = text.split('\n').find((l) => l.startsWith('data:'));
    let json: Json | undefined;
    try {
      json = JSON.parse(sse ? sse.slice(5) : text) as Json;
    } catch {
      json = undefined;
    }
    return { label, status: res.status, body: text.slice(0, 600), json };
  }

  /** A charge of this tenant, created by sending the create example Swagger UI selects first, as prefilled. */
  async function chargeFromTheCreateExample(): Promise<string> {
    const create = doc.paths['/v1/charges'].post;
    const [first] = bodyExamples(create, doc);
    const created = await send(
      `create for an id (${first.name})`,
      'post',
      '/v1/charges',
      await prefilled('/v1/charges', 'post', create),
      first,
    );
    expect({ label: created.label, status: created.status }).toEqual({ label: created.label, status: 201 });
    return created.json?.id as string;
  }

  /** The parameter values "Try it out" sends; a required charge id is pasted from a fresh create. */
  async function prefilled(path: string, method: string, op: Operation): Promise<Map<Parameter, unknown>> {
    const values = new Map<Parameter, unknown>();
    for (const p of op.parameters ?? []) {
      let value = prefill(p);
      // Swagger UI leaves a charge id empty (no example names a charge of yours): paste one a create answered.
      if (value === undefined && p.required && p.in === 'path' && /id$/.test(p.name))
        value = await chargeFromTheCreateExample();
      if (value === undefined && p.required)
        throw new Error(`${method.toUpperCase()} ${path}: required parameter ${p.name} has no example to send`);
      if (value !== undefined) values.set(p, value);
    }
    return values;
  }

  it('accepts every request body, named example and parameter example of every operation, with a sandbox token', async () => {
    const sent: Sent[] = [];
    let exercised = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op || (!op.requestBody && !op.parameters?.length)) continue;
        // OAuth endpoints take one-time codes and refresh tokens: no static example can be redeemed.
        if (op.tags?.includes('oauth')) continue;
        // A bank notification needs a URL token made with the server's secret and a bank's own body; a replay needs an
        // event that was dead-lettered: neither has a static example (test/webhooks exercises both).
        if (op.tags?.includes('webhooks') && method === 'post') continue;
        // A refund needs a paid charge; the id pasted in is a fresh, unpaid one (test/charges/list-refunds covers it).
        if (path.endsWith('/refunds')) continue;
        const values = await prefilled(path, method, op);
        const bodies = op.requestBody ? bodyExamples(op, doc) : [undefined];
        for (const body of bodies) {
          sent.push(
            await send(`${method.toUpperCase()} ${path}${body ? ` [${body.name}]` : ''}`, method, path, values, body),
          );
          exercised++;
        }
      }
    }
    const refused = sent.filter(
      (s) =>
        s.status < 200 ||
        s.status > 299 ||
        s.json?.error !== undefined ||
        (s.json?.result as Json | undefined)?.isError === true,
    );
    expect(refused.map((s) => `${s.label} -> ${s.status} ${s.body}`)).toEqual([]);
    // The charge routes (create x3 named examples, read, cancel, sandbox pay) and /mcp at least.
    expect(exercised).toBeGreaterThanOrEqual(7);
    expect(sent.map((s) => s.label)).toEqual(
      expect.arrayContaining([
        'POST /v1/charges [bolepix]',
        'POST /v1/charges [boleto]',
        'POST /v1/charges [pix]',
        'POST /mcp [modernToolCall]',
      ]),
    );
  });

  it('prefills no Idempotency-Key: two people sending different create examples on one tenant both get a new charge', async () => {
    for (const route of [doc.paths['/v1/charges'].post, doc.paths['/v1/charges/{provider_charge_id}/cancel'].post]) {
      const key = route.parameters?.find((p) => p.name === 'Idempotency-Key') as Parameter;
      expect(key).toBeDefined();
      expect(prefill(key)).toBeUndefined();
      expect(key.description).toMatch(/fresh UUID/);
    }
    const create = doc.paths['/v1/charges'].post;
    const [bolepix, boleto] = bodyExamples(create, doc);
    const first = await send(
      'first user',
      'post',
      '/v1/charges',
      await prefilled('/v1/charges', 'post', create),
      bolepix,
    );
    const second = await send(
      'second user',
      'post',
      '/v1/charges',
      await prefilled('/v1/charges', 'post', create),
      boleto,
    );
    const again = await send(
      'first user again',
      'post',
      '/v1/charges',
      await prefilled('/v1/charges', 'post', create),
      bolepix,
    );
    expect([first.status, second.status, again.status]).toEqual([201, 201, 201]);
    expect(new Set([first.json?.id, second.json?.id, again.json?.id]).size).toBe(3);
  });

  it('dates the examples from today in America/Sao_Paulo (dueDate 7 days ahead), never a fixed day', () => {
    expect(JSON.stringify(doc)).not.toContain('{{today');
    const schemas = doc.components.schemas as Record<string, { properties: Record<string, { example?: unknown }> }>;
    expect(schemas.CreateChargeDto.properties.dueDate.example).toBe(spDate(7));
    expect(schemas.DiscountDto.properties.until.example).toBe(spDate(5));
    expect(schemas.CreateChargeDto.properties.discount.example).toMatchObject({ until: spDate(5) });
    expect(schemas.ChargeView.properties.dueDate.example).toBe(spDate(7));
    const dated = bodyExamples(doc.paths['/v1/charges'].post, doc).filter((e) => (e.body as Json).type !== 'pix');
    expect(dated.length).toBeGreaterThanOrEqual(2);
    for (const e of dated)
      expect({ name: e.name, dueDate: (e.body as Json).dueDate }).toEqual({ name: e.name, dueDate: spDate(7) });
  });

  it("runs the README's create-charge command as pasted, and it creates a charge due 7 days ahead", async () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const block = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)]
      .map((m) => m[1])
      .find((b) => b.includes('/v1/charges') && b.includes('dueDate'));
    expect(block).toBeDefined();
    expect(block).not.toMatch(/"dueDate": "\d{4}-\d{2}-\d{2}"/);
    const gnuDate = spawnSync('date', ['-d', '+7 days', '+%F'], { encoding: 'utf8' }).status === 0;
    // The README names the macOS form next to the GNU one: run that one where `date -d` is not GNU's.
    const pasted = (block as string).replaceAll('http://127.0.0.1:3000', t.url);
    const script = gnuDate ? pasted : pasted.replace("date -d '+7 days' +%F", 'date -v+7d +%F');
    // Asynchronously: the app answering curl runs in this process.
    const run = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(
        'bash',
        ['-c', script],
        { env: { ...process.env, TOKEN: tenant.token }, encoding: 'utf8', timeout: 20000 },
        (err, stdout, stderr) => (err ? reject(err) : resolve({ stdout, stderr })),
      );
    });
    expect(run.stderr).toBe('');
    const charge = JSON.parse(run.stdout) as Json;
    expect(charge).toMatchObject({ type: 'bolepix', status: 'PENDING', dueDate: todayPlus7Local() });
  });
});

/** What `date -d '+7 days' +%F` prints here (the README's command uses the machine's zone). */
function todayPlus7Local(): string {
  const d = new Date(Date.now() + 7 * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
