// The examples, run as their users run them, over real HTTP on 127.0.0.1:
// every Node framework (examples/node), Deno, Bun, and the Cloudflare Worker
// (examples/worker, bundled by wrangler itself, run in workerd). Also one
// WebSocket upgrade accepted and one refused, in Node (ws) and in workerd.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { TOKEN, APPID, checkEndpoint, signed } from '../lib/http-cases.mjs';
import { startServer } from '../lib/process.mjs';
import { startWorkerd } from '../lib/workerd.mjs';
import { forbiddenWasmCompile } from '../lib/forbidden.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (n) => join(root, 'node_modules/.bin', n);
const env = { PLUGIN_TOKEN: TOKEN, PORT: '0' };

const SERVERS = {
  'node:http (examples/node/http.mjs)': [process.execPath, ['examples/node/http.mjs']],
  'Express (examples/node/express.mjs)': [process.execPath, ['examples/node/express.mjs']],
  'Express by require() (examples/node/express.cjs)': [process.execPath, ['examples/node/express.cjs']],
  'Connect (examples/node/connect.mjs)': [process.execPath, ['examples/node/connect.mjs']],
  'Koa (examples/node/koa.mjs)': [process.execPath, ['examples/node/koa.mjs']],
  'Fastify (examples/node/fastify.mjs)': [process.execPath, ['examples/node/fastify.mjs']],
  'Hono on Node (examples/node/hono.mjs)': [process.execPath, ['examples/node/hono.mjs']],
  'Deno (examples/deno/main.ts)': [bin('deno'), ['run', '--no-prompt', '--allow-net=127.0.0.1', '--allow-env=PLUGIN_TOKEN,PORT', 'examples/deno/main.ts']],
  'Bun (examples/bun/server.js)': [bin('bun'), ['run', 'examples/bun/server.js']],
};

for (const [name, [cmd, args]] of Object.entries(SERVERS)) {
  test(name, async () => {
    const server = await startServer(cmd, args, { env, cwd: root });
    try {
      assert.ok((await checkEndpoint(server.url + '/api/hello')) >= 10);
    } finally {
      await server.stop();
    }
  });
}

/** Opens a WebSocket with these headers: { opened: message } or { status, body } when refused. */
function connect(url, headers) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('message', (data) => {
      ws.close();
      resolve({ opened: JSON.parse(String(data)) });
    });
    ws.once('unexpected-response', (req, res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(body || 'null') }));
    });
    ws.once('error', reject);
  });
}

async function checkWebSocket(wsUrl) {
  const ok = signed();
  const accepted = await connect(wsUrl, { Referer: ok.referer, 'X-WECHAT-HOSTSIGN': ok.hostsign });
  assert.deepEqual(accepted, { opened: { appid: APPID } });
  const refused = await connect(wsUrl, { Referer: ok.referer, 'X-WECHAT-HOSTSIGN': signed({ token: 'forged' }).hostsign });
  assert.equal(refused.status, 401);
  assert.equal(refused.body.error, 'BAD_SIGNATURE');
  const missing = await connect(wsUrl, {});
  assert.equal(missing.status, 401);
  assert.equal(missing.body.error, 'MISSING_REFERER');
}

test('WebSocket upgrade in Node (examples/node/websocket.mjs, ws): one accepted, others refused', async () => {
  const server = await startServer(process.execPath, ['examples/node/websocket.mjs'], { env, cwd: root });
  try {
    await checkWebSocket(server.url.replace('http:', 'ws:') + '/socket');
  } finally {
    await server.stop();
  }
});

test('Cloudflare Worker (examples/worker): wrangler bundles it as it is, workerd runs it', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'hostsign-worker-'));
  try {
    // wrangler 4 wants Node 22; Bun (a dev dependency) runs it on any machine.
    await promisify(execFile)(bin('bun'), [join(root, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', out], {
      cwd: join(root, 'examples/worker'),
      env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    });
    const files = readdirSync(out);
    const main = files.find((f) => f.endsWith('.js'));
    const wasm = files.filter((f) => f.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `one .wasm module in ${files}`);
    const code = readFileSync(join(out, main), 'utf8');
    assert.deepEqual(forbiddenWasmCompile(code), [], 'the bundled Worker compiles no wasm from bytes');
    assert.ok(code.includes(`from "./${wasm[0]}"`), 'the .wasm is imported as a module');
    const worker = await startWorkerd({
      modules: [
        { name: main, path: join(out, main), type: 'esModule' },
        { name: wasm[0], path: join(out, wasm[0]), type: 'wasm' },
      ],
      bindings: { PLUGIN_TOKEN: TOKEN },
      compatibilityDate: /compatibility_date\s*=\s*"([^"]+)"/.exec(readFileSync(join(root, 'examples/worker/wrangler.toml'), 'utf8'))[1],
    });
    try {
      await t.test('HTTP: every case', async () => assert.ok((await checkEndpoint(worker.url + '/api/hello')) >= 10));
      await t.test('WebSocket upgrade: one accepted, others refused', () => checkWebSocket(worker.url.replace('http:', 'ws:') + '/api/socket'));
    } finally {
      await worker.stop();
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
