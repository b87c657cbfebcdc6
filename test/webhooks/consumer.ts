import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
}

/**
 * A webhook consumer on 127.0.0.1: records every accepted event; can refuse the next N deliveries (500) or be down
 * for good (503 to all). `events` holds only what it accepted (2xx).
 */
export class TestConsumer {
  readonly events: Received[] = [];
  attempts = 0;
  /** Delivery attempts per charge id (accepted or not). */
  readonly attemptsByCharge = new Map<string, number>();
  private failNext = 0;
  private down = false;
  private server?: Server;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.attempts++;
        const raw = Buffer.concat(chunks).toString('utf8');
        try {
          const chargeId = String((JSON.parse(raw) as { chargeId?: unknown }).chargeId);
          this.attemptsByCharge.set(chargeId, (this.attemptsByCharge.get(chargeId) ?? 0) + 1);
        } catch {
          // not an event: counted in `attempts` only
        }
        if (this.down || this.failNext > 0) {
          if (this.failNext > 0) this.failNext--;
          res.writeHead(this.down ? 503 : 500).end('not now');
          return;
        }
        const body = Buffer.concat(chunks).toString('utf8');
        this.events.push({ headers: req.headers, body, json: JSON.parse(body) as Record<string, unknown> });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/hooks`;
  }

  failTimes(n: number): void {
    this.failNext = n;
  }

  setDown(down: boolean): void {
    this.down = down;
  }

  /** Events of one charge that it accepted. */
  forCharge(chargeId: string): Received[] {
    return this.events.filter((e) => e.json.chargeId === chargeId);
  }

  async waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const started = Date.now();
    while (!predicate()) {
      if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for webhook deliveries');
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
