// wechat-hostsign/hono over real HTTP in Deno and Bun (Node: middleware.test.mjs;
// workerd: the Worker example). The middleware imports the core by the
// package's own name, so each runtime's exports condition picks the entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOKEN, checkEndpoint } from '../lib/http-cases.mjs';
import { startServer } from '../lib/process.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const app = 'tests/middleware/hono-app.mjs';
const RUNTIMES = {
  deno: [join(root, 'node_modules/.bin/deno'), ['run', '--no-prompt', '--allow-net=127.0.0.1', '--allow-env=PLUGIN_TOKEN', app]],
  bun: [join(root, 'node_modules/.bin/bun'), ['run', app]],
};

for (const [name, [cmd, args]] of Object.entries(RUNTIMES)) {
  test(`hono in ${name}: every case over HTTP`, async () => {
    const server = await startServer(cmd, args, { env: { PLUGIN_TOKEN: TOKEN }, cwd: root });
    try {
      assert.ok((await checkEndpoint(server.url + '/api/hello')) >= 10);
    } finally {
      await server.stop();
    }
  });
}
