import type { BenchContext } from './bench.context';
import { describe, runLoad } from './load.runner';
import { median } from './stats.math';

/**
 * Saturation (req/s) of the Fastify cached read with LOG_LEVEL=info: scenario 1's median when it ran in this
 * process, else measured here on `url` (warm-up, then the median of `rounds` runs).
 */
export async function fastifySaturation(ctx: BenchContext, url: string, token: string): Promise<number> {
  if (ctx.fastifySaturation) return ctx.fastifySaturation;
  const load = { url, connections: ctx.opts.connections, headers: { authorization: `Bearer ${token}` } };
  await runLoad({ ...load, seconds: ctx.opts.warmupSeconds });
  const rps: number[] = [];
  for (let i = 0; i < ctx.opts.rounds; i++) {
    const r = await runLoad({ ...load, seconds: ctx.opts.seconds });
    process.stdout.write(`  [saturation] ${describe('fastify', r)}\n`);
    rps.push(r.rps);
  }
  ctx.fastifySaturation = Math.round(median(rps));
  return ctx.fastifySaturation;
}
