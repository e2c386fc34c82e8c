// Cold start in Node: from before `import` to the first verify result, in a
// fresh process each time (the package is not in any cache a process keeps).
//   node bench/cold-start.mjs [runs]     (default 25)
// Prints the median, min and max, and writes bench/results/cold-start-node.json
// (cold-start-node22.json etc. when run by another Node than the machine's:
// scripts/bench also runs it under Node 22 when scripts/setup nodes put it there).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { sign } from 'wechat-hostsign';

const runs = Number(process.argv[2] ?? 25);
const s = sign({ appid: 'wx0123456789abcdef', token: 'T', timestamp: 1711421951, version: 3 });
// The child is a module file, as an application's entry is: the ESM loader
// is running before the measured import, as it is in an application.
const child = new URL('./lib/cold-child.mjs', import.meta.url).pathname;
const input = JSON.stringify({ referer: s.referer, hostsign: s.hostsign });
// The same for the hand-written node:crypto verifier, interleaved.
const childB = new URL('./lib/cold-child-b.mjs', import.meta.url).pathname;
// Each also after the process has imported another package first (hono, as
// an application imports its framework): Node's first resolution of a
// package with an exports map costs about 1.5 ms here, whoever pays it.
const samples = [];
const samplesB = [];
const warm = [];
const warmB = [];
const run = (file, mode) => JSON.parse(execFileSync(process.execPath, [file, input, mode], { encoding: 'utf8' }));
for (let i = 0; i < runs; i++) {
  samples.push(run(child, 'first'));
  samplesB.push(run(childB, 'first'));
  warm.push(run(child, 'warm'));
  warmB.push(run(childB, 'warm'));
}
const stat = (key, from = samples) => {
  const xs = from.map((x) => x[key]).sort((a, b) => a - b);
  return { median: xs[Math.floor(xs.length / 2)], min: xs[0], max: xs.at(-1) };
};
const result = {
  runtime: `node ${process.version}`,
  runs,
  importToFirstVerifyMs: stat('importToVerify'),
  // The process's CPU time over the same span (all its threads): on a
  // machine shared with other load, a steadier measure than wall time.
  importToFirstVerifyCpuMs: stat('importToVerifyCpu'),
  processStartToFirstVerifyMs: stat('processToVerify'),
  handwrittenNodeCrypto: {
    importToFirstVerifyMs: stat('importToVerify', samplesB),
    importToFirstVerifyCpuMs: stat('importToVerifyCpu', samplesB),
    processStartToFirstVerifyMs: stat('processToVerify', samplesB),
  },
  afterAnotherPackage: {
    importToFirstVerifyMs: stat('importToVerify', warm),
    handwrittenNodeCrypto: { importToFirstVerifyMs: stat('importToVerify', warmB) },
  },
};
const f = (x) => x.toFixed(2);
console.log(`Node ${process.version} cold start, ${runs} fresh processes:`);
console.log(`  import → first verify: median ${f(result.importToFirstVerifyMs.median)} ms (min ${f(result.importToFirstVerifyMs.min)}, max ${f(result.importToFirstVerifyMs.max)})`);
console.log(`  process start → first verify: median ${f(result.processStartToFirstVerifyMs.median)} ms`);
const hb = result.handwrittenNodeCrypto;
console.log(`  (b) node:crypto JS, import → first verify: median ${f(hb.importToFirstVerifyMs.median)} ms (min ${f(hb.importToFirstVerifyMs.min)}, max ${f(hb.importToFirstVerifyMs.max)})`);
console.log(`  CPU time, import → first verify: median ${f(result.importToFirstVerifyCpuMs.median)} ms; (b) ${f(hb.importToFirstVerifyCpuMs.median)} ms (difference ${f(result.importToFirstVerifyCpuMs.median - hb.importToFirstVerifyCpuMs.median)} ms)`);
const w = result.afterAnotherPackage;
console.log(`  after the app imported another package: import → first verify median ${f(w.importToFirstVerifyMs.median)} ms; (b) ${f(w.handwrittenNodeCrypto.importToFirstVerifyMs.median)} ms`);
if (runs >= 10) {
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const name = process.env.COLD_START_RESULT ?? 'cold-start-node';
  writeFileSync(new URL(`./results/${name}.json`, import.meta.url), JSON.stringify({ date: new Date().toISOString(), ...result }, null, 2) + '\n');
}
