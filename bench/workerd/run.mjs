// workerd: the package vs (c) the WebCrypto JS verifier ((b) node:crypto does
// not exist there), timed from outside over loopback in interleaved rounds,
// minus an empty batch; and the cold start of a fresh isolate.
//   node bench/workerd/run.mjs [--quick]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorker, startWorkerd } from '../../tests/lib/workerd.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const quick = process.argv.includes('--quick');
const dir = mkdtempSync(join(tmpdir(), 'hostsign-bench-workerd-'));
const { modules } = await bundleWorker(fileURLToPath(new URL('./worker.mjs', import.meta.url)), join(dir, 'worker.js'));

async function timed(url) {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${body}`);
  return performance.now() - t0;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Throughput.
const worker = await startWorkerd({ modules });
let result;
try {
  const batch = { package: quick ? 2000 : 30000, webcrypto: quick ? 200 : 3000, absent: quick ? 2000 : 30000 };
  const rounds = quick ? 3 : 15;
  for (const impl of ['package', 'webcrypto', 'absent', 'none']) await timed(`${worker.url}/?impl=${impl}&n=${batch[impl] ?? batch.package}`); // warm-up
  const samples = { package: [], webcrypto: [], absent: [] };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? ['webcrypto', 'absent', 'package'] : ['package', 'absent', 'webcrypto'];
    for (const impl of order) {
      const n = batch[impl];
      const t = await timed(`${worker.url}/?impl=${impl}&n=${n}`);
      const empty = await timed(`${worker.url}/?impl=none&n=${n}`);
      samples[impl].push((n / Math.max(t - empty, 0.001)) * 1000);
    }
  }
  result = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, { opsPerSec: median(v), min: Math.min(...v), max: Math.max(...v), rounds }]));
} finally {
  await worker.stop();
}

// Cold start: fresh workerd processes; the first request instantiates the
// wasm (lazily) and verifies; a second request shows the warm cost.
const cold = [];
for (let i = 0; i < (quick ? 2 : 10); i++) {
  const t0 = performance.now();
  const w = await startWorkerd({ modules });
  const started = performance.now() - t0;
  try {
    const first = await timed(`${w.url}/first`);
    const warm = await timed(`${w.url}/first`);
    cold.push({ started, first, warm });
  } finally {
    await w.stop();
  }
}
rmSync(dir, { recursive: true, force: true });

const fmt = (x) => (x >= 1e6 ? (x / 1e6).toFixed(2) + ' M' : (x / 1e3).toFixed(1) + ' k');
console.log('workerd: full-path verifies/s (2 valid : 1 forged), timed over loopback');
console.log('| contender | ops/s (median) | min | max | package ÷ this |');
console.log('|---|---:|---:|---:|---:|');
console.log(`| wechat-hostsign (wasm) | ${fmt(result.package.opsPerSec)} | ${fmt(result.package.min)} | ${fmt(result.package.max)} | 1.00× |`);
console.log(`| (c) WebCrypto JS | ${fmt(result.webcrypto.opsPerSec)} | ${fmt(result.webcrypto.min)} | ${fmt(result.webcrypto.max)} | ${(result.package.opsPerSec / result.webcrypto.opsPerSec).toFixed(2)}× |`);
// Where a verify's time goes: one with no Referer still copies the HostSign
// in and crosses into wasm and back (the JavaScript side's floor).
const ns = (k) => 1e9 / result[k].opsPerSec;
console.log(`breakdown: a full verify ${ns('package').toFixed(0)} ns; one with no Referer (HostSign copied in, wasm returns at once) ${ns('absent').toFixed(0)} ns`);
const m = (k) => median(cold.map((c) => c[k]));
console.log(`workerd cold start (${cold.length} fresh processes): start to listening ${m('started').toFixed(1)} ms; first request (instantiate + verify) ${m('first').toFixed(2)} ms; warm request ${m('warm').toFixed(2)} ms; first - warm ${(m('first') - m('warm')).toFixed(2)} ms`);
if (!quick) {
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/workerd.json'), JSON.stringify({ runtime: 'workerd', date: new Date().toISOString(), result, coldStartMs: { startToListen: m('started'), firstRequest: m('first'), warmRequest: m('warm') } }, null, 2) + '\n');
}
