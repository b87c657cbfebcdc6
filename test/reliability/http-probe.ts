import http from 'node:http';
import { connect } from 'node:net';
import { ERROR_CATALOGUE } from '../../src/common/errors/error-catalogue';

/** One request of a fuzz pass: what is sent, and a label that says which generator made it. */
export interface Probe {
  label: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** /mcp may answer a 4xx with a JSON-RPC error instead of problem+json. */
  jsonRpc?: boolean;
  /** The request must be refused (no 2xx): a forged or broken token, say. */
  mustFail?: boolean;
}

export interface Answer {
  status: number;
  contentType: string;
  body: string;
  retryAfter?: string;
}

/** What went wrong with one answer, or undefined when it keeps the error contract. */
export function breach(
  probe: Pick<Probe, 'method' | 'jsonRpc' | 'mustFail'> & { path?: string },
  a: Answer,
): string | undefined {
  if (a.status >= 500 || a.status < 100) return `status ${a.status}`;
  if (probe.mustFail && a.status < 400) return `accepted with ${a.status}`;
  if (probe.jsonRpc && a.status === 200) return rpcBreach(a);
  if (a.status < 400 || probe.method === 'HEAD') return undefined;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(a.body) as Record<string, unknown>;
  } catch {
    return `${a.status} body is not JSON`;
  }
  if (probe.jsonRpc && typeof (parsed.error as { code?: unknown } | undefined)?.code === 'number') return undefined;
  // The OAuth endpoints answer in their RFCs' format (RFC 6749 §5.2, RFC 7591 §3.2.2): `{ "error": "..." }`.
  if (probe.path?.startsWith('/oauth/') && typeof parsed.error === 'string') return undefined;
  if (!/^application\/problem\+json/.test(a.contentType)) return `${a.status} content-type ${a.contentType}`;
  const code = parsed.code as keyof typeof ERROR_CATALOGUE;
  if (typeof code !== 'string' || !(code in ERROR_CATALOGUE)) return `${a.status} unknown code ${String(code)}`;
  if (ERROR_CATALOGUE[code].status !== a.status) return `${a.status} with code ${code}`;
  return undefined;
}

/** A 200 from /mcp: JSON-RPC message(s) with a result or an error; a tool's isError result carries a catalogue code. */
function rpcBreach(a: Answer): string | undefined {
  const text = a.contentType.includes('text/event-stream')
    ? a.body
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5))
        .join('\n')
    : a.body;
  if (text.trim() === '') return undefined; // a notification or a batch of them: 202/200 without a body
  for (const line of text.split('\n').filter((l) => l.trim())) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return `200 from /mcp that is not JSON: ${line.slice(0, 100)}`;
    }
    for (const m of (Array.isArray(parsed) ? parsed : [parsed]) as Array<Record<string, unknown>>) {
      if (m?.result === undefined && m?.error === undefined) return '200 from /mcp without result or error';
      const result = m.result as { isError?: boolean; structuredContent?: { code?: string } } | undefined;
      const code = result?.structuredContent?.code;
      if (result?.isError && code !== undefined && !(code in ERROR_CATALOGUE)) return `tool error with code ${code}`;
    }
  }
  return undefined;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** Sends one probe with node:http (keep-alive), retrying once when a reused socket was closed under it. */
export function send(base: string, p: Probe, timeoutMs = 15_000, retry = true): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const fresh = p.body !== undefined && p.body.length > 64 * 1024;
    const req = http.request(
      base + p.path,
      { method: p.method, headers: p.headers, agent: fresh ? false : agent, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
            retryAfter: res.headers['retry-after'],
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (retry && req.reusedSocket && ['ECONNRESET', 'EPIPE'].includes(err.code ?? '')) {
        send(base, p, timeoutMs, false).then(resolve, reject);
      } else reject(err);
    });
    req.end(p.body);
  });
}

/** Runs tasks with at most `limit` in flight. */
export async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Every byte a raw socket got back: until the server closes it, it stays silent for `idleMs`, or `maxMs` pass. */
export function rawSend(base: string, bytes: string | Buffer, idleMs = 400, maxMs = 5000): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve) => {
    let data = '';
    let idle: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(idle);
      clearTimeout(cap);
      socket.destroy();
      resolve(data);
    };
    const cap = setTimeout(finish, maxMs);
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (d) => {
      data += d.toString('latin1');
      clearTimeout(idle);
      idle = setTimeout(finish, idleMs);
    });
    socket.on('close', finish);
    socket.on('error', finish);
  });
}

/** The responses in what a raw socket got back, read one after the other (Content-Length or chunked bodies). */
export function rawAnswers(text: string): Answer[] {
  const out: Answer[] = [];
  let rest = text;
  while (rest.startsWith('HTTP/')) {
    const split = rest.indexOf('\r\n\r\n');
    if (split < 0) break;
    const head = rest.slice(0, split);
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
    let body: string;
    let after = rest.slice(split + 4);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (status < 200) {
      body = '';
    } else if (length) {
      body = after.slice(0, Number(length[1]));
      after = after.slice(Number(length[1]));
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      [body, after] = dechunk(after);
    } else {
      body = after;
      after = '';
    }
    out.push({
      status,
      contentType: /\r\ncontent-type:\s*([^\r\n]*)/i.exec(head)?.[1] ?? '',
      body: Buffer.from(body, 'latin1').toString('utf8'),
    });
    rest = after;
  }
  return out;
}

function dechunk(text: string): [string, string] {
  let out = '';
  let rest = text;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (eol < 0 || Number.isNaN(size)) return [out, ''];
    if (size === 0) return [out, rest.slice(eol + 4)];
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 4 + size);
  }
}
