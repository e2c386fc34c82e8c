// Firefox ESR (SpiderMonkey) and WebKitGTK (JavaScriptCore), both Debian's
// packages, behind one small interface for the conformance suite:
//   const b = await openFirefox(); await b.goto(url); await b.poll('window.report'); await b.close();
// Firefox is driven over WebDriver BiDi by puppeteer-core; WebKitGTK by its
// WebDriver (WebKitWebDriver, plain HTTP) driving the MiniBrowser of
// libwebkit2gtk-4.1, which has no headless mode: it runs in its own Xvfb
// (xvfb-run). `scripts/setup firefox webkit` installs them.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

/** A throwaway home for a browser (its caches, ~/Downloads…): { env, remove() }. */
function scratchHome() {
  const home = mkdtempSync(join(tmpdir(), 'hostsign-browser-home-'));
  const env = { ...process.env, HOME: home, XDG_CACHE_HOME: join(home, '.cache'), XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local/share') };
  return { env, remove: () => rmSync(home, { recursive: true, force: true }) };
}

/** Firefox ESR, headless: { version, goto(url), poll(expression, ms), close() }. */
export async function openFirefox() {
  if (!existsSync(FIREFOX)) throw new Error(`${FIREFOX} not found: run scripts/setup firefox`);
  const home = scratchHome();
  let browser;
  try {
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, env: home.env });
    const page = await browser.newPage();
    return {
      version: await browser.version(),
      goto: (url) => page.goto(url),
      poll: async (expression, timeout = 60_000) => {
        const handle = await page.waitForFunction(expression, { timeout, polling: 50 });
        return handle.jsonValue();
      },
      close: async () => {
        await browser.close();
        home.remove();
      },
    };
  } catch (e) {
    await browser?.close();
    home.remove();
    throw e;
  }
}

/** The MiniBrowser that libwebkit2gtk-4.1-0 ships (its path depends on the architecture). */
export function miniBrowser() {
  if (process.env.MINIBROWSER) return process.env.MINIBROWSER;
  try {
    return execFileSync('dpkg', ['-L', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' }).split('\n').find((l) => l.endsWith('/MiniBrowser'));
  } catch {
    return undefined;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** WebKitGTK's MiniBrowser under WebKitWebDriver in a private Xvfb: { version, goto(url), poll(expression, ms), close() }. */
export async function openWebKit() {
  const binary = miniBrowser();
  if (!binary || !existsSync(binary) || !existsSync('/usr/bin/WebKitWebDriver')) throw new Error('WebKitGTK not found: run scripts/setup webkit');
  const port = await freePort();
  // Its own process group: xvfb-run, Xvfb, the driver and the browser end together.
  const home = scratchHome();
  const driver = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`, '--host=127.0.0.1'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: home.env,
  });
  let log = '';
  driver.stderr.on('data', (d) => (log += d));
  const exited = new Promise((resolve) => driver.once('exit', resolve));
  const stop = async () => {
    try {
      process.kill(-driver.pid, 'SIGTERM');
    } catch {}
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    home.remove();
  };
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    const json = await res.json();
    if (!res.ok) throw new Error(`WebKitWebDriver ${method} ${path}: ${res.status} ${JSON.stringify(json.value ?? json).slice(0, 500)}`);
    return json.value;
  };
  try {
    for (let i = 0; ; i++) {
      try {
        await fetch(base + '/status');
        break;
      } catch (e) {
        if (i > 300 || driver.exitCode !== null) throw new Error(`WebKitWebDriver did not start: ${e.message}\n${log}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const session = await call('POST', '/session', {
      capabilities: { alwaysMatch: { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary, args: ['--automation'] } } },
    });
    const at = `/session/${session.sessionId}`;
    return {
      version: `WebKitGTK ${session.capabilities.browserVersion}`,
      goto: (url) => call('POST', `${at}/url`, { url }),
      poll: async (expression, timeout = 60_000) => {
        const end = Date.now() + timeout;
        for (;;) {
          const value = await call('POST', `${at}/execute/sync`, { script: `return (${expression}) || null;`, args: [] });
          if (value !== null) return value;
          if (Date.now() > end) throw new Error(`WebKitGTK: ${expression} still empty after ${timeout} ms`);
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      close: async () => {
        await call('DELETE', at).catch(() => {});
        await stop();
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
