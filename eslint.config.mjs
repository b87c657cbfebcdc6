import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// The libraries and their aliases, from tsconfig.json's `paths` (`@lib/<name>` -> libs/<name>/src/index.ts).
const { compilerOptions } = JSON.parse(readFileSync(new URL('./tsconfig.json', import.meta.url), 'utf8'));
const libraries = Object.keys(compilerOptions.paths).map((alias) => alias.replace(/^@lib\//, ''));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier, // formatting is Prettier's (npm run format); eslint keeps to correctness
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    // How imports are written (the import graph itself, cycles included, is checked by dependency-cruiser: lint:deps).
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: libraries.flatMap((name) => [`**/${name}/src`, `**/${name}/src/**`]),
              message: 'Import a library by its alias and public index: @lib/<name>.',
            },
            {
              group: ['@lib/*/**'],
              message:
                'Use a library through its public index only (@lib/<name>): export what you need from libs/<name>/src/index.ts.',
            },
            {
              group: ['**/dist', '**/dist/**'],
              message: "Do not import a package's build output (dist/): use its public entry point.",
            },
          ],
        },
      ],
    },
  },
);
