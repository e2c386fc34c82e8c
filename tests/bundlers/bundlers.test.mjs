// Bundlers: esbuild bundles an app importing the package for the browser and
// for workerd (and the edge-light entry as Next.js would, `.wasm?module`),
// Vite builds and serves the browser example; each bundle then runs, in
// headless Chromium or in workerd. The workerd bundles must contain no way
// of compiling wasm from bytes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { sign } from 'wechat-hostsign';
import { openChromium } from '../lib/chromium.mjs';
import { serveStatic } from '../lib/static.mjs';
import { startWorkerd } from '../lib/workerd.mjs';
import { forbiddenWasmCompile } from '../lib/forbidden.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'hostsign-bundlers-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const A = 'wx0123456789abcdef';

let browser;
after(() => browser?.close());
async function chromium() {
  browser ??= await openChromium();
  return browser;
}

/** Loads examples/browser/index.html with `bundle` as app.bundle.js, fills the form, returns the output text. */
async function runBrowserExample(bundleCode, extra = {}) {
  const html = readFileSync(join(root, 'examples/browser/index.html'), 'utf8');
  const server = await serveStatic({
    '/index.html': { type: 'text/html; charset=utf-8', body: html },
    '/app.bundle.js': { type: 'text/javascript', body: bundleCode },
    ...extra,
  });
  const { page, errors } = await chromium();
  errors.length = 0;
  try {
    await page.goto(server.url + '/index.html');
    const results = [];
    const s = sign({ appid: A, token: 'browser-token' });
    for (const [token, hostsign] of [['browser-token', s.hostsign], ['wrong-token', s.hostsign], ['browser-token', '{}']]) {
      await page.fill('input[name=referer]', s.referer);
      await page.fill('input[name=hostsign]', hostsign);
      await page.fill('input[name=token]', token);
      await page.evaluate(() => (document.querySelector('output').textContent = ''));
      await page.click('button');
      await page.waitForFunction(() => document.querySelector('output').textContent !== '');
      results.push(await page.textContent('output'));
    }
    assert.deepEqual(errors, [], 'no page errors');
    return results;
  } finally {
    await server.close();
  }
}

function checkBrowserResults(results) {
  assert.equal(results[0], `OK ${A}`);
  assert.match(results[1], /^BAD_SIGNATURE: /);
  assert.match(results[2], /^UNSIGNED: /);
}

test('esbuild → browser: examples/browser/app.js bundled, runs in Chromium', async () => {
  const out = await build({
    entryPoints: [join(root, 'examples/browser/app.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(out.metafile.inputs);
  assert.ok(inputs.some((p) => p.endsWith('pkg/dist/default.js')), 'the browser gets the default entry');
  const code = out.outputFiles[0].text;
  assert.ok(!/import\.meta\.url/.test(code), 'no import.meta.url in the bundle');
  checkBrowserResults(await runBrowserExample(code));
});

async function runWorker(code, wasmName, wasmPath) {
  assert.deepEqual(forbiddenWasmCompile(code), [], 'the bundle compiles no wasm from bytes');
  const dir = mkdtempSync(join(tmp, 'w-'));
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 'worker.js'), code);
  const worker = await startWorkerd({
    modules: [
      { name: 'worker.js', path: join(dir, 'worker.js'), type: 'esModule' },
      { name: wasmName, path: wasmPath, type: 'wasm' },
    ],
  });
  try {
    const s = await (await fetch(worker.url + '/sign?token=T')).json();
    const ok = await fetch(worker.url + '/?token=T', { headers: s.headers });
    assert.equal(ok.status, 200, worker.logs());
    assert.equal((await ok.json()).appid, A);
    const forged = await fetch(worker.url + '/?token=other', { headers: s.headers });
    assert.equal(forged.status, 401);
    assert.equal((await forged.json()).code, 'BAD_SIGNATURE');
  } finally {
    await worker.stop();
  }
}

test('esbuild → workerd: bundled with wrangler\'s conditions, the .wasm a module, runs in workerd', async () => {
  const out = await build({
    entryPoints: [join(root, 'tests/bundlers/worker-app.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    external: ['*.wasm'],
    write: false,
    metafile: true,
    logLevel: 'warning',
  });
  assert.ok(Object.keys(out.metafile.inputs).some((p) => p.endsWith('pkg/dist/workerd.js')), 'workerd gets the workerd entry');
  const code = out.outputFiles[0].text;
  assert.match(code, /from\s*"\.\/wechat_hostsign_bg\.wasm"/);
  await runWorker(code, 'wechat_hostsign_bg.wasm', join(root, 'pkg/dist/wechat_hostsign_bg.wasm'));
});

test('esbuild → edge-light (as Next.js bundles it: `.wasm?module`), runs in workerd', async () => {
  const out = await build({
    entryPoints: [join(root, 'tests/bundlers/worker-app.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['edge-light', 'worker', 'browser'],
    external: ['*.wasm?module'],
    write: false,
    metafile: true,
    logLevel: 'warning',
  });
  assert.ok(Object.keys(out.metafile.inputs).some((p) => p.endsWith('pkg/dist/edge-light.js')), 'edge-light gets its entry');
  const code = out.outputFiles[0].text;
  assert.match(code, /from\s*"\.\/wechat_hostsign_bg\.wasm\?module"/);
  await runWorker(code, 'wechat_hostsign_bg.wasm?module', join(root, 'pkg/dist/wechat_hostsign_bg.wasm'));
});

test('the workerd and edge-light entries themselves contain no compile-from-bytes', () => {
  // (The entries are self-contained bundles: the API and the glue are inside them.)
  for (const f of ['workerd.js', 'edge-light.js', 'hono.js', 'middleware.js']) {
    assert.deepEqual(forbiddenWasmCompile(readFileSync(join(root, 'pkg/dist', f), 'utf8')), [], f);
  }
  // And the check itself finds what it must.
  assert.notDeepEqual(forbiddenWasmCompile(readFileSync(join(root, 'pkg/dist/default.js'), 'utf8')), []);
});

test('Vite build → browser: examples/browser/app.js, runs in Chromium', async () => {
  const { build: viteBuild } = await import('vite');
  const outDir = join(tmp, 'vite-build');
  await viteBuild({
    root: join(root, 'examples/browser'),
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      rollupOptions: { input: join(root, 'examples/browser/app.js'), output: { entryFileNames: 'app.bundle.js', format: 'es' } },
    },
  });
  checkBrowserResults(await runBrowserExample(readFileSync(join(outDir, 'app.bundle.js'), 'utf8')));
});

test('Vite dev server (its dependency pre-bundler) → browser: examples/browser/app.js runs in Chromium', async () => {
  const { createServer } = await import('vite');
  const html = readFileSync(join(root, 'examples/browser/index.html'), 'utf8').replace('./app.bundle.js', '/app.js');
  const server = await createServer({
    root: join(root, 'examples/browser'),
    configFile: false,
    logLevel: 'warn',
    cacheDir: join(tmp, 'vite-cache'),
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
    optimizeDeps: { include: ['wechat-hostsign'] },
    plugins: [
      {
        name: 'example-page',
        configureServer(s) {
          s.middlewares.use('/favicon.ico', (req, res) => res.end());
          s.middlewares.use('/page.html', async (req, res) => {
            res.setHeader('content-type', 'text/html; charset=utf-8');
            res.end(await s.transformIndexHtml('/page.html', html));
          });
        },
      },
    ],
  });
  await server.listen();
  try {
    const url = server.resolvedUrls.local[0].replace(/\/$/, '');
    const { page, errors } = await chromium();
    errors.length = 0;
    await page.goto(url + '/page.html');
    const s = sign({ appid: A, token: 'vite-token' });
    await page.fill('input[name=referer]', s.referer);
    await page.fill('input[name=hostsign]', s.hostsign);
    await page.fill('input[name=token]', 'vite-token');
    await page.click('button');
    await page.waitForFunction(() => document.querySelector('output').textContent !== '');
    assert.equal(await page.textContent('output'), `OK ${A}`);
    assert.deepEqual(errors, []);
  } finally {
    await server.close();
  }
});
