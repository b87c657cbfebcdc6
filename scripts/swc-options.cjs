// The one set of swc options for TypeScript run without a build (jest, scripts/run-ts.cjs): the same
// decorator semantics as tsc's experimentalDecorators + emitDecoratorMetadata, which Nest's DI needs.
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
};
