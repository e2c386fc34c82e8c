// Stryker's buildCommand (mutants/stryker.config.mjs): builds pkg/ inside the
// sandbox from its instrumented pkg-template/src, the way scripts/build does
// (scripts/lib/assemble.mjs), and gives the sandbox a node_modules of its own
// in which `wechat-hostsign` is the sandbox's pkg/ and every other package is
// a link to the project's. Without that the tests would import the project's
// unmutated pkg/ and every mutant would survive.
//
// The wasm and its glue are not rebuilt: they come from the project's last
// `scripts/build` (target/wasm-bindgen, pkg/dist/*.wasm).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const sandbox = process.cwd();
// The sandbox is <project>/target/stryker-tmp/<sandbox-…>/.
const project = resolve(process.env.MUTANTS_PROJECT_ROOT ?? join(sandbox, '../../..'));
const die = (msg) => {
  console.error(`stryker-build: ${msg}`);
  process.exit(1);
};
if (!existsSync(join(project, 'pkg-template/src/api.js')) || project === sandbox) die(`no project at ${project}`);

// 1. node_modules: links to the project's packages, and wechat-hostsign → ./pkg.
const modules = join(sandbox, 'node_modules');
rmSync(modules, { recursive: true, force: true });
mkdirSync(modules);
for (const name of readdirSync(join(project, 'node_modules'))) {
  if (name === 'wechat-hostsign' || name.startsWith('.package-lock')) continue;
  symlinkSync(join(project, 'node_modules', name), join(modules, name));
}
symlinkSync('../pkg', join(modules, 'wechat-hostsign'));

// 2. The wasm build's outputs, then assemble.mjs over the mutated sources.
const wb = join(sandbox, 'target/wasm-bindgen');
mkdirSync(wb, { recursive: true });
mkdirSync(join(sandbox, 'pkg/dist'), { recursive: true });
for (const f of ['wechat_hostsign_bg.js', 'reasons.js']) {
  const from = join(project, 'target/wasm-bindgen', f);
  if (!existsSync(from)) die(`${from} is missing: run scripts/build first`);
  copyFileSync(from, join(wb, f));
}
copyFileSync(join(project, 'pkg/dist/wechat_hostsign_bg.wasm'), join(sandbox, 'pkg/dist/wechat_hostsign_bg.wasm'));
// The sandbox has no Cargo workspace: the version comes from the project's pkg/.
const version = JSON.parse(readFileSync(join(project, 'pkg/package.json'), 'utf8')).version;
execFileSync(process.execPath, [join(sandbox, 'scripts/lib/assemble.mjs')], {
  cwd: sandbox,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, ASSEMBLE_VERSION: version },
});

// 3. Check that what the tests load is the instrumented code, from here.
const resolved = realpathSync(join(modules, 'wechat-hostsign'));
if (resolved !== join(sandbox, 'pkg')) die(`wechat-hostsign resolves to ${resolved}`);
// Every instrumented source must show up in the files that bundle or copy it.
const instrumented = (file) => readFileSync(file, 'utf8').includes('stryMutAct_');
// (api.js and its modules, cache.js, headers.js: bundled into the core's entries; middleware.js:
// its copy; each .cjs bundle keeps only the parts it uses.)
const core = ['node.js', 'node.cjs', 'default.js'];
const shipped = {
  'api.js': core,
  'results.js': core,
  'options.js': core,
  'request-headers.js': core,
  'engine.js': core,
  'verifier.js': core,
  'cache.js': core,
  'headers.js': core,
  'middleware.js': ['middleware.js'],
};
let checked = 0;
for (const src of readdirSync(join(sandbox, 'pkg-template/src'))) {
  if (!instrumented(join(sandbox, 'pkg-template/src', src))) continue;
  for (const out of shipped[src] ?? [src, src.replace(/\.js$/, '.cjs')]) {
    if (!instrumented(join(sandbox, 'pkg/dist', out))) die(`pkg/dist/${out} does not contain the instrumented ${src}`);
    checked++;
  }
}
if (checked === 0) console.error('stryker-build: no instrumented source in pkg-template/src (no mutant in the range?)');
