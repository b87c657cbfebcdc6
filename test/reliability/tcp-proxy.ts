import { createConnection, createServer, Server, Socket } from 'node:net';

type ProxyMode = 'open' | 'cut' | 'frozen';

/**
 * A TCP proxy the test can break: 127.0.0.1:<port> forwards to a target (a Redis). `cut()` destroys every
 * connection and resets new ones at once (Redis gone); `freeze()` keeps the connections open but stops moving bytes
 * in both directions (Redis paused, as with SIGSTOP: what was sent waits in the socket buffers and is delivered on
 * `restore()`); `restore()` forwards again.
 */
export class TcpProxy {
  private server?: Server;
  private readonly pairs = new Set<[Socket, Socket]>();
  private mode: ProxyMode = 'open';
  port = 0;
  /** Connections accepted (and, while cut, reset) since start: the client's reconnect attempts show here. */
  accepted = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static forUrl(url: string): TcpProxy {
    const u = new URL(url);
    return new TcpProxy(u.hostname, Number(u.port || 6379));
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as { port: number }).port;
  }

  private accept(client: Socket): void {
    this.accepted++;
    if (this.mode === 'cut') {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const close = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    // Plain 'data' forwarding, not pipe(): pipe() resumes a source on 'drain', which would undo a freeze.
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => client.write(chunk));
    if (this.mode === 'frozen') this.pause(pair);
  }

  private pause([client, upstream]: [Socket, Socket]): void {
    client.pause();
    upstream.pause();
  }

  /** Redis gone: every open connection is reset, new ones are reset on arrival. */
  cut(): void {
    this.mode = 'cut';
    for (const [client, upstream] of [...this.pairs]) {
      client.resetAndDestroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  /** Redis frozen: connections stay up (and new ones are accepted) but no byte moves either way. */
  freeze(): void {
    this.mode = 'frozen';
    for (const pair of this.pairs) this.pause(pair);
  }

  /** Back to forwarding; bytes held by a freeze flow on. */
  restore(): void {
    this.mode = 'open';
    for (const [client, upstream] of this.pairs) {
      client.resume();
      upstream.resume();
    }
  }

  get connections(): number {
    return this.pairs.size;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
