// Stryker over the JavaScript layer (pkg-template/src): the API (api.js and
// the modules it gathers: results, options, request-headers, engine and
// verifier; with its pair cache and joined-header rule) and the framework
// middleware. Not the CLI and playground helpers (cli.js, explain.js,
// paste.js, i18n.js) nor the per-runtime loaders, which tests/cli and the
// runtime suites cover. Run it
// with `scripts/mutants js`, which checks the survivors against
// mutants/equivalent.md; docs/testing-mutants.md explains.
//
// The tests import the BUILT package by name (node_modules/wechat-hostsign →
// pkg/), so the sandbox is built like the real package: mutants/stryker-build.mjs
// bundles the instrumented sources with scripts/lib/assemble.mjs and points the
// sandbox's own node_modules/wechat-hostsign at the sandbox's pkg/. Mutants are
// switched on at run time (mutant schemata), so that build runs once.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [
    'pkg-template/src/api.js',
    'pkg-template/src/results.js',
    'pkg-template/src/options.js',
    'pkg-template/src/request-headers.js',
    'pkg-template/src/engine.js',
    'pkg-template/src/verifier.js',
    'pkg-template/src/cache.js',
    'pkg-template/src/headers.js',
    'pkg-template/src/middleware.js',
    'pkg-template/src/hono.js',
    'pkg-template/src/express.js',
    'pkg-template/src/koa.js',
    'pkg-template/src/fastify.js',
    'pkg-template/src/nestjs.js',
    'pkg-template/src/egg.js',
  ],
  // node:test files, one process each (the TAP runner), with per-file
  // coverage: a mutant runs only the files that execute it.
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  tap: {
    testFiles: [
      'tests/js/*.test.mjs',
      'tests/js/*.test.cjs',
      'tests/middleware/middleware.test.mjs',
      'tests/middleware/require.test.cjs',
      'tests/middleware/demo-server.test.mjs',
      'tests/middleware/decisions.test.mjs',
      'tests/middleware/onerror.test.mjs',
      'tests/middleware/options.test.mjs',
      // NestJS and Egg: their real apps (tests/examples) take minutes each;
      // this one calls the adapters directly.
      'tests/middleware/adapters.test.mjs',
      'tests/middleware/express-decisions.test.mjs',
      'tests/middleware/locale.test.mjs',
      // Fault injection (issue 23): what kills the mutants of the fault
      // handling in engine.js (busy, the rebuild of slots) and options.js
      // (the option copies).
      'tests/faults/*.test.mjs',
      // Not hono-runtimes.test.mjs: Deno and Bun in child processes, slow,
      // and the middleware logic is the same as in Node.
    ],
    nodeArgs: ['--test-reporter=tap', '-r', '{{hookFile}}', '{{testFile}}'],
    forceBail: true,
  },
  coverageAnalysis: 'perTest',
  buildCommand: 'node mutants/stryker-build.mjs',
  // The build makes node_modules itself (see above).
  symlinkNodeModules: false,
  // Copy only what the build and the tests read (not target/, fuzz/, …).
  ignorePatterns: [
    '/*',
    '!/package.json',
    '!/pkg-template',
    '!/scripts',
    '!/tests',
    '!/www',
    '!/mutants',
    // assemble.mjs ships them in pkg/.
    '!/LICENSE-MIT',
    '!/LICENSE-APACHE',
  ],
  tempDirName: 'target/stryker-tmp',
  cleanTempDir: 'always',
  reporters: ['json', 'html', 'clear-text', 'progress'],
  jsonReporter: { fileName: 'target/stryker/mutation.json' },
  htmlReporter: { fileName: 'target/stryker/mutation.html' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  // The machine is shared: a slow moment must not read as a timeout.
  timeoutMS: 20000,
  concurrency: 2,
  thresholds: { high: 95, low: 90, break: null },
};
