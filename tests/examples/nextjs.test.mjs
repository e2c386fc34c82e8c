// examples/nextjs: create-next-app's output (its package.json, lockfile,
// tsconfig with `strict: true`, eslint config, next.config.ts with
// cacheComponents) plus the files docs/frameworks.md shows, installed in a
// copy under target/ with the packed package. Linted with its own `eslint`,
// built with `next build` (Turbopack, with the type check of its own
// tsconfig) without the token, as CI builds, then served by `next start` on
// 127.0.0.1: the nodejs route handler and a route behind src/proxy.ts answer
// every case (signed → 200, tampered, unsigned, expired… → 401 with the code).
// The docs' Next.js snippets are the whole files, so the build's type check
// is the check of each snippet as pasted in the scaffold's tsconfig. A
// variant with cacheComponents off adds an edge route, built by webpack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TOKEN, checkEndpoint } from '../lib/http-cases.mjs';
import { installApp } from '../lib/app.mjs';
import { startServer } from '../lib/process.mjs';
import { forbiddenWasmCompile } from '../lib/forbidden.mjs';
import { PAGES, blocks } from '../lib/transcripts.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

// The build runs without the token (as in CI): the app makes its verifier on first use.
const { PLUGIN_TOKEN: _, ...outside } = process.env;
const buildEnv = { ...outside, NEXT_TELEMETRY_DISABLED: '1', NO_COLOR: '1' };
const env = { ...buildEnv, PLUGIN_TOKEN: TOKEN };
// Next.js builds its Request from Node's req.headers, where Node has kept
// one of two Referer lines: a repeated Referer never reaches the app (a
// repeated X-WECHAT-HOSTSIGN does, joined, and is refused).
const overrides = { 'repeated Referer': 'OK' };

/** Which files of the package the server bundles include ({ entry: [chunk…] }), by their source maps or content. */
function entriesUsed(dir) {
  const used = {};
  const add = (entry, chunk) => (used[entry] ??= []).includes(chunk) || used[entry].push(chunk);
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js.map')) {
        for (const s of JSON.parse(readFileSync(p, 'utf8')).sources ?? []) {
          const m = /wechat-hostsign\/dist\/([\w.-]+\.js)$/.exec(s);
          if (m) add(m[1], p.slice(0, -'.map'.length));
        }
      } else if (e.name.endsWith('.js')) {
        const code = readFileSync(p, 'utf8');
        if (code.includes('"AGFzbQ') && code.includes('node:crypto') && code.includes('HostSignError')) add('node-legacy.js', p);
      }
    }
  };
  walk(join(dir, '.next/server'));
  return used;
}

test('the docs show whole files of examples/nextjs (so the build type-checks each snippet as pasted)', () => {
  let n = 0;
  for (const page of PAGES) {
    for (const b of blocks(readFileSync(join(root, page), 'utf8'))) {
      const from = b.marker?.startsWith('file: examples/nextjs/') && b.marker.slice('file: '.length);
      if (!from) continue;
      assert.equal(b.code.trim(), readFileSync(join(root, from), 'utf8').trim(), `${page}: ${from} is shown whole`);
      n++;
    }
  }
  assert.ok(n >= 6, `${n} snippets`);
});

const dir = installApp('nextjs');
const bin = (name) => join(dir, 'node_modules/.bin', name);
const next = join(dir, 'node_modules/next/dist/bin/next');

test('Next.js as scaffolded (cacheComponents, strict): eslint, next build without the token, next start: every case on the nodejs route and behind src/proxy.ts', { timeout: 600_000 }, async () => {
  await promisify(execFile)(bin('eslint'), [], { cwd: dir, env: buildEnv, maxBuffer: 16 << 20 });
  const build = await promisify(execFile)(process.execPath, [next, 'build'], { cwd: dir, env: buildEnv, maxBuffer: 16 << 20 });
  // Both routes are dynamic (rendered per request), not prerendered at build time.
  assert.match(build.stdout, /\/api\/node\/hello/);
  assert.doesNotMatch(build.stdout + build.stderr, /HostSignError|No token is configured|token is undefined/);
  const used = entriesUsed(dir);
  // The nodejs route and the proxy: a Node entry (bundlers know no `module-sync`: node-legacy.js).
  assert.ok(used['node-legacy.js'] || used['node.js'], JSON.stringify(Object.keys(used)));
  const server = await startServer(process.execPath, [next, 'start', '-p', '0', '-H', '127.0.0.1'], {
    cwd: dir,
    env,
    ready: /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/,
  });
  try {
    for (const route of ['node', 'proxied']) {
      assert.ok((await checkEndpoint(`${server.url}/api/${route}/hello`, { overrides })) >= 12, route);
    }
    // The proxy's own header cannot be forged by the client around it.
    const res = await fetch(`${server.url}/api/proxied/hello`, { headers: { 'x-hostsign-appid': 'wxforged' } });
    assert.equal(res.status, 401);
  } finally {
    await server.stop();
  }
});

// The edge runtime needs cacheComponents off (docs/frameworks.md says so):
// the same app with that one setting changed and an edge route added
// (tests/examples/nextjs-edge/route.ts), built by webpack, so that both of
// Next's bundlers are covered by one build each.
test('Next.js with cacheComponents off, webpack: an edge route uses the edge-light entry, compiles no wasm from bytes, every case', { timeout: 600_000 }, async () => {
  writeFileSync(join(dir, 'next.config.ts'), readFileSync(join(dir, 'next.config.ts'), 'utf8').replace(/\n\s*cacheComponents: true,\n\s*partialPrefetching: true,/, '\n  cacheComponents: false,'));
  assert.match(readFileSync(join(dir, 'next.config.ts'), 'utf8'), /cacheComponents: false/);
  mkdirSync(join(dir, 'src/app/api/edge/hello'), { recursive: true });
  copyFileSync(join(root, 'tests/examples/nextjs-edge/route.ts'), join(dir, 'src/app/api/edge/hello/route.ts'));
  await promisify(execFile)(process.execPath, [next, 'build', '--webpack'], { cwd: dir, env: buildEnv, maxBuffer: 16 << 20 });
  const used = entriesUsed(dir);
  assert.ok(used['edge-light.js']?.length, `the edge route uses the edge-light entry: ${JSON.stringify(Object.keys(used))}`);
  for (const chunk of used['edge-light.js']) {
    assert.deepEqual(forbiddenWasmCompile(readFileSync(chunk, 'utf8')), [], `${chunk} compiles no wasm from bytes`);
  }
  const server = await startServer(process.execPath, [next, 'start', '-p', '0', '-H', '127.0.0.1'], {
    cwd: dir,
    env,
    ready: /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/,
  });
  try {
    for (const route of ['edge', 'node', 'proxied']) {
      assert.ok((await checkEndpoint(`${server.url}/api/${route}/hello`, { overrides })) >= 12, route);
    }
  } finally {
    await server.stop();
  }
});
