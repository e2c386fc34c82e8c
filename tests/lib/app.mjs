// An example app with its own package.json and package-lock.json (Next.js,
// NestJS, Egg, Midway), set up as its users set it up: a copy under
// target/examples/NAME, `npm ci` from its lockfile, then the packed package
// (`npm pack pkg/`) installed into it like any other. Nothing is written
// outside target/. The npm ci is skipped while the lockfile is unchanged,
// the tarball's install while the package is unchanged.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sha = (data) => createHash('sha256').update(data).digest('hex');
const npm = (args, cwd) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });

let packed;
/** `npm pack pkg/` once per process (into a folder of its own under target/pack, removed at exit): the tarball's path. */
export function packedTarball() {
  if (packed) return packed;
  mkdirSync(join(root, 'target/pack'), { recursive: true });
  const dir = mkdtempSync(join(root, 'target/pack/run-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const name = npm(['pack', join(root, 'pkg'), '--pack-destination', dir], root).trim().split('\n').at(-1);
  packed = join(dir, name);
  return packed;
}

/**
 * Copies examples/NAME (its tracked files: no node_modules, no build output)
 * to target/examples/NAME and installs it. Returns the app's directory.
 */
export function installApp(name) {
  const src = join(root, 'examples', name);
  const dir = join(root, 'target/examples', name);
  const tarball = packedTarball();
  mkdirSync(dir, { recursive: true });
  // A fresh copy of the sources; node_modules stays (installs are slow).
  for (const entry of readdirSync(dir)) if (entry !== 'node_modules') rmSync(join(dir, entry), { recursive: true, force: true });
  const skip = new Set(['node_modules', '.next', 'dist', 'run', 'logs', 'typings']);
  cpSync(src, dir, { recursive: true, filter: (p) => !relative(src, p).split('/').some((part) => skip.has(part)) });

  const stamp = join(dir, 'node_modules/.example-stamp.json');
  const want = { lock: sha(readFileSync(join(src, 'package-lock.json'))), tarball: sha(readFileSync(tarball)) };
  const have = existsSync(stamp) ? JSON.parse(readFileSync(stamp, 'utf8')) : {};
  if (have.lock !== want.lock) {
    npm(['ci'], dir);
    have.tarball = undefined;
  }
  if (have.tarball !== want.tarball) {
    // As `npm install wechat-hostsign` would, from the tarball; --no-save
    // leaves the copy's package.json and lockfile as the example has them.
    npm(['install', '--no-save', '--prefer-offline', tarball], dir);
  }
  writeFileSync(stamp, JSON.stringify(want));
  return dir;
}
