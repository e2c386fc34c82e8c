// Helpers for the playground's browser tests and its screenshot script:
// the real server (www/server.mjs) on a free 127.0.0.1 port, and Debian's
// chromium driven by playwright-core, headless, with a throwaway profile.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Starts `node www/server.mjs` on a free port; resolves to { url, token, stop }. */
export function startServer({ token = 'playground-token' } = {}) {
  const child = spawn(process.execPath, ['www/server.mjs'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOSTSIGN_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('www/server.mjs did not start within 30 s')), 30_000);
    const fail = (e) => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`${e.message}\n${out}${err}`));
    };
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => fail(new Error(`www/server.mjs exited with ${code}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /playground: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        url: m[1],
        token,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', done);
            child.kill();
          }),
      });
    });
  });
}

/** Launches chromium with a fresh profile; resolves to { context, close }. */
export async function launch(contextOptions = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'hostsign-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    ...contextOptions,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
