// examples/midway: a Midway 4 app on Koa (its own package.json and
// lockfile), installed in a copy under target/ with the packed package,
// compiled by tsc and started by its bootstrap.js: wechat-hostsign/koa as a
// Midway middleware class (options from config.hostsign) on a controller,
// every case over real HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TOKEN, checkEndpoint } from '../lib/http-cases.mjs';
import { installApp } from '../lib/app.mjs';
import { startServer } from '../lib/process.mjs';
import { PAGES, blocks } from '../lib/transcripts.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('Midway: the docs show whole files of examples/midway (so its tsc build type-checks each snippet as pasted)', () => {
  let n = 0;
  for (const page of PAGES) {
    for (const b of blocks(readFileSync(join(root, page), 'utf8'))) {
      const from = b.marker?.startsWith('file: examples/midway/') && b.marker.slice('file: '.length);
      if (!from) continue;
      const file = readFileSync(join(root, from), 'utf8');
      assert.equal(b.code.trim(), file.slice(file.search(/^import /m)).trim(), `${page}: ${from} is shown whole`);
      n++;
    }
  }
  assert.ok(n >= 2, `${n} snippets`);
});

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
