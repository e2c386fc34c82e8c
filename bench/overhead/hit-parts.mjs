// The parts of a cache hit (pkg-template/src/cache.js and engine.js), each
// timed alone on the same 32 signed header pairs, as flat strings a server
// gets: what the floor of a verified request is made of. Not the package's
// code itself (the parts are written out here, as the cache does them), so
// that each can be timed without the others.
//   node bench/overhead/hit-parts.mjs    deno run -A …    bun …
// Prints ns per call: the median of 15 rounds of 200,000 calls.
import { sign } from 'wechat-hostsign';

const utf8 = new TextEncoder();
const latin = new TextDecoder();
const flat = (s) => latin.decode(utf8.encode(s));
const now = Math.floor(Date.now() / 1000);
const pairs = Array.from({ length: 32 }, (_, i) => {
  const s = sign({ appid: 'wx' + (0x3000000000000000n + BigInt(i) * 7919n).toString(16).slice(-16), token: 't', timestamp: now - i, version: 1 + i });
  return { referer: flat(s.referer), hostsign: flat(s.hostsign) };
});
// What an entry holds: other string objects with the same text.
const entries = pairs.map((p) => {
  const n = p.hostsign.length;
  const sig = new Uint16Array(40);
  for (let j = 0; j < 40; j++) sig[j] = p.hostsign.charCodeAt(n - 42 + j);
  return { referer: flat(p.referer), hostsign: flat(p.hostsign), prefix: flat(p.hostsign.slice(0, n - 42)), sig };
});

function tag(hostsign, n) {
  let x = n;
  for (let i = 13; i < 21; i++) x = Math.imul(x ^ hostsign.charCodeAt(i), 0x01000193);
  x = Math.imul(x ^ hostsign.charCodeAt(n - 57), 0x01000193);
  x = Math.imul(x ^ hostsign.charCodeAt(n - 56), 0x01000193);
  x ^= x >>> 15;
  return x === 0 ? 1 : x;
}

let sink = 0;
const parts = {
  'the clock (Math.floor(Date.now() / 1000))': () => {
    sink += Math.floor(Date.now() / 1000);
  },
  'the tag (10 characters hashed)': (i) => {
    const p = pairs[i & 31];
    sink += tag(p.hostsign, p.hostsign.length);
  },
  'the HostSign without its signature (slice, ===)': (i) => {
    const p = pairs[i & 31];
    if (p.hostsign.slice(0, p.hostsign.length - 42) !== entries[i & 31].prefix) throw new Error('differs');
  },
  'the Referer (===)': (i) => {
    if (pairs[i & 31].referer !== entries[i & 31].referer) throw new Error('differs');
  },
  'the signature, constant time, string against string': (i) => {
    const h = entries[i & 31].hostsign;
    const hs = pairs[i & 31].hostsign;
    const n = hs.length;
    let d = 0;
    for (let j = n - 42; j < n - 2; j++) d |= h.charCodeAt(j) ^ hs.charCodeAt(j);
    if (d !== 0) throw new Error('differs');
  },
  'the signature, constant time, against a typed-array copy (the cache)': (i) => {
    const sig = entries[i & 31].sig;
    const hs = pairs[i & 31].hostsign;
    const at = hs.length - 42;
    let d = 0;
    for (let j = 0; j < 40; j++) d |= sig[j] ^ hs.charCodeAt(at + j);
    if (d !== 0) throw new Error('differs');
  },
  'the result object': (i) => {
    const e = entries[i & 31];
    const r = { ok: true, appid: e.referer, version: { kind: 'release', number: i }, noncestr: e.prefix, timestamp: i, age: 1, tokenIndex: 0 };
    sink += r.age;
  },
};
const N = 200_000;
for (const f of Object.values(parts)) for (let i = 0; i < N; i++) f(i);
const samples = Object.fromEntries(Object.keys(parts).map((k) => [k, []]));
for (let r = 0; r < 15; r++) {
  for (const [k, f] of Object.entries(parts)) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) f(i);
    samples[k].push(((performance.now() - t0) * 1e6) / N);
  }
}
const runtime = globalThis.Deno ? `Deno ${Deno.version.deno}` : globalThis.Bun ? `Bun ${Bun.version}` : `Node ${process.versions.node}`;
console.log(`${runtime}: ns per call, median of 15 rounds${sink === 0.5 ? ' ' : ''}`);
for (const [k, xs] of Object.entries(samples)) {
  xs.sort((a, b) => a - b);
  console.log(`  ${xs[7].toFixed(0).padStart(5)}  ${k}`);
}
