// NestJS 12 and a few of its dependencies ship as ESM only. Node 24's require(esm) loads them at run
// time, but jest's module system does not, so @swc/jest transforms them to CommonJS too.
const esmPackages = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  'peek-readable',
  'uint8array-extras',
  '@tokenizer',
  'uid',
  '@modelcontextprotocol',
  'cookie',
  'pkce-challenge',
  'content-disposition',
  'cockatiel',
];
const swc = ['@swc/jest', require('./scripts/swc-options.cjs')];
// The library aliases of tsconfig.json's `paths` (`@lib/<name>` -> its public index). swc already rewrites them in
// compiled code; this also covers module names jest resolves itself (jest.mock, jest.requireActual).
const { compilerOptions } = require('./tsconfig.json');
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);
const common = {
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  moduleNameMapper,
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testEnvironment: 'node',
};
// TEST_REDIS_TOPOLOGY=cluster|sentinel (`npm run test:e2e:topologies`): the e2e project's globalSetup starts that
// topology once and runs these specs on it, the ones whose behaviour rests on Redis (README "Tests" says why these).
const topologySpecs = [
  'charges/idempotency',
  'charges/charges',
  'charges/list-refunds',
  'ops/rate-limit',
  'webhooks/webhooks',
  'webhooks/bank-notifications',
  'auth/auth',
  'auth/credentials-ref',
  'oauth/refresh',
  'providers/cora.listing',
  'providers/inter.listing',
  'reliability/tenant-isolation',
];
const onTopology = ['cluster', 'sentinel'].includes(process.env.TEST_REDIS_TOPOLOGY ?? '');
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: onTopology
        ? topologySpecs.map((spec) => `<rootDir>/test/${spec}.e2e-spec.ts`)
        : ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/helpers/e2e-timeout.ts', '<rootDir>/test/helpers/redis-cleanup.ts'],
      // One per project: the Redis topology of TEST_REDIS_TOPOLOGY, and the reliability suite's figures (one file per
      // run, printed as a table at the end when its specs ran).
      globalSetup: '<rootDir>/test/e2e.global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e.global-teardown.ts',
    },
    // `npm run test:image` only (needs a Docker engine): not part of `npm test`.
    { ...common, displayName: 'image', testMatch: ['<rootDir>/test/image/**/*.image-spec.ts'], testTimeout: 900000 },
  ],
};
