// examples/egg: Egg 3 as `npm init egg -- --type=simple` makes it
// (CommonJS), and examples/egg4: an Egg 4 app (ES modules); each with its
// own package.json and lockfile, installed in a copy under target/ with the
// packed package. The middleware file is one line (wechat-hostsign/egg),
// configured the Egg way (config.hostsign = { match: '/api', token }), over
// real HTTP: every case on a GET, and a plugin's POST, which Egg's CSRF check
// (on by default) would refuse with 403 before the middleware runs unless
// config.security.csrf ignores /api, as the docs show: a signed POST → 200,
// an unsigned or forged one → 401 from the middleware, and a POST outside
// /api still meets the CSRF check (403). Egg 3's app is linted with its own
// `npm run lint` (eslint-config-egg) and started with its own egg-scripts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TOKEN, APPID, checkEndpoint, request, signed } from '../lib/http-cases.mjs';
import { installApp } from '../lib/app.mjs';
import { startServer } from '../lib/process.mjs';

/** A free port on 127.0.0.1 (egg-scripts takes a port, not 0). */
function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** POSTs as a plugin's wx.request does: JSON body, the two headers, no cookie. */
async function checkPost(url) {
  const body = JSON.stringify({ hello: 'egg' });
  const json = [['Content-Type', 'application/json'], ['Content-Length', String(Buffer.byteLength(body))]];
  const ok = await request(url + '/api/hello', { method: 'POST', headers: [...signed().pairs, ...json], body });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.json, { appid: APPID, received: { hello: 'egg' } });
  const forged = await request(url + '/api/hello', { method: 'POST', headers: [...signed({ token: 'forged' }).pairs, ...json], body });
  assert.equal(forged.status, 401, forged.text);
  assert.equal(forged.json.error, 'BAD_SIGNATURE');
  const unsigned = await request(url + '/api/hello', { method: 'POST', headers: json, body });
  assert.equal(unsigned.status, 401, unsigned.text);
  assert.equal(unsigned.json.error, 'MISSING_REFERER');
  // Outside /api, Egg's CSRF check is still on.
  const open = await request(url + '/open', { method: 'POST', headers: json, body });
  assert.equal(open.status, 403, open.text);
}

test("Egg 3 as scaffolded (CommonJS): npm run lint, egg-scripts start; config.hostsign = { match: '/api', token }, every case, a plugin's POST past the CSRF check", { timeout: 300_000 }, async () => {
  const dir = installApp('egg');
  await promisify(execFile)('npm', ['run', 'lint', '--silent'], { cwd: dir });
  const port = await freePort();
  const server = await startServer(join(dir, 'node_modules/.bin/egg-scripts'), ['start', `--port=${port}`, '--workers=1', '--title=egg-server-egg-test', '--env=prod'], {
    cwd: dir,
    env: { PLUGIN_TOKEN: TOKEN },
    timeout: 120_000,
    ready: /egg started on (http:\/\/127\.0\.0\.1:\d+)|egg started on http:\/\/[^:]+:(\d+)/,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    assert.ok((await checkEndpoint(url + '/api/hello')) >= 12);
    await checkPost(url);
    const open = await request(url + '/open');
    assert.deepEqual([open.status, open.json], [200, { public: true }]);
  } finally {
    await server.stop();
    await promisify(execFile)(join(dir, 'node_modules/.bin/egg-scripts'), ['stop', '--title=egg-server-egg-test'], { cwd: dir }).catch(() => {});
  }
});

test("Egg 4 (ES modules): config.hostsign = { match: '/api', token }, every case, a plugin's POST past the CSRF check; other paths open", async () => {
  const dir = installApp('egg4');
  const server = await startServer(process.execPath, ['server.js'], { cwd: dir, env: { PLUGIN_TOKEN: TOKEN, PORT: '0', EGG_SERVER_ENV: 'prod' } });
  try {
    assert.ok((await checkEndpoint(server.url + '/api/hello')) >= 12);
    await checkPost(server.url);
    const open = await request(server.url + '/open');
    assert.equal(open.status, 200);
    assert.deepEqual(open.json, { public: true });
  } finally {
    await server.stop();
  }
});
