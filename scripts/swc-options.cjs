// The one set of swc options for TypeScript run without a build (jest, scripts/run-ts.cjs): the same
// decorator semantics as tsc's experimentalDecorators + emitDecoratorMetadata, which Nest's DI needs, and
// the same library aliases as tsconfig.json's `paths` (swc rewrites `@lib/<name>` to a relative path).
const path = require('node:path');
const { compilerOptions } = require('../tsconfig.json');

module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
    baseUrl: path.resolve(__dirname, '..'),
    paths: compilerOptions.paths,
  },
  module: { type: 'commonjs' },
};
