#!/usr/bin/env node
// Runs a TypeScript entry point without a build step: .ts files are compiled in memory with swc
// (decorator metadata on, as in the build). Used by the token CLI, the simulators and the benches.
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const options = { ...require('./swc-options.cjs'), sourceMaps: 'inline' };
const original = Module._extensions['.js'];
Module._extensions['.ts'] = function compileTs(module, filename) {
  if (filename.includes(`${path.sep}node_modules${path.sep}`)) return original(module, filename);
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: node scripts/run-ts.cjs <file.ts> [args...]\n');
  process.exit(2);
}
process.argv.splice(1, 2, path.resolve(entry));
require(path.resolve(entry));
