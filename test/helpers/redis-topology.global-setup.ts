import { LocalRedisCluster, LocalRedisSentinel } from './redis-topologies';
import { testRedisTopology } from './redis-topology';

/** Where globalTeardown (same process) finds the topology to stop. */
export const TOPOLOGY_HANDLE = Symbol.for('mcpcob.test.redis-topology');

/**
 * globalSetup of the e2e project. TEST_REDIS_TOPOLOGY=cluster or sentinel: starts that topology once for the run
 * (test/helpers/redis-topologies.ts) and publishes it to the test workers (they inherit this process' environment)
 * as TEST_REDIS_URL and TEST_REDIS_NODES; testRedisUrl() and startTestApp() then use it. Standalone: does nothing.
 */
export default async function setup(): Promise<void> {
  const mode = testRedisTopology();
  if (mode === 'standalone') return;
  const started = Date.now();
  const topology = mode === 'cluster' ? await LocalRedisCluster.start() : await LocalRedisSentinel.start();
  (globalThis as Record<symbol, unknown>)[TOPOLOGY_HANDLE] = topology;
  process.env.TEST_REDIS_URL = topology.url;
  process.env.TEST_REDIS_NODES = topology.hostPorts;
  process.stdout.write(`\nredis ${mode} for this run: ${topology.hostPorts} (started in ${Date.now() - started} ms)\n`);
}
