import setupRedisTopology from './helpers/redis-topology.global-setup';
import setupFigures from './reliability/figures.setup';

/** globalSetup of the e2e project (jest takes one per project): each part in turn. */
export default async function setup(): Promise<void> {
  await setupRedisTopology();
  setupFigures();
}
