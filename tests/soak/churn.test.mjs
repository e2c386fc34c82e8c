// Verifier churn: a verifier created per request and never disposed (the
// docs call dispose() optional) must stay cheap and bounded.
//
//  1. CHURN_CREATIONS (default 1,000,000) undisposed createVerifier() calls
//     with the same options, in one synchronous loop (no garbage collection
//     can free anything in between), each verifying a request: the wasm
//     memory must not grow by a single page after the first 10,000. Before
//     the fix it grew 160 bytes per verifier (86 MB at 100,000 in the
//     review) and, once collection freed some, allocation slowed from
//     0.12 s to 10 s per 10,000.
//  2. Verifiers with different tokens each (nothing to share), dropped and
//     collected in rounds: the memory they free is reused, so it stops
//     growing; the time per round is printed, never asserted.
//  3. The one-shot verify() (a verifier made and released per call).
import { wasmMemory } from '../lib/wasm-memory.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createVerifier, parseReferer, sign, verify } from 'wechat-hostsign';

const CREATIONS = Number(process.env.CHURN_CREATIONS ?? 1_000_000);
const NOW = 1711421951;
const s = sign({ appid: 'wx0123456789abcdef', token: 'T', timestamp: NOW });
const memory = wasmMemory(() => parseReferer(''));
const pages = () => memory.buffer.byteLength / 65536;
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const settle = async () => {
  gc();
  // FinalizationRegistry callbacks run as tasks after a collection.
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

test(`${CREATIONS} undisposed verifiers with the same options, in one synchronous loop: wasm memory flat`, () => {
  const times = [];
  let start = performance.now();
  let after10k = 0;
  for (let i = 1; i <= CREATIONS; i++) {
    const v = createVerifier({ token: 'T' });
    if (v.verify(s, NOW).ok !== true) assert.fail(`verification ${i} failed`);
    if (i === 10_000) after10k = pages();
    if (i % 100_000 === 0) {
      const t = performance.now();
      times.push(((t - start) / 1000).toFixed(2));
      start = t;
    }
  }
  console.log(`churn: ${CREATIONS} creations, seconds per 100,000: ${times.join(' ')}; wasm memory ${after10k} -> ${pages()} pages`);
  assert.equal(pages(), after10k, 'wasm memory grew');
});

test('verifiers with a token each, dropped and collected in rounds: their memory is reused', async () => {
  await settle();
  const rounds = [];
  for (let round = 0; round < 12; round++) {
    const t = performance.now();
    (() => {
      for (let i = 0; i < 5000; i++) createVerifier({ tokens: ['T', `round-${round}-token-${i}`] }).verify(s, NOW);
    })();
    await settle();
    rounds.push({ pages: pages(), ms: Math.round(performance.now() - t) });
  }
  console.log(`churn: 12 rounds of 5,000 distinct verifiers: ${rounds.map((r) => `${r.pages}p/${r.ms}ms`).join(' ')}`);
  const early = Math.max(...rounds.slice(0, 6).map((r) => r.pages));
  assert.ok(rounds.slice(6).every((r) => r.pages <= early), `wasm memory kept growing: ${rounds.map((r) => r.pages)}`);
});

test('one-shot verify() 100,000 times: wasm memory flat', () => {
  const before = pages();
  for (let i = 0; i < 100_000; i++) {
    if (verify(s, { token: i % 2 ? 'T' : 'other', now: NOW }).ok !== (i % 2 === 1)) assert.fail(`call ${i}`);
  }
  assert.equal(pages(), before);
});
