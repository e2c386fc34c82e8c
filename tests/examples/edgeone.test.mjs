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
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOKEN, checkEndpoint } from '../lib/http-cases.mjs';
import { installApp } from '../lib/app.mjs';
import { startServer } from '../lib/process.mjs';

const overrides = { 'repeated Referer': 'OK' };

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

test('EdgeOne Pages Node Functions under edgeone pages dev: every case', { timeout: 300_000 }, async () => {
  const dir = installApp('edgeone');
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
