import { spawn } from 'node:child_process';

/** What the capacity benches read of autocannon's JSON summary. */
export interface AutocannonSummary {
  requests: { average: number };
  latency: { p99: number };
  non2xx: number;
}

/**
 * Runs autocannon (`--json` among `args`) as a child pinned to core 0, so the server under test keeps the other core,
 * and resolves with its JSON summary.
 */
export function autocannonOnCore0(args: string[]): Promise<AutocannonSummary> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'taskset',
      ['-c', '0', process.execPath, require.resolve('autocannon/autocannon.js'), ...args],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as AutocannonSummary) : reject(new Error(`autocannon exited ${code}`)),
    );
  });
}
