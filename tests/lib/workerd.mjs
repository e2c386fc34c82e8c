// Runs a Worker in workerd itself (the binary wrangler and miniflare drive),
// on 127.0.0.1 with an ephemeral port, without nodejs_compat. The modules are
// written next to a generated capnp config; the port comes back on the
// control fd, as miniflare reads it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const WORKERD = process.env.WORKERD ?? join(root, 'node_modules/.bin/workerd');
// The newest date this workerd accepts is its own; an older fixed date keeps tests stable.
export const COMPATIBILITY_DATE = '2025-09-01';

/**
 * modules: [{ name, path, type: 'esModule' | 'wasm' | 'text' | 'data' | 'json' }], the first is the main module.
 * bindings: { NAME: 'text' }. Returns { url, port, pid, stop(), logs() }.
 */
export async function startWorkerd({ modules, bindings = {}, compatibilityDate = COMPATIBILITY_DATE, compatibilityFlags = [] }) {
  const dir = mkdtempSync(join(tmpdir(), 'hostsign-workerd-'));
  const mods = modules.map((m, i) => {
    const file = `m${i}-${basename(m.path)}`;
    copyFileSync(m.path, join(dir, file));
    return `(name = ${JSON.stringify(m.name)}, ${m.type} = embed ${JSON.stringify(file)})`;
  });
  const binds = Object.entries(bindings).map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`);
  writeFileSync(
    join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ ${mods.join(', ')} ],
  bindings = [ ${binds.join(', ')} ],
  compatibilityDate = ${JSON.stringify(compatibilityDate)},
  compatibilityFlags = [ ${compatibilityFlags.map((f) => JSON.stringify(f)).join(', ')} ],
);
`,
  );
  const child = spawn(WORKERD, ['serve', join(dir, 'config.capnp'), '--control-fd=3'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(rmSync(dir, { recursive: true, force: true }));
      // workerd drains open connections on SIGTERM; a test wants it gone.
      const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve(rmSync(dir, { recursive: true, force: true }));
      });
      child.kill('SIGTERM');
    });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`workerd did not start in 60 s:\n${output}`)), 60_000);
    createInterface({ input: child.stdio[3] }).on('line', (line) => {
      let ev;
      try {
        ev = JSON.parse(line);
      } catch {
        return;
      }
      if (ev.event === 'listen' && ev.socket === 'http') {
        clearTimeout(timer);
        resolve(ev.port);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`workerd exited (${code}) before listening:\n${output}`));
    });
  }).catch(async (e) => {
    await stop();
    throw e;
  });
  return { url: `http://127.0.0.1:${port}`, port, pid: child.pid, stop, logs: () => output };
}

/**
 * Bundles `entry` as wrangler would for Workers (conditions workerd, worker,
 * browser; the .wasm left to be imported as a module) into `outfile`, and
 * returns the modules to give startWorkerd and esbuild's metafile.
 */
export async function bundleWorker(entry, outfile) {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    external: ['*.wasm'],
    outfile,
    metafile: true,
    logLevel: 'warning',
  });
  const modules = [
    { name: 'worker.js', path: outfile, type: 'esModule' },
    { name: 'wechat_hostsign_bg.wasm', path: join(root, 'pkg/dist/wechat_hostsign_bg.wasm'), type: 'wasm' },
  ];
  return { modules, metafile: out.metafile };
}
