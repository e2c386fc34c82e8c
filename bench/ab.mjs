// Two (or more) builds of the package side by side, in one process,
// interleaved rounds, the same request mix: how a change to the Rust, the
// build profile or the JavaScript layer moves full-path verifies/s.
//   cp -r pkg /tmp/before    (then change, scripts/build)
//   node bench/ab.mjs /tmp/before/dist/node.js pkg/dist/node.js
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sign } from 'wechat-hostsign';
import { requestMix, TOKEN, NOW } from './lib/mix.mjs';
import { compare, table } from './lib/harness.mjs';

const entries = process.argv.slice(2);
if (entries.length < 2) {
  console.error('usage: node bench/ab.mjs <a>/dist/node.js <b>/dist/node.js [...]');
  process.exit(2);
}
const mix = requestMix(sign);
const contenders = {};
for (const [i, entry] of entries.entries()) {
  const { createVerifier } = await import(pathToFileURL(resolve(entry)).href);
  const v = createVerifier({ token: TOKEN });
  contenders[`${String.fromCharCode(65 + i)}: ${entry}`] = (r, h) => v.verify({ referer: r, hostsign: h }, NOW);
}
const result = await compare(contenders, mix, {});
console.log(table(`${process.version}: full-path verifies/s, builds side by side`, result, Object.keys(contenders)[0]));
