// NestJS 12 and a few of its dependencies ship as ESM only. Node 24's require(esm) loads them at run
// time, but jest's module system does not, so @swc/jest transforms them to CommonJS too.
const esmPackages = ['@nestjs', 'file-type', 'strtok3', 'token-types', 'peek-readable', 'uint8array-extras', '@tokenizer', 'uid', '@modelcontextprotocol', 'cookie', 'pkce-challenge', 'content-disposition', 'cockatiel'];
const swc = ['@swc/jest', require('./scripts/swc-options.cjs')];
const common = {
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testEnvironment: 'node',
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], testTimeout: 30000, setupFilesAfterEnv: ['<rootDir>/test/helpers/redis-cleanup.ts'] },
    // `npm run test:image` only (needs a Docker engine): not part of `npm test`.
    { ...common, displayName: 'image', testMatch: ['<rootDir>/test/image/**/*.image-spec.ts'], testTimeout: 900000 },
  ],
};
