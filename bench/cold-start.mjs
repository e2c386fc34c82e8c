// Cold start in Node: from before `import` to the first verify result, in a
// fresh process each time (the package is not in any cache a process keeps).
//   node bench/cold-start.mjs [runs]     (default 25)
// Prints the median, min and max, and writes bench/results/cold-start-node.json.
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
const samples = [];
const samplesB = [];
for (let i = 0; i < runs; i++) {
  samples.push(JSON.parse(execFileSync(process.execPath, [child, input], { encoding: 'utf8' })));
  samplesB.push(JSON.parse(execFileSync(process.execPath, [childB, input], { encoding: 'utf8' })));
}
const stat = (key, from = samples) => {
  const xs = from.map((x) => x[key]).sort((a, b) => a - b);
  return { median: xs[Math.floor(xs.length / 2)], min: xs[0], max: xs.at(-1) };
};
const result = {
  runtime: `node ${process.version}`,
  runs,
  importToFirstVerifyMs: stat('importToVerify'),
  processStartToFirstVerifyMs: stat('processToVerify'),
  handwrittenNodeCrypto: { importToFirstVerifyMs: stat('importToVerify', samplesB), processStartToFirstVerifyMs: stat('processToVerify', samplesB) },
};
const f = (x) => x.toFixed(2);
console.log(`Node ${process.version} cold start, ${runs} fresh processes:`);
console.log(`  import → first verify: median ${f(result.importToFirstVerifyMs.median)} ms (min ${f(result.importToFirstVerifyMs.min)}, max ${f(result.importToFirstVerifyMs.max)})`);
console.log(`  process start → first verify: median ${f(result.processStartToFirstVerifyMs.median)} ms`);
const hb = result.handwrittenNodeCrypto;
console.log(`  (b) node:crypto JS, import → first verify: median ${f(hb.importToFirstVerifyMs.median)} ms (min ${f(hb.importToFirstVerifyMs.min)}, max ${f(hb.importToFirstVerifyMs.max)})`);
if (runs >= 10) {
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/cold-start-node.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), ...result }, null, 2) + '\n');
}
