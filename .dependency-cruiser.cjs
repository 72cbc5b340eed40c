/**
 * The layers, as allowlists (VS Code's code-layering idea): a dependency is allowed only if one rule
 * below allows it; anything else fails `npm run lint:layers`. dependency-cruiser sees static imports,
 * type-only imports, re-exports and dynamic `import()` alike. tests/unit/layers.test.ts feeds it one
 * violation per rule.
 *
 *   electron/common   the contract: imports nothing of ours; zod only
 *   native/           drivers and simulators: nothing of ours, never `electron`
 *   electron/core     common + native + Node + npm (never `electron`)
 *   electron/sandbox  loopback API sandboxes: nothing of ours but common
 *   electron/host     the composition root: common + core + sandbox
 *   shells            web-shell / electron-main import common + host; preload imports common only;
 *                     only electron-main and preload import `electron`
 *   renderer          the contract (electron/common) and browser npm packages only
 */
const NODE = { dependencyTypes: ['core'] };
// Any npm package except electron (the shells' privilege).
const npm = (extra = []) => ({
  dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
  pathNot: ['(^|/)node_modules/electron/', ...extra],
});
const ELECTRON = { path: '(^|/)node_modules/electron/' };
const from = (path) => ({ path });

module.exports = {
  allowed: [
    // common: itself and zod
    { from: from('^electron/common/'), to: { path: ['^electron/common/', '(^|/)node_modules/zod/'] } },
    // native: itself, Node, npm (not electron)
    { from: from('^native/'), to: { path: '^native/' } },
    { from: from('^native/'), to: NODE },
    { from: from('^native/'), to: npm() },
    // core: common, core, native, Node, npm
    { from: from('^electron/core/'), to: { path: '^(electron/(common|core)|native)/' } },
    { from: from('^electron/core/'), to: NODE },
    { from: from('^electron/core/'), to: npm() },
    // sandbox: itself, common, Node, npm
    { from: from('^electron/sandbox/'), to: { path: '^electron/(common|sandbox)/' } },
    { from: from('^electron/sandbox/'), to: NODE },
    { from: from('^electron/sandbox/'), to: npm() },
    // host: common, core, sandbox, itself, Node, npm
    { from: from('^electron/host/'), to: { path: '^electron/(common|core|sandbox|host)/' } },
    { from: from('^electron/host/'), to: NODE },
    { from: from('^electron/host/'), to: npm() },
    // web shell: common, host, itself, Node, npm
    { from: from('^electron/web-shell/'), to: { path: '^electron/(common|host|web-shell)/' } },
    { from: from('^electron/web-shell/'), to: NODE },
    { from: from('^electron/web-shell/'), to: npm() },
    // electron main: common, host, itself, Node, npm, electron
    { from: from('^electron/electron-main/'), to: { path: '^electron/(common|host|electron-main)/' } },
    { from: from('^electron/electron-main/'), to: NODE },
    { from: from('^electron/electron-main/'), to: npm() },
    { from: from('^electron/electron-main/'), to: ELECTRON },
    // preload: common, itself, electron
    { from: from('^electron/preload/'), to: { path: '^electron/(common|preload)/' } },
    { from: from('^electron/preload/'), to: ELECTRON },
    // renderer: itself, the contract, browser npm packages (never Node, never electron)
    { from: from('^renderer/'), to: { path: '^(renderer/|electron/common/|resources/sounds/)' } },
    { from: from('^renderer/'), to: npm() },
    // Tests, benches, scripts and build config may reach anything.
    { from: from('^(tests|scripts)/'), to: {} },
    { from: from('^[^/]+\\.(ts|js|mjs|cjs)$'), to: {} },
  ],
  allowedSeverity: 'error',
  forbidden: [
    {
      name: 'not-resolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^out/', '^dist/', '^node_modules/', '^test-results/', '^playwright-report/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    extraExtensionsToScan: ['.tsx'],
  },
};
