import teardownRedisTopology from './helpers/redis-topology.global-teardown';
import printFigures from './reliability/figures.teardown';

/** globalTeardown of the e2e project: each part of test/e2e.global-setup.ts undone in turn. */
export default async function teardown(): Promise<void> {
  try {
    printFigures();
  } finally {
    await teardownRedisTopology();
  }
}
