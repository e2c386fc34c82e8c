// examples/egg: an Egg 4 app (its own package.json and lockfile), installed
// in a copy under target/ with the packed package, started in one process:
// the middleware file is one line (wechat-hostsign/egg), configured the Egg
// way (config.hostsign = { match: '/api', token }), over real HTTP; outside
// its match no verification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TOKEN, checkEndpoint, request } from '../lib/http-cases.mjs';
import { installApp } from '../lib/app.mjs';
import { startServer } from '../lib/process.mjs';

test("Egg 4: config.hostsign = { match: '/api', token }, every case; other paths open", async () => {
  const dir = installApp('egg');
  const server = await startServer(process.execPath, ['server.js'], { cwd: dir, env: { PLUGIN_TOKEN: TOKEN, PORT: '0', EGG_SERVER_ENV: 'prod' } });
  try {
    assert.ok((await checkEndpoint(server.url + '/api/hello')) >= 12);
    const open = await request(server.url + '/open');
    assert.equal(open.status, 200);
    assert.deepEqual(open.json, { public: true });
  } finally {
    await server.stop();
  }
});
