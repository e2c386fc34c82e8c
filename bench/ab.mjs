// Two (or more) builds of the package side by side, in one process,
// interleaved rounds, the same request mix: how a change to the Rust, the
// build profile or the JavaScript layer moves full-path verifies/s.
//   cp -r pkg /tmp/before    (then change, scripts/build)
//   node bench/ab.mjs /tmp/before/dist/node.js pkg/dist/node.js
//   node bench/ab.mjs --short-rounds …   many short rounds, 20th percentile of
//       ns per verify: steadier on a machine others are using (run it twice,
//       the builds in both orders)
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sign } from 'wechat-hostsign';
import { requestMix, TOKEN, NOW } from './lib/mix.mjs';
import { compare, interleaved, quantile, table } from './lib/harness.mjs';

const short = process.argv.includes('--short-rounds');
const entries = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (entries.length < 2) {
  console.error('usage: node bench/ab.mjs [--short-rounds] <a>/dist/node.js <b>/dist/node.js [...]');
  process.exit(2);
}
const mix = requestMix(sign);
const contenders = {};
for (const [i, entry] of entries.entries()) {
  const { createVerifier } = await import(pathToFileURL(resolve(entry)).href);
  const v = createVerifier({ token: TOKEN });
  contenders[`${String.fromCharCode(65 + i)}: ${entry}`] = (r, h) => v.verify({ referer: r, hostsign: h }, NOW);
}
if (short) {
  const names = Object.keys(contenders);
  // One call runs the whole mix once; ns per verify is that over its length.
  const cases = names.map((n) => ({
    iters: 2,
    run: () => {
      for (const q of mix) if (contenders[n](q.referer, q.hostsign).ok !== q.valid) throw new Error(`${n} misjudged a request`);
    },
  }));
  const samples = interleaved(cases, 400);
  const ns = samples.map((s) => quantile(s, 0.2) / mix.length);
  console.log(`${process.version}: ns per verify (20th percentile of 400 short rounds), builds side by side`);
  for (const [i, n] of names.entries()) console.log(`  ${n.padEnd(50)} ${ns[i].toFixed(1).padStart(7)} ns  ${(ns[i] / ns[0]).toFixed(3)}× A`);
} else {
  const result = await compare(contenders, mix, {});
  console.log(table(`${process.version}: full-path verifies/s, builds side by side`, result, Object.keys(contenders)[0]));
}
