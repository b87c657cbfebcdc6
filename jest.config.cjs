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
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/helpers/e2e-timeout.ts', '<rootDir>/test/helpers/redis-cleanup.ts'],
    },
    // `npm run test:image` only (needs a Docker engine): not part of `npm test`.
    { ...common, displayName: 'image', testMatch: ['<rootDir>/test/image/**/*.image-spec.ts'], testTimeout: 900000 },
  ],
};
