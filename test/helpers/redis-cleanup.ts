import { deleteRunKeys } from './redis';

/**
 * setupFilesAfterEnv of the e2e project: after every test file (once its apps are closed), the keys it wrote
 * to the shared test Redis are deleted, whatever wrote them (sandbox charges kept 30 days, sessions,
 * idempotency records, read cache, rate-limit counters), so a run leaves that Redis as it found it.
 */
afterAll(async () => {
  await deleteRunKeys();
}, 30000);
