// The most expensive headers an attacker can send, against a usual one:
// ns per verify of each, builds side by side (one process, interleaved
// short rounds, the 20th percentile of each: on a shared machine the slow
// rounds are the ones that lost the CPU).
//   node bench/hostile.mjs [entry ...]       default: pkg/dist/node.js
//   node bench/hostile.mjs target/before/dist/node.js pkg/dist/node.js [--quick]
// Rows: a usual header; 1 KiB of distinct two-character unknown keys (the
// review's input: 30.4 µs against 0.62 µs with the old quadratic duplicate
// check); 1 KiB of keys built to collide in the check's hash table (the
// fallback sort); 1 KiB nested 63 levels deep; 1 KiB of escapes in the nonce
// and keys.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { collidingKeys, distinctKeys, withKeys } from '../tests/lib/keys.mjs';
import { interleaved, quantile } from './lib/harness.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const entries = args.filter((a) => !a.startsWith('--'));
if (entries.length === 0) entries.push('pkg/dist/node.js');
const ROUNDS = quick ? 5 : 151;
const TOKEN = 'bench-plugin-token-0123456789';
const NOW = 1711421951;


const cases = [];
for (const [i, entry] of entries.entries()) {
  const { createVerifier, sign } = await import(pathToFileURL(resolve(entry)).href);
  const label = `${String.fromCharCode(65 + i)}: ${entry}`;
  const s = sign({ appid: 'wx0123456789abcdef', token: TOKEN, timestamp: NOW, noncestr: '0123456789abcdef0123456789abcdef' });
  const nested = s.hostsign.slice(0, -1) + ',"x":' + '['.repeat(62) + ']'.repeat(62) + '}';
  const escapes = `{"noncestr":"${'\\u0061'.repeat(20)}","timestamp":${NOW},"signature":"${'0'.repeat(40)}",${Array.from({ length: 40 }, (_, k) => `"\\u00${(0x41 + k).toString(16)}":0`).join(',')}}`;
  const v = createVerifier({ token: TOKEN });
  for (const [name, hostsign, ok] of [
    ['usual header', s.hostsign, true],
    ['1 KiB distinct unknown keys', withKeys(s.hostsign, distinctKeys()), true],
    ['1 KiB keys built to collide', withKeys(s.hostsign, collidingKeys()), true],
    ['1 KiB nested 63 deep', nested, true],
    ['escapes (nonce, 40 keys)', escapes, false],
  ]) {
    const h = { referer: s.referer, hostsign };
    if (v.verify(h, NOW).ok !== ok) throw new Error(`${label} ${name}: ${JSON.stringify(v.verify(h, NOW))}`);
    cases.push({ label, name, iters: name.startsWith('usual') ? 2000 : 100, run: () => v.verify(h, NOW) });
  }
}

const samples = interleaved(cases, ROUNDS);
console.log(`${process.version}: ns per verify (20th percentile of ${ROUNDS} interleaved rounds), and as a multiple of the usual header`);
let last = '';
for (const [j, c] of cases.entries()) {
  if (c.label !== last) console.log(`\n${c.label}`);
  last = c.label;
  const base = quantile(samples[cases.findIndex((d) => d.label === c.label)], 0.2);
  const m = quantile(samples[j], 0.2);
  console.log(`  ${c.name.padEnd(30)} ${m.toFixed(0).padStart(8)} ns  ${(m / base).toFixed(1).padStart(5)}×`);
}
