import { createHmac } from 'node:crypto';
import { TEST_TOKEN_SECRET } from '../helpers/app';
import { nowSeconds } from '../helpers/tokens';

const b64 = (text: string) => Buffer.from(text).toString('base64url');

/** A JWT whose header and payload are given as JSON text (so duplicate and `__proto__` keys survive). */
export function jwtOf(header: string, payload: string, secret = TEST_TOKEN_SECRET, alg = 'sha256'): string {
  const head = `${b64(header)}.${b64(payload)}`;
  return `${head}.${createHmac(alg, secret).update(head).digest('base64url')}`;
}

const HS256 = JSON.stringify({ alg: 'HS256', typ: 'JWT' });

function claims(tenantId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    tenantId,
    providerId: 'sandbox',
    meta: { ttlSeconds: 600, cacheEnabled: true, redisKeyPrefix: tenantId },
    iat: nowSeconds(),
    exp: nowSeconds() + 600,
    ...over,
  };
}

/** Header parameters and claims that are odd but carry our own valid signature: served or refused, never a 5xx. */
const SIGNED_ODDITIES = new Set([
  'kid path traversal',
  'kid injection',
  'jku header',
  'crit header',
  'tenantId __proto__',
  'payload __proto__ key',
  'payload constructor key',
  'payload duplicate tenantId',
  'meta webhookUrl to metadata IP',
  'credentials in clear',
  'huge token (8 KiB claims)',
]);

/**
 * Every JWT attack of the auth tests and a few more, as [name, Authorization value, must be refused]: a forged,
 * expired or malformed token never passes; the SIGNED_ODDITIES are signed with the real secret, so only their
 * handling (no 5xx) is checked.
 */
export function jwtAttacks(tenantId: string): Array<[string, string, boolean]> {
  const good = JSON.stringify(claims(tenantId));
  const signed = (over: Record<string, unknown>, header = HS256) =>
    jwtOf(header, JSON.stringify(claims(tenantId, over)));
  const [h, p] = jwtOf(HS256, good).split('.');
  const meta = (m: Record<string, unknown>) => ({ meta: { ttlSeconds: 600, cacheEnabled: true, ...m } });
  const attacks: Array<[string, string]> = [
    ['alg none, empty signature', `${b64(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${p}.`],
    ['alg none, no signature segment', `${b64(JSON.stringify({ alg: 'none' }))}.${p}`],
    ['alg None (case)', `${b64(JSON.stringify({ alg: 'None' }))}.${p}.`],
    [
      'alg none with the HS256 signature',
      `${b64(JSON.stringify({ alg: 'none' }))}.${p}.${jwtOf(HS256, good).split('.')[2]}`,
    ],
    ['wrong key', jwtOf(HS256, good, 'another-secret-0123456789-abcdefghijklmnop')],
    ['empty key', jwtOf(HS256, good, '')],
    ['HS512 header, signed HS512', jwtOf(JSON.stringify({ alg: 'HS512' }), good, TEST_TOKEN_SECRET, 'sha512')],
    ['RS256 header (key confusion)', jwtOf(JSON.stringify({ alg: 'RS256' }), good)],
    ['expired', signed({ iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 })],
    ['not yet valid', signed({ nbf: nowSeconds() + 3600 })],
    ['exp as a string', signed({ exp: String(nowSeconds() + 600) })],
    ['exp huge', signed({ exp: 1e300 })],
    ['exp negative', signed({ exp: -1 })],
    ['no exp', jwtOf(HS256, JSON.stringify({ ...claims(tenantId), exp: undefined }))],
    ['kid path traversal', signed({}, JSON.stringify({ alg: 'HS256', kid: '../../../../etc/passwd' }))],
    ['kid injection', signed({}, JSON.stringify({ alg: 'HS256', kid: "' OR '1'='1" }))],
    ['jku header', signed({}, JSON.stringify({ alg: 'HS256', jku: 'http://169.254.169.254/keys' }))],
    ['crit header', signed({}, JSON.stringify({ alg: 'HS256', crit: ['exp'], exp: 1 }))],
    ['tenantId with a colon', signed({ tenantId: `${tenantId}:other` })],
    ['tenantId __proto__', signed({ tenantId: '__proto__' })],
    ['tenantId 65 characters', signed({ tenantId: 't'.repeat(65) })],
    ['tenantId a number', signed({ tenantId: 42 })],
    ['tenantId with a lone surrogate', signed({ tenantId: 't\ud800' })],
    ['providerId path', signed({ providerId: '../cora' })],
    ['providerId unknown', signed({ providerId: 'evilbank' })],
    ['redisKeyPrefix wildcard', signed(meta({ redisKeyPrefix: '*' }))],
    ['redisKeyPrefix with a colon', signed(meta({ redisKeyPrefix: 'a:b' }))],
    ['meta ttlSeconds negative', signed(meta({ ttlSeconds: -1, redisKeyPrefix: tenantId }))],
    ['meta ttlSeconds huge', signed(meta({ ttlSeconds: 1e15, redisKeyPrefix: tenantId }))],
    ['meta cacheEnabled a string', signed(meta({ cacheEnabled: 'yes', redisKeyPrefix: tenantId }))],
    ['meta maxAmountCents negative', signed(meta({ maxAmountCents: -5, redisKeyPrefix: tenantId }))],
    [
      'meta webhookUrl to metadata IP',
      signed(meta({ webhookUrl: 'http://169.254.169.254/', redisKeyPrefix: tenantId })),
    ],
    ['meta unknown key', signed(meta({ admin: true, redisKeyPrefix: tenantId }))],
    ['meta an array', signed({ meta: [1, 2] })],
    ['credentials in clear', signed({ credentials: { clientId: 'x' } })],
    ['credentials garbage envelope', signed({ credentials: 'v1.AAAA.BBBB.CCCC' })],
    ['credentials a number', signed({ credentials: 12 })],
    ['scope a number', signed({ scope: 123 })],
    ['scope unknown', signed({ scope: 'admin charges:*' })],
    ['payload __proto__ key', jwtOf(HS256, good.replace('{', '{"__proto__":{"tenantId":"x"},'))],
    ['payload constructor key', jwtOf(HS256, good.replace('{', '{"constructor":{"prototype":{"a":1}},'))],
    ['payload duplicate tenantId', jwtOf(HS256, good.replace('{', `{"tenantId":"${tenantId}:dup",`))],
    ['payload not JSON', jwtOf(HS256, 'not json')],
    ['payload a JSON array', jwtOf(HS256, '[]')],
    ['payload null', jwtOf(HS256, 'null')],
    ['header not JSON', jwtOf('{', good)],
    ['four segments', `${jwtOf(HS256, good)}.x`],
    ['two segments', `${h}.${p}`],
    [
      'signature standard base64',
      `${h}.${p}.${createHmac('sha256', TEST_TOKEN_SECRET).update(`${h}.${p}`).digest('base64')}`,
    ],
    ['signature tampered', flipSecondToLast(jwtOf(HS256, good))],
    [
      'payload tampered after signing',
      `${h}.${b64(good.replace(tenantId, `${tenantId}x`))}.${jwtOf(HS256, good).split('.')[2]}`,
    ],
    ['huge token (8 KiB claims)', signed({ pad: 'x'.repeat(8 * 1024) })],
    ['garbage', 'garbage.garbage.garbage'],
    ['percent signs', '%%%.%%%.%%%'],
    ['empty', ''],
  ];
  return attacks.map(([name, token]) => [name, `Bearer ${token}`, !SIGNED_ODDITIES.has(name)]);
}

/** Authorization values that are broken before any JWT parsing. */
export const BROKEN_AUTHORIZATION = [
  'Bearer',
  'Bearer ',
  'bearer x.y.z',
  'Basic dXNlcjpwYXNz',
  'Bearer  x.y.z',
  'Bearer x.y.z extra',
  'Token abc',
  'Digest username="a"',
  `Bearer ${'A'.repeat(15_000)}`,
];

/** The token with its signature's second-to-last character changed: it carries six signature bits, so the bytes change. */
function flipSecondToLast(token: string): string {
  const at = token.length - 2;
  return `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
}
