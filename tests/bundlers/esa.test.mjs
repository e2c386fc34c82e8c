// Alibaba Cloud ESA (examples/esa): the edge routine bundled offline by
// esa-cli's own production build (the function `esa-cli commit` bundles
// with, before it uploads: esbuild, platform "browser"), from the packed
// package installed in a copy under target/examples/esa. Checks the entry it
// picks (`default`: the wasm inlined, compiled from bytes on first use), the
// bundle's size against the platforms' limits (Volcengine 2 MB per file,
// EdgeOne 5 MB per package), and runs the bundle in Node and in Deno: a
// signed request → 200, forged and unsigned → 401 with the code. Whether
// ESA's own isolates allow compiling wasm from bytes is not known here
// (docs/platforms.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { installApp } from '../lib/app.mjs';
import { TOKEN, APPID, signed } from '../lib/http-cases.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** What the bundle answers, as JSON lines: [status, body] for a signed, a forged and an unsigned request. */
const PROBE = (bundle, cases) => `
  const { default: routine } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
  const out = [];
  for (const headers of ${JSON.stringify(cases)}) {
    const res = await routine.fetch(new Request('https://example.com/api/hello', { headers }), { PLUGIN_TOKEN: ${JSON.stringify(TOKEN)} });
    out.push([res.status, await res.json()]);
  }
  console.log(JSON.stringify(out));
`;

test('ESA: esa-cli builds the routine offline with the default entry, small enough, and it verifies in Node and Deno', { timeout: 300_000 }, async () => {
  const dir = installApp('esa');
  const build = join(dir, 'node_modules/esa-cli/dist/commands/commit/prodBuild.js');
  await run(process.execPath, ['--input-type=module', '-e', `const { default: b } = await import(${JSON.stringify(pathToFileURL(build).href)}); await b(false, 'src/index.js', 'out');`], { cwd: dir });
  const bundle = join(dir, 'out/.dev/pub.js');
  const code = readFileSync(bundle, 'utf8');
  // The `default` entry: the wasm inlined as base64, no .wasm file to import.
  assert.ok(code.includes('"AGFzbQ'), 'the wasm is inlined');
  assert.doesNotMatch(code, /wechat_hostsign_bg\.wasm/);
  const size = statSync(bundle).size;
  assert.ok(size < 2 * 1024 * 1024 && size < 5 * 1024 * 1024, `${size} bytes`);
  console.log(`esa bundle: ${size} bytes`);

  const s = signed();
  const cases = [
    { referer: s.referer, 'x-wechat-hostsign': s.hostsign },
    { referer: s.referer, 'x-wechat-hostsign': signed({ token: 'forged' }).hostsign },
    { referer: s.referer, 'x-wechat-hostsign': '{}' },
  ];
  const expected = [
    [200, { appid: APPID }],
    [401, 'BAD_SIGNATURE'],
    [401, 'UNSIGNED'],
  ];
  const check = (stdout, where) => {
    const got = JSON.parse(stdout.trim().split('\n').at(-1)).map(([status, body]) => [status, status === 200 ? body : body.error]);
    assert.deepEqual(got, expected, where);
  };
  check((await run(process.execPath, ['--input-type=module', '-e', PROBE(bundle, cases)], { cwd: dir })).stdout, 'Node');
  const deno = join(root, 'node_modules/.bin/deno');
  check((await run(deno, ['eval', '--no-check', PROBE(bundle, cases)], { cwd: dir, env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' } })).stdout, 'Deno');
});
