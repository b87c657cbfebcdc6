// Jest reads `testTimeout` only from the top-level config, not from a project's: the e2e project sets its own here
// (apps, simulators and Redis restarts take longer than the 5 s default, above all on a busy 2-core machine).
jest.setTimeout(30_000);
