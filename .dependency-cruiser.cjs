// Import boundaries, checked by `npm run lint` (and so by `npm test`): see CONVENTIONS "A layout that fits this
// project". dependency-cruiser resolves the `@lib/<name>` aliases through tsconfig.json's `paths`.
const BANK_SHARED = '^libs/providers/src/(http)/'; // folders of libs/providers/src that are shared plumbing, not a bank

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'libs-not-to-src',
      severity: 'error',
      comment:
        'A library never imports the application: what it needs from it comes in through its interface+Symbol tokens.',
      from: { path: '^libs/' },
      to: { path: '^src/' },
    },
    {
      name: 'bank-not-to-other-bank',
      severity: 'error',
      comment:
        "A bank folder never imports another bank's folder: shared pieces live in libs/providers/src or its http/ folder.",
      from: { path: '^libs/providers/src/([^/]+)/', pathNot: BANK_SHARED },
      to: { path: '^libs/providers/src/[^/]+/', pathNot: ['^libs/providers/src/$1/', BANK_SHARED] },
    },
    {
      name: 'library-through-its-index',
      severity: 'error',
      comment:
        'Outside a library, use it through its public index only (`@lib/<name>`); export what you need from libs/<name>/src/index.ts.',
      from: { path: '^(src|test|bench|scripts)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'other-library-through-its-index',
      severity: 'error',
      comment: 'One library uses another through its public index only (`@lib/<name>`).',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment: 'Folders import each other one way only: move the shared piece down, or turn the dependency around.',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.cjs', '.mjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
