// Where Node's cold start goes, step by step: a copy of pkg/dist/node.js
// with a timestamp at each step (module body, base64, wasm compile,
// instantiate, engine, createVerifier, first verify), run in fresh
// processes; and, for scale, importing a trivial package that has the same
// package.json (exports map) as this one.
//   node bench/cold-steps.mjs [runs]     (default 21)
// Reading the steps on Node 22+ (V8 compiles wasm lazily): "wasm compile" is
// V8 validating the whole module (`new WebAssembly.Module` validates every
// function body even when it compiles none: 3.1 ms against 0.27 ms with
// --wasm-lazy-validation on Node 24, a flag a library cannot set), and
// "first verify" includes the baseline (Liftoff) compile of each function
// the verify path calls, on its first call (0.6 ms against 0.02 ms for the
// second verify). (Figures from fresh processes on a loaded 2-core machine:
// read the ratios, not the absolute times.)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sign } from 'wechat-hostsign';

const runs = Number(process.argv[2] ?? 21);
const pkg = fileURLToPath(new URL('../pkg/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hostsign-cold-steps-'));

// 1. The instrumented bundle.
let src = readFileSync(join(pkg, 'dist/node.js'), 'utf8');
const patch = (from, to) => {
  if (!src.includes(from)) throw new Error(`cold-steps: the bundle changed, update this patch: ${from.slice(0, 60)}`);
  src = src.replace(from, to);
};
patch('new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(wasm_base64_default, "base64")), imports).exports',
  '(() => { mark("boot: until instantiate"); const b = Buffer.from(wasm_base64_default, "base64"); mark("base64 decode"); const m = new WebAssembly.Module(b); mark("wasm compile"); const e = new WebAssembly.Instance(m, imports).exports; mark("wasm instantiate"); return e; })()');
patch('  views();\n  return W;\n}', '  views();\n  mark("engine and layout");\n  return W;\n}');
src = 'const steps = (globalThis.steps = []); const mark = (k) => steps.push([k, performance.now()]);\nmark("load and parse the module");\n' + src + '\nmark("module body");\n';
writeFileSync(join(dir, 'bundle.mjs'), src);
writeFileSync(join(dir, 'child.mjs'), `const t0 = performance.now();
const m = await import('./bundle.mjs');
const v = m.createVerifier({ token: 'T' });
globalThis.steps.push(['createVerifier (rest)', performance.now()]);
const r = v.verify(JSON.parse(process.argv[2]), 1711421960);
globalThis.steps.push(['first verify', performance.now()]);
if (!r.ok) throw new Error(r.code);
const out = {}; let prev = t0;
for (const [k, t] of globalThis.steps) { out[k] = (out[k] ?? 0) + t - prev; prev = t; }
out.total = prev - t0;
console.log(JSON.stringify(out));
`);

// 2. A trivial package with this package's package.json.
const fake = join(dir, 'node_modules/wechat-hostsign-fake');
mkdirSync(join(fake, 'dist'), { recursive: true });
copyFileSync(join(pkg, 'package.json'), join(fake, 'package.json'));
for (const f of ['node.js', 'node-legacy.js', 'default.js']) writeFileSync(join(fake, 'dist', f), 'export const createVerifier = () => ({});\n');
writeFileSync(join(dir, 'fake.mjs'), `const t0 = performance.now();
await import('wechat-hostsign-fake');
console.log(JSON.stringify({ 'import a trivial package with the same exports map': performance.now() - t0 }));
`);

const s = sign({ appid: 'wx0123456789abcdef', token: 'T', timestamp: 1711421951, version: 3 });
const input = JSON.stringify({ referer: s.referer, hostsign: s.hostsign });
const rows = { steps: [], fake: [] };
for (let i = 0; i < runs; i++) {
  rows.steps.push(JSON.parse(execFileSync(process.execPath, [join(dir, 'child.mjs'), input], { encoding: 'utf8' })));
  rows.fake.push(JSON.parse(execFileSync(process.execPath, [join(dir, 'fake.mjs')], { encoding: 'utf8' })));
}
rmSync(dir, { recursive: true, force: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`Node ${process.version} cold start by step (the bundle imported by path, so no package resolution), medians of ${runs} fresh processes:`);
for (const k of Object.keys(rows.steps[0])) console.log(`  ${k.padEnd(28)} ${median(rows.steps.map((r) => r[k])).toFixed(2)} ms`);
for (const k of Object.keys(rows.fake[0])) console.log(`  ${k}: ${median(rows.fake.map((r) => r[k])).toFixed(2)} ms`);
