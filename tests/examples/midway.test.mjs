// examples/midway: a Midway 4 app on Koa (its own package.json and
// lockfile), installed in a copy under target/ with the packed package,
// compiled by tsc and started by its bootstrap.js: wechat-hostsign/koa as a
// Midway middleware class (options from config.hostsign) on a controller,
// every case over real HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TOKEN, checkEndpoint } from '../lib/http-cases.mjs';
import { installApp } from '../lib/app.mjs';
import { startServer } from '../lib/process.mjs';

test('Midway 4 (Koa): the middleware on a controller, every case', async () => {
  const dir = installApp('midway');
  await promisify(execFile)(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: dir });
  const server = await startServer(process.execPath, ['bootstrap.js'], { cwd: dir, env: { PLUGIN_TOKEN: TOKEN, PORT: '0', NODE_ENV: 'production' } });
  try {
    assert.ok((await checkEndpoint(server.url + '/api/hello')) >= 12);
  } finally {
    await server.stop();
  }
});
