import { boletoBody } from '../charges/charge-fixtures';

/**
 * Requests only a raw socket can send: request smuggling (CL+TE, duplicate and signed Content-Length, obfuscated
 * Transfer-Encoding), bare CR/LF and NUL in header values, obs-fold, broken request lines, HTTP/0.9 and HTTP/2
 * prefaces, absolute-form targets, pipelines. Each is [name, bytes]; the socket's last request asks to close.
 */
export function rawCases(auth: string): Array<[string, string]> {
  // Sent as latin1 bytes: non-ASCII escaped, so Content-Length counts what is sent.
  const body = JSON.stringify(boletoBody()).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const len = Buffer.byteLength(body);
  const post = (headers: string, payload = body) =>
    `POST /v1/charges HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\n${headers}Connection: close\r\n\r\n${payload}`;
  const get = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nHost: x\r\n${extra}Connection: close\r\n\r\n`;
  const chunked = (payload: string) => `${payload.length.toString(16)}\r\n${payload}\r\n0\r\n\r\n`;
  const list = '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}';
  const smuggled = 'GET /metrics/prometheus HTTP/1.1\r\nHost: x\r\n\r\n';
  return [
    ['CL.TE smuggling', post(`Content-Length: ${len}\r\nTransfer-Encoding: chunked\r\n`, `0\r\n\r\n${smuggled}`)],
    ['TE.CL smuggling', post(`Transfer-Encoding: chunked\r\nContent-Length: 4\r\n`, `${chunked(body)}${smuggled}`)],
    ['duplicate Content-Length, different', post(`Content-Length: ${len}\r\nContent-Length: ${len + 5}\r\n`)],
    ['duplicate Content-Length, same', post(`Content-Length: ${len}\r\nContent-Length: ${len}\r\n`)],
    ['Content-Length list', post(`Content-Length: ${len}, ${len}\r\n`)],
    ['negative Content-Length', post('Content-Length: -1\r\n', '')],
    ['Content-Length with a plus', post(`Content-Length: +${len}\r\n`)],
    ['Content-Length in hex', post(`Content-Length: 0x${len.toString(16)}\r\n`)],
    ['Content-Length overflowing', post('Content-Length: 99999999999999999999999\r\n', '')],
    ['Content-Length with spaces inside', post(`Content-Length: 1 ${len}\r\n`)],
    ['Transfer-Encoding xchunked', post(`Transfer-Encoding: xchunked\r\nContent-Length: ${len}\r\n`)],
    [
      'Transfer-Encoding chunked twice',
      post('Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n', chunked(body)),
    ],
    ['Transfer-Encoding chunked, identity', post('Transfer-Encoding: chunked, identity\r\n', chunked(body))],
    ['Transfer-Encoding with a tab', post('Transfer-Encoding:\tchunked\r\n', chunked(body))],
    ['Transfer-Encoding with a space before the colon', post('Transfer-Encoding : chunked\r\n', chunked(body))],
    ['Transfer-Encoding folded', post('Transfer-Encoding:\r\n chunked\r\n', chunked(body))],
    ['chunk size not hex', post('Transfer-Encoding: chunked\r\n', `zz\r\n${body}\r\n0\r\n\r\n`)],
    ['chunk size overflowing', post('Transfer-Encoding: chunked\r\n', 'fffffffffffffffffff\r\nx\r\n0\r\n\r\n')],
    [
      'chunk extension abuse',
      post('Transfer-Encoding: chunked\r\n', `${len.toString(16)};${'a'.repeat(9000)}\r\n${body}\r\n0\r\n\r\n`),
    ],
    ['chunk without CRLF', post('Transfer-Encoding: chunked\r\n', `${len.toString(16)}\r\n${body}0\r\n\r\n`)],
    ['bare LF line endings', `GET /health/live HTTP/1.1\nHost: x\nConnection: close\n\n`],
    ['bare CR in a header value', get('/health/live', 'X-A: b\rInjected: 1\r\n')],
    ['bare LF in a header value', get('/health/live', 'X-A: b\nInjected: 1\r\n')],
    ['CRLF injection into Idempotency-Key', post(`Idempotency-Key: k\r\nX-Injected: 1\r\nContent-Length: ${len}\r\n`)],
    ['NUL in a header value', get('/health/live', 'X-A: a\u0000b\r\n')],
    ['NUL in the path', get('/v1/charges/sbx\u0000x', `Authorization: ${auth}\r\n`)],
    ['space in the path', get('/v1/charges/sbx x', `Authorization: ${auth}\r\n`)],
    ['header without a colon', get('/health/live', 'NoColonHere\r\n')],
    ['header name with a space', get('/health/live', 'Bad Name: x\r\n')],
    ['empty header name', get('/health/live', ': x\r\n')],
    ['obs-fold continuation', get('/health/live', 'X-A: a\r\n  folded\r\n')],
    ['missing Host', 'GET /health/live HTTP/1.1\r\nConnection: close\r\n\r\n'],
    ['two Host headers', get('/health/live', 'Host: y\r\n')],
    ['absolute-form target', get('http://evil.example.com/health/live')],
    [
      'absolute-form target on /mcp',
      `POST http://evil.example.com/mcp HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: ${Buffer.byteLength(list)}\r\nConnection: close\r\n\r\n${list}`,
    ],
    [
      'invalid Host on /mcp',
      `POST /mcp HTTP/1.1\r\nHost: a b\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: ${Buffer.byteLength(list)}\r\nConnection: close\r\n\r\n${list}`,
    ],
    ['absolute-form to another scheme', get('file:///etc/passwd')],
    ['asterisk target on GET', get('*')],
    ['CONNECT', 'CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n'],
    ['HTTP/0.9', 'GET /health/live\r\n\r\n'],
    ['HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
    ['HTTP/1.2', 'GET /health/live HTTP/1.2\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['HTTP/9.9', 'GET /health/live HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['lowercase method', 'get /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['method with a slash', 'GE/T /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['request line of 20 KiB', get(`/v1/charges/${'a'.repeat(20 * 1024)}`, `Authorization: ${auth}\r\n`)],
    ['one header of 20 KiB', get('/health/live', `X-Big: ${'a'.repeat(20 * 1024)}\r\n`)],
    ['2000 small headers', get('/health/live', Array.from({ length: 2000 }, (_, i) => `X-H${i}: v\r\n`).join(''))],
    ['UTF-8 in a header value', get('/health/live', 'X-Name: S\u00c3\u00a3o\r\n')],
    ['invalid UTF-8 in the path', get('/v1/charges/\u00ed\u00a0\u0080', `Authorization: ${auth}\r\n`)],
    [
      'pipelined: valid then broken',
      `GET /health/live HTTP/1.1\r\nHost: x\r\n\r\nGET /health/live HTTP/1.1\r\nHost x\r\n\r\n`,
    ],
    ['pipelined: 20 requests', `${'GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(19)}${get('/health/live')}`],
    ['body on GET', `GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello`],
    ['Expect 100-continue with a body', post(`Expect: 100-continue\r\nContent-Length: ${len}\r\n`)],
    ['Content-Length larger than the body limit', post('Content-Length: 50000000\r\n', 'x'.repeat(1000))],
  ];
}
