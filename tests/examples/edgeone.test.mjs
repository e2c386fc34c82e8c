// examples/edgeone: a Tencent EdgeOne Pages project with a Node Function,
// installed in a copy under target/ with the packed package and served by
// the edgeone CLI itself (`edgeone pages dev`, offline: a dummy token, no
// env sync, the API region given so that it asks no server, and a clean
// environment with a .env, since without one the CLI copies the whole
// environment into its bundle). Every case over HTTP. A Node-based host: the
// Request is built from Node's req.headers, where a repeated Referer is
// already one (docs/platforms.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOKEN, APPID, checkEndpoint, signed } from '../lib/http-cases.mjs';
import { installApp } from '../lib/app.mjs';
import { startServer } from '../lib/process.mjs';

const overrides = { 'repeated Referer': 'OK' };
const root = fileURLToPath(new URL('../..', import.meta.url));
let dir;

/** Ends the processes the CLI left running in the app's folder (its dev runners), by their ids. */
function endLeftovers(dir) {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cwd;
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      continue;
    }
    if (cwd === dir || cwd.startsWith(dir + '/')) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {}
    }
  }
}

test('EdgeOne Pages Node Functions under edgeone pages dev: every case (and the Edge Functions compiled)', { timeout: 300_000 }, async () => {
  dir = installApp('edgeone');
  writeFileSync(join(dir, '.env'), `PLUGIN_TOKEN=${TOKEN}\n`);
  const home = mkdtempSync(join(tmpdir(), 'hostsign-edgeone-home-'));
  // A clean environment: `env -i` (it execs the CLI, so stopping it stops the CLI).
  const server = await startServer('env', ['-i', `PATH=${process.env.PATH}`, `HOME=${home}`, 'EDGEONE_PAGES_API_REGION=china', 'NO_COLOR=1', join(dir, 'node_modules/.bin/edgeone'), 'pages', 'dev', '--token', 'dummy', '--skip-env-sync'], {
    cwd: dir,
    timeout: 180_000,
    ready: /Running at: (http:\/\/localhost:\d+)/,
  });
  try {
    const url = server.url.replace('localhost', '127.0.0.1') + '/api/hello';
    // The front server answers 502 until the Node Functions runner is up.
    for (let i = 0; i < 120 && (await fetch(url).then((r) => r.status, () => 502)) === 502; i++) await new Promise((r) => setTimeout(r, 500));
    assert.ok((await checkEndpoint(url, { overrides })) >= 12);
  } finally {
    await server.stop();
    endLeftovers(dir);
    rmSync(home, { recursive: true, force: true });
  }
});

// The Edge Function: `edgeone pages dev` compiles it offline into
// .edgeone/edge-functions/index.js (running it needs Tencent's online debug
// service). The bundle is a service worker (addEventListener('fetch')); it
// is run here in Node and in Deno with a fetch event, the entry it picked
// and its size checked.
const PROBE = (bundle, cases) => `
  let handler;
  globalThis.addEventListener = (type, f) => { if (type === 'fetch') handler ??= f; };
  await import(${JSON.stringify('BUNDLE')});
  const out = [];
  for (const headers of ${JSON.stringify(cases)}) {
    let response;
    handler({ request: new Request('https://example.com/api/edge', { headers }), respondWith: (p) => (response = p), waitUntil() {} });
    const res = await response;
    out.push([res.status, await res.json()]);
  }
  console.log(JSON.stringify(out));
`.replace('"BUNDLE"', JSON.stringify(pathToFileURL(bundle).href));

test('EdgeOne Edge Functions: the CLI bundles offline with the default entry, under 5 MB, and the bundle verifies in Node and Deno', { timeout: 120_000 }, async () => {
  const bundle = join(dir, '.edgeone/edge-functions/index.js');
  assert.ok(existsSync(bundle), 'edgeone pages dev compiled the edge functions');
  const code = readFileSync(bundle, 'utf8');
  assert.ok(code.includes('"AGFzbQ'), 'the default entry: the wasm inlined');
  assert.doesNotMatch(code, /wechat_hostsign_bg\.wasm/);
  // The CLI writes the .env's variables into the bundle as the functions' env.
  assert.ok(code.includes(`"PLUGIN_TOKEN":${JSON.stringify(TOKEN)}`));
  const size = statSync(bundle).size;
  assert.ok(size < 5 * 1024 * 1024, `${size} bytes`);
  console.log(`edgeone edge-functions bundle: ${size} bytes`);
  const s = signed();
  const cases = [
    { referer: s.referer, 'x-wechat-hostsign': s.hostsign },
    { referer: s.referer, 'x-wechat-hostsign': signed({ token: 'forged' }).hostsign },
    { referer: s.referer, 'x-wechat-hostsign': '{}' },
  ];
  const expected = [[200, APPID], [401, 'BAD_SIGNATURE'], [401, 'UNSIGNED']];
  const check = (stdout, where) => {
    const got = JSON.parse(stdout.trim().split('\n').at(-1)).map(([status, body]) => [status, body.appid ?? body.error]);
    assert.deepEqual(got, expected, where);
  };
  const run = promisify(execFile);
  check((await run(process.execPath, ['--input-type=module', '-e', PROBE(bundle, cases)], { cwd: dir })).stdout, 'Node');
  const deno = join(root, 'node_modules/.bin/deno');
  check((await run(deno, ['eval', '--no-check', PROBE(bundle, cases)], { cwd: dir, env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' } })).stdout, 'Deno');
});
