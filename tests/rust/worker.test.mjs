// The Rust Cloudflare Worker (examples/worker-rust), built by worker-build as
// `wrangler deploy` builds it (scripts/suites/77-worker-rust puts the output
// in target/worker-rust/build), run in workerd on 127.0.0.1: every HTTP case
// of tests/lib/http-cases.mjs (repeated headers arrive joined, as the Fetch
// API joins them, and are refused as malformed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOKEN, checkEndpoint, request, signed } from '../lib/http-cases.mjs';
import { startWorkerd } from '../lib/workerd.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const build = join(root, 'target/worker-rust/build');
const example = join(root, 'examples/worker-rust');

test('Rust Worker (examples/worker-rust): worker-build output runs in workerd', async (t) => {
  assert.ok(existsSync(join(build, 'index.js')), `no ${build}/index.js: run scripts/suites/77-worker-rust`);
  const main = readFileSync(join(build, 'index.js'), 'utf8');
  assert.match(main, /from\s*"\.\/index_bg\.wasm"/, 'the .wasm is imported as a module');
  const worker = await startWorkerd({
    modules: [
      { name: 'index.js', path: join(build, 'index.js'), type: 'esModule' },
      { name: 'index_bg.wasm', path: join(build, 'index_bg.wasm'), type: 'wasm' },
    ],
    bindings: { PLUGIN_TOKEN: TOKEN },
    compatibilityDate: /compatibility_date\s*=\s*"([^"]+)"/.exec(readFileSync(join(example, 'wrangler.toml'), 'utf8'))[1],
  });
  try {
    await t.test('HTTP: every case', async () => assert.ok((await checkEndpoint(worker.url + '/api/hello')) >= 10));
    await t.test('the verified result is the crate\'s serde form', async () => {
      const ok = signed({ version: 7 });
      const res = await request(worker.url + '/api/hello', { headers: [['Referer', ok.referer], ['X-WECHAT-HOSTSIGN', ok.hostsign]] });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json.version, { kind: 'release', number: 7 });
      assert.equal(res.json.tokenIndex, 0);
      assert.ok(Math.abs(res.json.age) <= 2, res.text);
    });
    await t.test('outside /api/: 404', async () => assert.equal((await request(worker.url + '/')).status, 404));
  } finally {
    await worker.stop();
  }
});
