import { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, Server } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { SimFaults } from './sim-faults';
import type { SimPki } from '../pki/sim-pki';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Parsed JSON or form body; undefined when empty; `SimServer.MALFORMED` when unparseable. */
  body: unknown;
  params: Record<string, string>;
  /** CN of the verified client certificate. */
  clientCn?: string;
}

export interface SimReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SimRoute {
  method: string;
  /** Path pattern with :params, e.g. /v2/invoices/:id */
  path: string;
  /** The handler commits state (a create): "hang after commit" faults apply to it. */
  commits?: boolean;
  handler: (req: SimRequest) => SimReply | Promise<SimReply>;
}

type RegisteredRoute = SimRoute & { re: RegExp; keys: string[]; control: boolean };

/**
 * The HTTPS server under every provider simulator: mTLS enforced at the TLS layer (requestCert +
 * rejectUnauthorized against the test CA), a tiny router, fault injection for API routes, request
 * counters, and the shared `/__sim/` control routes (faults, stats).
 */
export class SimServer {
  static readonly MALFORMED = Symbol('malformed body');
  readonly faults = new SimFaults();
  readonly stats = { requests: 0, byRoute: {} as Record<string, number> };
  private readonly routes: RegisteredRoute[] = [];
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  url = '';
  /** Demand a client certificate of the test CA (mTLS); false for an API with plain TLS and header auth. */
  protected readonly requireClientCertificate: boolean = true;

  constructor(
    readonly name: string,
    private readonly pki: Pick<SimPki, 'caPem' | 'serverCertPem' | 'serverKeyPem'>,
  ) {
    this.control('GET', '/__sim/stats', () => ({ status: 200, body: this.statsBody() }));
    this.control('POST', '/__sim/faults', (req) => {
      const r = this.faults.configure(req.body);
      return r ? { status: 400, body: { error: r } } : { status: 200, body: this.faults.snapshot() };
    });
    this.control(
      'POST',
      '/__sim/faults/reset',
      () => (this.faults.reset(), { status: 200, body: this.faults.snapshot() }),
    );
  }

  /** Extra fields for GET /__sim/stats (charges and token counters). */
  protected statsBody(): Record<string, unknown> {
    return { requests: this.stats.requests, byRoute: this.stats.byRoute };
  }

  route(route: SimRoute): void {
    this.add(route, false);
  }

  control(method: string, path: string, handler: SimRoute['handler']): void {
    this.add({ method, path, handler }, true);
  }

  private add(route: SimRoute, control: boolean): void {
    const keys: string[] = [];
    const re = new RegExp(
      `^${route.path.replace(/\/:([A-Za-z]+)/g, (_m, k: string) => (keys.push(k), '/([^/]+)'))}/?$`,
    );
    this.routes.push({ ...route, re, keys, control });
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer(
      {
        cert: this.pki.serverCertPem,
        key: this.pki.serverKeyPem,
        ca: this.pki.caPem,
        requestCert: this.requireClientCertificate,
        rejectUnauthorized: this.requireClientCertificate,
      },
      (req, res) => void this.handle(req, res).catch(() => res.destroy()),
    );
    this.server.on('secureConnection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, host, () => resolve());
    });
    const address = this.server.address() as { port: number };
    this.url = `https://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.faults.releaseAll();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://sim');
    const match = this.match(req.method ?? 'GET', url.pathname);
    const raw = await readBody(req);
    const cert = (req.socket as TLSSocket).getPeerCertificate?.();
    const simReq: SimRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: parseBody(raw, req.headers['content-type']),
      params: match?.params ?? {},
      clientCn: typeof cert?.subject?.CN === 'string' ? cert.subject.CN : undefined,
    };
    if (!match) return send(res, { status: 404, body: { error: 'no such route' } });
    if (!match.route.control) {
      this.stats.requests++;
      const key = `${match.route.method} ${match.route.path}`;
      this.stats.byRoute[key] = (this.stats.byRoute[key] ?? 0) + 1;
      const early = await this.faults.before(req.socket);
      if (early === 'handled') return;
      if (early) return send(res, early);
    }
    const reply = await match.route.handler(simReq);
    if (!match.route.control && match.route.commits && reply.status < 300 && this.faults.takeHangAfterCommit()) {
      return this.faults.hold(req.socket);
    }
    send(res, reply);
  }

  private match(method: string, path: string): { route: RegisteredRoute; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.re.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1])));
      return { route, params };
    }
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    return SimServer.MALFORMED;
  }
}

function send(res: ServerResponse, reply: SimReply): void {
  const headers: Record<string, string> = {
    'x-request-id': `sim-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    ...reply.headers,
  };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  // A document (a PDF): sent as is, with the content-type the route set.
  if (Buffer.isBuffer(reply.body)) {
    res.writeHead(reply.status, headers).end(reply.body);
    return;
  }
  res.writeHead(reply.status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(reply.body));
}
