// What a verifier made per request costs (issue 23, finding 7): nanoseconds
// and JavaScript heap bytes per createVerifier() + one verify(), with the
// default cache and with `cache: false`, for each build given, side by side.
//   node --expose-gc bench/verifier-per-request.mjs [entry…]
//   entry: a build's dist/node.js (default pkg/dist/node.js); e.g. a build
//   of the previous commit's pkg-template/src assembled into target/pkg-old.
// Each build is loaded in its own child process, so that each has its own
// heap and wasm instance.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const N = 20000;
const ROUNDS = 5;

if (process.argv[2] === '--child') {
  const { createVerifier, sign } = await import(pathToFileURL(resolve(process.argv[3])).href);
  const s = sign({ appid: 'wx0123456789abcdef', token: 'T', timestamp: 1000 });
  const out = {};
  for (const [name, options] of [
    ['default cache', { token: 'T' }],
    ['cache: false', { token: 'T', cache: false }],
  ]) {
    let best = Infinity;
    let bytes = Infinity;
    for (let r = 0; r < ROUNDS; r++) {
      const keep = new Array(N);
      globalThis.gc();
      const heap0 = process.memoryUsage().heapUsed;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < N; i++) {
        const v = createVerifier(options);
        if (!v.verify(s, 1000).ok) throw new Error('refused');
        keep[i] = v; // held, as a request in flight holds its verifier
      }
      const ns = Number(process.hrtime.bigint() - t0) / N;
      globalThis.gc();
      const held = (process.memoryUsage().heapUsed - heap0) / N;
      best = Math.min(best, ns);
      bytes = Math.min(bytes, held);
      for (const v of keep) v.dispose();
    }
    out[name] = { ns: Math.round(best), bytes: Math.round(bytes) };
  }
  process.stdout.write(JSON.stringify(out));
} else {
  const entries = process.argv.slice(2);
  if (entries.length === 0) entries.push('pkg/dist/node.js');
  const self = fileURLToPath(import.meta.url);
  const rows = [];
  for (const entry of entries) {
    const r = JSON.parse(execFileSync(process.execPath, ['--expose-gc', self, '--child', entry], { encoding: 'utf8' }));
    rows.push([entry, r]);
  }
  console.log(`createVerifier() + verify() per request, best of ${ROUNDS} × ${N} (${process.version})`);
  console.log('build'.padEnd(28), 'default cache'.padStart(24), 'cache: false'.padStart(24));
  for (const [entry, r] of rows) {
    const cell = (x) => `${x.ns} ns, ${x.bytes} B`.padStart(24);
    console.log(entry.padEnd(28), cell(r['default cache']), cell(r['cache: false']));
  }
}
