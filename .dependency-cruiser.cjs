/**
 * The product's boundaries (issue 11 item 2), checked by dependency-cruiser: `npm run lint:boundaries`, and
 * test/architecture/boundaries.test.ts (which also proves the rule bites).
 *
 * Product = packages/bridge, packages/extension, packages/protocol, packages/domain (their own test/ folders aside).
 * The product never imports developer or test code: packages/dev (demo identity, PKI, token, runs, portal, edefter-dev),
 * packages/simulators (GİB, integrator, test TSAs), test/, bench/, certs/ — neither by path nor by package name, and
 * type-only imports (`import type`, `typeof import('…')`) count too, since they tie the product to that code.
 * The developer packages do not import test/ or bench/ code either (they read data files of test/fixtures by path).
 * Inside the developer side: simulators may use the demo PKI (packages/dev/src/pki) and nothing else of dev, and the
 * demo PKI never imports simulators, so the two packages do not form a module cycle (their package.json files do
 * depend on each other: dev starts the simulators, the simulators use the demo TEST CA).
 *
 * Why dependency-cruiser rather than eslint-plugin-boundaries: it needs no linter (the project has none yet, and the
 * one chosen under item 8 may be biome, which cannot run eslint plugins), it resolves imports the way Node and tsx
 * do — relative `.ts` paths and the workspace packages' `exports` through their node_modules symlinks — so a path
 * import and a package-name import of the same file are one edge, and it reads TypeScript type-only imports.
 * Pinned to 17.4.3 (root package.json): 18.x needs Node ≥ 22, the project runs on Node 20.
 * Dynamic imports whose argument is not a literal cannot be resolved by any static tool; the test greps the product
 * for them and lists them.
 */
/** Folders of product code (a path regex, relative to the repository root). */
const PRODUCT = '^packages/(bridge|extension|protocol|domain)/';
/** The product packages' own tests (they may use the test kit and simulators). */
const PRODUCT_TESTS = '^packages/(bridge|extension|protocol|domain)/test/';
/** Developer and test code, by path or, when not resolved through a symlink, by package name. */
const NOT_PRODUCT = '^(packages/(dev|simulators)/|test/|bench/|certs/|@edefter/(dev|simulators)(/|$))';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'product-imports-dev-or-test',
      severity: 'error',
      comment: 'Product code (bridge, extension, protocol, domain) must not import packages/dev, packages/simulators, test/, bench/ or certs/.',
      from: { path: PRODUCT, pathNot: PRODUCT_TESTS },
      to: { path: NOT_PRODUCT },
    },
    {
      name: 'dev-and-simulators-no-test-code',
      severity: 'error',
      comment: 'packages/dev and packages/simulators must not import test/ or bench/ code (tests import them, not the reverse).',
      from: { path: '^packages/(dev|simulators)/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'simulators-use-only-dev-pki',
      severity: 'error',
      comment: 'Simulators may use the demo TEST PKI (packages/dev/src/pki) only, not the demo runs, portal or dev CLI.',
      from: { path: '^packages/simulators/' },
      to: { path: '^packages/dev/src/(?!pki/)' },
    },
    {
      name: 'dev-pki-no-simulators',
      severity: 'error',
      comment: 'The demo PKI stays below the simulators (no module cycle between packages/dev and packages/simulators).',
      from: { path: '^packages/dev/src/pki/' },
      to: { path: '^packages/simulators/' },
    },
    // ---- the bridge's data flow (issue 11 item 3): ledger writes XBRL-GL, validate checks it, flows/ orchestrates ----
    {
      name: 'validate-not-ledger',
      severity: 'error',
      comment: 'validate/ checks files; it never imports ledger/ (what both need lives in @edefter/domain).',
      from: { path: '^packages/bridge/src/validate/' },
      to: { path: '^packages/bridge/src/ledger/' },
    },
    {
      name: 'gib-not-backup',
      severity: 'error',
      comment: 'gib/ announces workflow events (workflow/events.ts); the backup flow follows them. gib never imports backup/.',
      from: { path: '^packages/bridge/src/gib/' },
      to: { path: '^packages/bridge/src/backup/' },
    },
    {
      name: 'backup-not-gib',
      severity: 'error',
      comment: 'backup/ gets GİB trust and verifiers from flows/backup.ts; it never imports gib/.',
      from: { path: '^packages/bridge/src/backup/' },
      to: { path: '^packages/bridge/src/gib/' },
    },
    {
      name: 'workflow-below-features',
      severity: 'error',
      comment: 'workflow/ (state, history, events, the schema of every table) imports no feature module and no flow.',
      from: { path: '^packages/bridge/src/workflow/' },
      to: { path: '^packages/bridge/src/(backup|gib|ledger|validate|flows|server|cli)/' },
    },
    {
      name: 'ledger-only-writes',
      severity: 'error',
      comment:
        'ledger/ writes XBRL-GL; checking (validate), signing (xades), sending (gib), backing up and orchestrating live elsewhere (flows/ runs them in order).',
      from: { path: '^packages/bridge/src/ledger/' },
      to: { path: '^packages/bridge/src/(flows|gib|backup|validate|xades|token|tsa|server|cli)/' },
    },
    {
      name: 'only-entry-points-use-flows',
      severity: 'error',
      comment: 'flows/ is above the feature modules: only the entry points (server, cli, compliance) and flows itself import it.',
      from: { path: '^packages/bridge/src/', pathNot: '^packages/bridge/src/(flows|server|cli|compliance)/' },
      to: { path: '^packages/bridge/src/flows/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|\\.vite)/' },
    tsPreCompilationDeps: true,
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mts', '.mjs', '.js', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
