// examples/nextjs: a Next.js 16 app (its own package.json and lockfile),
// installed in a copy under target/ with the packed package, built with
// `next build` by Turbopack and by webpack, each served by `next start` on
// 127.0.0.1: route handlers on the nodejs and the edge runtime and a route
// behind proxy.ts answer every case (signed → 200, tampered, unsigned,
// expired… → 401 with the code). The app's tsconfig is the one Next writes
// (`strict: false`), so the build also type-checks README's pattern there.
// The edge route's bundle uses the `edge-light` entry and compiles no wasm
// from bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TOKEN, checkEndpoint } from '../lib/http-cases.mjs';
import { installApp } from '../lib/app.mjs';
import { startServer } from '../lib/process.mjs';
import { forbiddenWasmCompile } from '../lib/forbidden.mjs';

// The build runs without the token (as in CI): the app makes its verifier on first use.
const { PLUGIN_TOKEN: _, ...outside } = process.env;
const buildEnv = { ...outside, NEXT_TELEMETRY_DISABLED: '1', NO_COLOR: '1' };
const env = { ...buildEnv, PLUGIN_TOKEN: TOKEN };
// Next.js builds its Request from Node's req.headers, where Node has kept
// one of two Referer lines: a repeated Referer never reaches the app (a
// repeated X-WECHAT-HOSTSIGN does, joined, and is refused).
const overrides = { 'repeated Referer': 'OK' };

/**
 * Which entries of the package the server bundles were built from: {
 * 'edge-light.js': [chunk…], … }, by their source maps, or else (webpack's
 * server chunks have none) by what node-legacy.js alone contains: the
 * inlined wasm and node:crypto.
 */
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

const dir = installApp('nextjs');
const next = join(dir, 'node_modules/next/dist/bin/next');

for (const bundler of ['turbopack', 'webpack']) {
  test(`Next.js 16, ${bundler}: next build, next start, every case on nodejs, edge and proxy.ts`, { timeout: 300_000 }, async () => {
    await promisify(execFile)(process.execPath, [next, 'build', `--${bundler}`], { cwd: dir, env: buildEnv, maxBuffer: 16 << 20 });
    const used = entriesUsed(dir);
    assert.ok(used['edge-light.js']?.length, `the edge route uses the edge-light entry: ${JSON.stringify(Object.keys(used))}`);
    for (const chunk of used['edge-light.js']) {
      assert.deepEqual(forbiddenWasmCompile(readFileSync(chunk, 'utf8')), [], `${chunk} compiles no wasm from bytes`);
    }
    // The nodejs route and proxy.ts: a Node entry (bundlers know no `module-sync`: node-legacy.js).
    assert.ok(used['node-legacy.js']?.length || used['node.js']?.length, JSON.stringify(Object.keys(used)));
    const server = await startServer(process.execPath, [next, 'start', '-p', '0', '-H', '127.0.0.1'], {
      cwd: dir,
      env,
      ready: /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/,
    });
    try {
      for (const route of ['node', 'edge', 'proxied']) {
        assert.ok((await checkEndpoint(`${server.url}/api/${route}/hello`, { overrides })) >= 12, route);
      }
      // The proxy's own header cannot be forged by the client around it.
      const res = await fetch(`${server.url}/api/proxied/hello`, { headers: { 'x-hostsign-appid': 'wxforged' } });
      assert.equal(res.status, 401);
    } finally {
      await server.stop();
    }
  });
}
