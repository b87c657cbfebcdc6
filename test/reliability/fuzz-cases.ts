import fc from 'fast-check';
import { boletoBody, pixBody } from '../charges/charge-fixtures';
import type { Probe } from './http-probe';

/** Strings a hostile client sends: lone surrogates, reversed pairs, controls, bidi overrides, NUL, huge runs. */
export const NASTY_STRINGS = [
  '\ud800',
  '\udfff',
  'a\udc00\ud800b',
  '\u0000',
  'x\u0000y',
  '\u202e\u202d',
  '\ufeff',
  '\uffff\ufffe',
  '\r\nSet-Cookie: a=b',
  '%00',
  '../../etc/passwd',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '\u{1F4A9}'.repeat(500),
  'e\u0301'.repeat(100),
  'x'.repeat(70_000),
];

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(...NASTY_STRINGS),
);

const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, -1, 0.5, 1e21, -1e21, 9_999_999_999, 10_000_000_000, Number.MAX_SAFE_INTEGER, 1e308, 5e-324),
);

/** Any JSON value for a field: wrong types, nasty strings, odd numbers. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(hostileString, { maxLength: 4 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);

const FIELD_PATHS = [
  ['type'],
  ['amount'],
  ['dueDate'],
  ['expiresInSeconds'],
  ['description'],
  ['externalId'],
  ['payer'],
  ['payer', 'name'],
  ['payer', 'document'],
  ['payer', 'email'],
  ['payer', 'phone'],
  ['payer', 'address'],
  ['payer', 'address', 'zipCode'],
  ['payer', 'address', 'state'],
  ['payer', 'address', 'city'],
  ['fine'],
  ['fine', 'percent'],
  ['interest', 'monthlyPercent'],
  ['discount'],
  ['__proto__'],
  ['constructor'],
  ['payer', '__proto__'],
];

function setPath(body: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  let node = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  Object.defineProperty(node, path[path.length - 1], { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Bodies for POST /v1/charges (JSON text): mutated valid bodies, random JSON, broken JSON, poisoned keys, depth. */
export function bodyTexts(seed: number, count: number): Array<[string, string]> {
  const mutated = fc
    .tuple(fc.constantFrom(boletoBody(), pixBody()), fc.constantFrom(...FIELD_PATHS), hostileValue)
    .map(([body, path, value]): [string, string] => [
      `mutated ${path.join('.')}`,
      JSON.stringify(setPath(body, path, value)),
    ]);
  const randomJson = fc.jsonValue().map((v): [string, string] => ['random JSON', JSON.stringify(v) ?? 'null']);
  const truncated = fc
    .tuple(fc.constantFrom(JSON.stringify(boletoBody()), JSON.stringify(pixBody())), fc.nat())
    .map(([text, n]): [string, string] => ['truncated JSON', text.slice(0, n % text.length)]);
  const garbage = fc.string({ unit: 'binary', maxLength: 200 }).map((s): [string, string] => ['garbage text', s]);
  const numberText = fc
    .constantFrom(
      '1e400',
      '-1e400',
      '123456789012345678901234567890',
      '0x10',
      '01',
      '1.',
      '.5',
      'NaN',
      'Infinity',
      '-0',
      '1e-400',
    )
    .map((n): [string, string] => [
      'number literal',
      JSON.stringify(boletoBody()).replace('"amount":15990', `"amount":${n}`),
    ]);
  const poisoned = fc
    .constantFrom(
      '{"__proto__":{"isAdmin":true},"type":"boleto"}',
      '{"constructor":{"prototype":{"polluted":1}},"type":"pix"}',
      `${JSON.stringify(boletoBody()).slice(0, -1)},"__proto__":{"amount":1}}`,
      `${JSON.stringify(pixBody()).slice(0, -1)},"payer":{"__proto__":{"name":"x"}}}`,
      '{"type":"pix","type":"boleto","amount":1,"amount":-1}',
      '{"amount":15990,"amount":"15990"}',
    )
    .map((s): [string, string] => ['poisoned keys', s]);
  const deep = fc
    .tuple(fc.integer({ min: 10, max: 20_000 }), fc.boolean())
    .map(([n, arr]): [string, string] => [
      `nested ${n}`,
      arr ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`,
    ]);
  const lone = fc
    .constantFrom('"\\ud800"', '"\\udfff\\ud800"', '"\\u0000"', '"\\uZZZZ"', '"\\x41"', "'single'", '"\u0001"')
    .map((s): [string, string] => ['escape in description', JSON.stringify(boletoBody()).replace('"Mensalidade"', s)]);
  const arb = fc.oneof(
    { arbitrary: mutated, weight: 10 },
    { arbitrary: randomJson, weight: 3 },
    { arbitrary: truncated, weight: 3 },
    { arbitrary: garbage, weight: 2 },
    { arbitrary: numberText, weight: 1 },
    { arbitrary: poisoned, weight: 1 },
    { arbitrary: deep, weight: 1 },
    { arbitrary: lone, weight: 1 },
  );
  return fc.sample(arb, { numRuns: count, seed });
}

/** A path segment for a charge id: odd text, percent-encoded random bytes, or raw latin1 bytes. */
export function chargeIds(seed: number, count: number): string[] {
  const encoded = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 }).map((s) => encodeURIComponent(s));
  const bytes = fc
    .uint8Array({ minLength: 1, maxLength: 40 })
    .map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, '0').toUpperCase()}`).join(''));
  const rawBytes = fc
    .uint8Array({ minLength: 1, maxLength: 40 })
    .map((b) =>
      Buffer.from(b.filter((x) => x > 0x20 && x !== 0x2f && x !== 0x3f && x !== 0x23 && x !== 0x7f)).toString('latin1'),
    )
    .filter((s) => s.length > 0);
  const fixed = fc.constantFrom(
    'sbx_000000000000000000000000',
    '..',
    '%2e%2e%2fetc%2fpasswd',
    '%00',
    'sbx_%ED%A0%80',
    '%C0%80',
    '%ZZ',
    '%',
    'x'.repeat(5000),
    '*',
    'sbx_*',
    '__proto__',
    'constructor',
    '%0D%0ASet-Cookie:%20a=b',
    'inv_1;DROP',
  );
  return fc.sample(fc.oneof(encoded, bytes, rawBytes, fixed), { numRuns: count, seed });
}

/** Odd methods and content types against the routes that exist. */
export function methodProbes(seed: number, count: number, auth: Record<string, string>): Probe[] {
  const routes = [
    '/v1/charges',
    '/v1/charges/sbx_1',
    '/v1/charges/sbx_1/cancel',
    '/initialize',
    '/mcp',
    '/health/live',
    '/metrics/prometheus',
    '/v1/providers',
    '/oauth/token',
    '/nowhere',
  ];
  const methods = [
    'GET',
    'HEAD',
    'POST',
    'PUT',
    'PATCH',
    'DELETE',
    'OPTIONS',
    'TRACE',
    'PROPFIND',
    'MKCOL',
    'PURGE',
    'LINK',
    'SEARCH',
    'QUERY',
    'M-SEARCH',
    'UNLOCK',
  ];
  const types = [
    'application/json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'application/merge-patch+json',
    'application/octet-stream',
    '*/*',
    'application/json;;;',
    'application/json, text/plain',
    '',
  ];
  const arb = fc.record({
    route: fc.constantFrom(...routes),
    method: fc.constantFrom(...methods),
    type: fc.constantFrom(...types),
    body: fc.oneof(
      fc.constant(JSON.stringify(boletoBody())),
      fc.constant('a=1&b=2'),
      fc.constant('<x/>'),
      fc.constant(''),
    ),
    withAuth: fc.boolean(),
    encoding: fc.constantFrom(undefined, 'gzip', 'br', 'identity', 'x-unknown'),
  });
  return fc.sample(arb, { numRuns: count, seed }).map((r) => {
    const headers: Record<string, string> = { ...(r.withAuth ? auth : {}) };
    if (r.type) headers['Content-Type'] = r.type;
    if (r.encoding) headers['Content-Encoding'] = r.encoding;
    if (r.route === '/mcp') headers.Accept = 'application/json, text/event-stream';
    const body = ['GET', 'HEAD'].includes(r.method) ? undefined : r.body;
    return {
      label: `method ${r.method} ${r.route} ${r.type}`,
      method: r.method,
      path: r.route,
      headers,
      body,
      jsonRpc: r.route === '/mcp',
    };
  });
}

/** Header values a client can legally send that still mean nothing good. */
export function headerProbes(seed: number, count: number, auth: Record<string, string>, body: string): Probe[] {
  const latin1 = fc
    .uint8Array({ minLength: 0, maxLength: 300 })
    .map((b) => Buffer.from(b.map((x) => (x < 0x20 || x === 0x7f ? 0x41 : x))).toString('latin1'));
  const value = fc.oneof(
    latin1,
    fc.string({ maxLength: 200 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
    fc.constant('x'.repeat(8000)),
  );
  const name = fc.constantFrom(
    'Idempotency-Key',
    'X-Request-Id',
    'Accept',
    'Content-Type',
    'Origin',
    'Host',
    'X-Forwarded-For',
    'X-Forwarded-Proto',
    'Mcp-Method',
    'MCP-Protocol-Version',
    'Accept-Language',
    'Cookie',
    'Range',
    'If-None-Match',
    'Expect',
  );
  const arb = fc.tuple(
    name,
    value,
    fc.constantFrom('/v1/charges', '/v1/charges/sbx_000000000000000000000000', '/mcp', '/initialize', '/health/live'),
  );
  return fc.sample(arb, { numRuns: count, seed }).map(([h, v, path]) => {
    const headers: Record<string, string> = { ...auth, 'Content-Type': 'application/json', [h]: v };
    if (path === '/mcp' && h !== 'Accept') headers.Accept = 'application/json, text/event-stream';
    const method = path.startsWith('/v1/charges/') || path === '/health/live' ? 'GET' : 'POST';
    return {
      label: `header ${h}`,
      method,
      path,
      headers,
      body:
        method === 'GET'
          ? undefined
          : path === '/mcp'
            ? '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}'
            : body,
      jsonRpc: path === '/mcp',
    };
  });
}
