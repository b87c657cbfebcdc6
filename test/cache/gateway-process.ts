import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../helpers/redis';
import { REPLICA_SECRETS } from './replica-fixtures';

/**
 * One gateway replica as a real process (`node scripts/run-ts.cjs src/main.ts`, no build step) on 127.0.0.1 with the
 * replica test secrets, so tokens from replica-fixtures.ts verify on it. Keeps the last lines of its output for failures.
 */
export class GatewayProcess {
  private readonly tail: string[] = [];

  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    const keep = (d: Buffer) => {
      this.tail.push(...String(d).split('\n').filter(Boolean));
      this.tail.splice(0, Math.max(0, this.tail.length - 40));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines it wrote (JSON logs, or a crash). */
  get output(): string {
    return this.tail.join('\n');
  }

  /** Starts a replica with `env` on top of the test defaults and waits until /health/ready answers 200. */
  static async start(env: Record<string, string>, readyWithinMs = 60_000): Promise<GatewayProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['scripts/run-ts.cjs', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        HTTP_ADAPTER: 'fastify',
        ...REPLICA_SECRETS,
        SHUTDOWN_DRAIN_MS: '0',
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const gw = new GatewayProcess(port, child);
    const deadline = Date.now() + readyWithinMs;
    for (;;) {
      if (!gw.alive) throw new Error(`gateway on :${port} exited while starting:\n${gw.output}`);
      const ready = await fetch(`${gw.url}/health/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) return gw;
      if (Date.now() > deadline) {
        await gw.kill();
        throw new Error(`gateway on :${port} not ready within ${readyWithinMs} ms:\n${gw.output}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** SIGKILL: the replica dies at once, mid-request, as a crashed pod does. */
  async kill(): Promise<void> {
    if (!this.alive) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM (graceful), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.alive) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
