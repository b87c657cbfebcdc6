import { Agent, createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A round-robin HTTP load balancer on 127.0.0.1 for the replica tests: each request goes to the next backend in turn
 * (per request, not per connection, so a keep-alive client still spreads). It retries nothing: a backend that refuses
 * the connection or dies before answering gives the client `502` (or a cut connection once the answer started), as a
 * load balancer without retries does; the client decides whether to retry. A backend that refused a connection is
 * taken out of the rotation (passive health check, like nginx `max_fails=1`), as Kubernetes drops a dead pod's
 * endpoint.
 */
export class RoundRobinProxy {
  /** Requests sent to each backend (by index). */
  readonly sent: number[];
  /** Requests answered 502 by the proxy itself (backend unreachable or died mid-request). */
  failed = 0;
  private readonly out = new Set<number>();
  private readonly agent = new Agent({ keepAlive: true });
  private server?: Server;
  private turn = 0;

  constructor(private readonly backends: number[]) {
    this.sent = backends.map(() => 0);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.forward(req, res));
    // Longer than any client keeps an idle connection (undici: 4 s unless told otherwise), so the client always closes
    // first and never sends a request into a connection the proxy is closing (ECONNRESET).
    this.server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  private next(): number {
    for (let tries = 0; tries < this.backends.length; tries++) {
      const i = this.turn++ % this.backends.length;
      if (!this.out.has(i)) return i;
    }
    return this.turn++ % this.backends.length;
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const i = this.next();
    this.sent[i]++;
    const upstream = request(
      {
        host: '127.0.0.1',
        port: this.backends[i],
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent: this.agent,
      },
      (answer) => {
        // Connection and Keep-Alive are hop-by-hop: the backend's keep-alive timeout (Fastify: 72 s) is not the proxy's.
        const { connection: _c, 'keep-alive': _k, ...headers } = answer.headers;
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
        answer.on('close', () => {
          if (!answer.complete) res.destroy(); // the backend died mid-answer: the client sees a cut connection
        });
      },
    );
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') this.out.add(i);
      this.failed++;
      if (res.headersSent) return void res.destroy();
      res
        .writeHead(502, { 'content-type': 'application/problem+json' })
        .end(JSON.stringify({ title: 'Bad Gateway', status: 502, detail: `backend ${i} unreachable (${err.code})` }));
    });
    req.pipe(upstream);
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
