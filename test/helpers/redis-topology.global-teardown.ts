import { TOPOLOGY_HANDLE } from './redis-topology.global-setup';

/** globalTeardown of the e2e project: stops the topology globalSetup started (if any). */
export default async function teardown(): Promise<void> {
  const handle = globalThis as Record<symbol, { stop(): Promise<void> } | undefined>;
  await handle[TOPOLOGY_HANDLE]?.stop();
  handle[TOPOLOGY_HANDLE] = undefined;
}
