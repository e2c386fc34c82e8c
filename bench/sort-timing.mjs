// Does verification time depend on the token's content? The attacker picks
// the nonce, and the JavaScript sort compares it with the token: a
// comparison that stops at the first difference is slower the more leading
// characters the nonce shares with the token, and a sort whose work depends
// on the order it finds says on which side of the token the nonce falls.
//
//   node bench/sort-timing.mjs [entry ...]        default: pkg/dist/node.js
//   node bench/sort-timing.mjs target/before/dist/node.js pkg/dist/node.js
//   SORT_TIMING_ROUNDS=41 SORT_TIMING_ITERS=20000 override the defaults
//
// For each build (all in one process, interleaved short rounds, a low
// quantile of each condition's times): a
// verifier with a 32-hex-digit token checks headers whose nonce shares 0, 8,
// 16, 24 or 30 leading characters with it (then differs), and two nonces
// that share 31 and sort just below or just above it; a control verifier
// (another token that shares nothing with these nonces) checks the same
// headers. Every header has a wrong signature, so each verify runs the
// whole path (parse, sort, SHA-1, compare) and answers BAD_SIGNATURE. The
// report gives ns per verify and the difference from the 0-character case;
// a leak shows as a difference that grows with the shared prefix under the
// real token but not under the control.
//
// What stays, by design: the number of SHA-1 blocks depends on the total
// length of the four parts (appid, nonce, timestamp, token), so scanning the
// nonce's length shows a step that gives the token's length (SECURITY.md).
// `--lengths` prints that scan too.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { interleaved, quantile } from './lib/harness.mjs';

const args = process.argv.slice(2);
const lengths = args.includes('--lengths');
const entries = args.filter((a) => !a.startsWith('--'));
if (entries.length === 0) entries.push('pkg/dist/node.js');
const ROUNDS = Number(process.env.SORT_TIMING_ROUNDS ?? 301);
const ITERS = Number(process.env.SORT_TIMING_ITERS ?? 2_000);

const APPID = 'wx0123456789abcdef';
const TS = 1711421951;
const TOKEN = '5f1e8a3c9b27d4e6a0c3f1b8e9d2a7c4';
// Shares no leading character with any nonce below (they all start with 5).
const CONTROL = 'c0a47d2e9f3b1a8c6e5d4b3a2f1e0d9c';
const BAD_SIG = 'e3375e1963e494936bb61b67f3467d5178d9dd5b';
const flip = (c) => '0123456789abcdef'[15 - parseInt(c, 16)]; // another hex digit, never c

/** A 32-character nonce sharing exactly k leading characters with TOKEN. */
const sharing = (k) => TOKEN.slice(0, k) + [...TOKEN.slice(k)].map(flip).join('');
const lastDigit = (d) => TOKEN.slice(0, 31) + d;
const below = lastDigit((parseInt(TOKEN[31], 16) - 1).toString(16));
const above = lastDigit((parseInt(TOKEN[31], 16) + 1).toString(16));

const header = (nonce) => ({
  referer: `https://servicewechat.com/${APPID}/3/page-frame.html`,
  hostsign: `{"noncestr":"${nonce}","timestamp":${TS},"signature":"${BAD_SIG}"}`,
});

const QUANTILE = Number(process.env.SORT_TIMING_QUANTILE ?? 0.2);

const cases = [];
for (const [i, entry] of entries.entries()) {
  const { createVerifier } = await import(pathToFileURL(resolve(entry)).href);
  const label = `${String.fromCharCode(65 + i)}: ${entry}`;
  for (const [who, token] of [['token', TOKEN], ['control', CONTROL]]) {
    const v = createVerifier({ token, maxAge: null });
    const conditions = [...[0, 8, 16, 24, 30].map((k) => [`shares ${k}`, sharing(k)]), ['31, sorts below', below], ['31, sorts above', above],
      // The first case again: how far two runs of the same case differ here.
      ['shares 0, again', sharing(0)]];
    for (const [name, nonce] of conditions) {
      const h = header(nonce);
      if (v.verify(h, TS).code !== 'BAD_SIGNATURE') throw new Error(`${label} ${name}: ${JSON.stringify(v.verify(h, TS))}`);
      cases.push({ label, who, name, run: () => v.verify(h, TS) });
    }
    if (lengths && who === 'token') {
      for (let n = 1; n <= 72; n++) {
        const h = header('a'.repeat(n));
        cases.push({ label, who: 'length', name: `nonce length ${n}`, run: () => v.verify(h, TS) });
      }
    }
  }
}

const samples = interleaved(cases.map((c) => ({ run: c.run, iters: ITERS })), ROUNDS);

console.log(`${process.version}: ns per verify (quantile ${QUANTILE} of ${ROUNDS} rounds of ${ITERS}), difference from "shares 0" of the same verifier`);
let last = '';
for (const [j, c] of cases.entries()) {
  if (c.label !== last) console.log(`\n${c.label}`);
  last = c.label;
  const base = cases.findIndex((d) => d.label === c.label && d.who === c.who);
  const m = quantile(samples[j], QUANTILE);
  const d = m - quantile(samples[base], QUANTILE);
  console.log(`  ${c.who.padEnd(8)} ${c.name.padEnd(18)} ${m.toFixed(1).padStart(8)} ns  ${(d >= 0 ? '+' : '') + d.toFixed(1)} ns`);
}
