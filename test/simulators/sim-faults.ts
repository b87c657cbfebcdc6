import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FaultReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Fault injection for a simulator's API routes (never its /__sim/ controls), configured with
 * `POST /__sim/faults`:
 *   { "latencyMs": 200 }                          every API request waits this long first
 *   { "fail": { "count": 5, "status": 503, "retryAfter": "7" } }   the next N requests answer it
 *   { "drop": 1 }                                 the next N connections are closed without answer
 *   { "hang": 1 }                                 the next N requests never get an answer
 *   { "hangAfterCommit": 1 }                      the next N creates commit, then never answer
 */
export class SimFaults {
  latencyMs = 0;
  private fail = { count: 0, status: 500, retryAfter: undefined as string | undefined };
  private drop = 0;
  private hang = 0;
  private hangAfterCommit = 0;
  private readonly held = new Set<Socket>();

  configure(body: unknown): string | undefined {
    const b = (body ?? {}) as Record<string, unknown>;
    const count = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 10_000;
    if (b.latencyMs !== undefined) {
      if (!count(b.latencyMs)) return 'latencyMs must be an integer from 0 to 10000';
      this.latencyMs = b.latencyMs as number;
    }
    if (b.fail !== undefined) {
      const f = b.fail as Record<string, unknown>;
      if (!count(f.count) || !Number.isInteger(f.status) || (f.status as number) < 400 || (f.status as number) > 599)
        return 'fail needs count (integer) and status (400..599)';
      this.fail = {
        count: f.count as number,
        status: f.status as number,
        retryAfter: typeof f.retryAfter === 'string' ? f.retryAfter : undefined,
      };
    }
    for (const k of ['drop', 'hang', 'hangAfterCommit'] as const) {
      if (b[k] === undefined) continue;
      if (!count(b[k])) return `${k} must be a non-negative integer`;
      this[k] = b[k] as number;
    }
    return undefined;
  }

  reset(): void {
    this.latencyMs = 0;
    this.fail = { count: 0, status: 500, retryAfter: undefined };
    this.drop = 0;
    this.hang = 0;
    this.hangAfterCommit = 0;
  }

  snapshot(): Record<string, unknown> {
    return {
      latencyMs: this.latencyMs,
      fail: { ...this.fail },
      drop: this.drop,
      hang: this.hang,
      hangAfterCommit: this.hangAfterCommit,
    };
  }

  /** Applied before an API handler runs: a reply to send instead, 'handled' when the socket was taken, or nothing. */
  async before(socket: Socket): Promise<FaultReply | 'handled' | undefined> {
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    if (this.drop > 0) {
      this.drop--;
      socket.destroy();
      return 'handled';
    }
    if (this.hang > 0) {
      this.hang--;
      this.hold(socket);
      return 'handled';
    }
    if (this.fail.count > 0) {
      this.fail.count--;
      const status = this.fail.status;
      const headers: Record<string, string> = this.fail.retryAfter ? { 'retry-after': this.fail.retryAfter } : {};
      return { status, headers, body: { title: status === 429 ? 'Too Many Requests' : 'Simulated failure', status } };
    }
    return undefined;
  }

  takeHangAfterCommit(): boolean {
    if (this.hangAfterCommit <= 0) return false;
    this.hangAfterCommit--;
    return true;
  }

  /** Keeps the connection open without ever answering, until the client gives up or the simulator stops. */
  hold(socket: Socket): void {
    this.held.add(socket);
    socket.once('close', () => this.held.delete(socket));
  }

  releaseAll(): void {
    for (const s of this.held) s.destroy();
    this.held.clear();
  }
}
