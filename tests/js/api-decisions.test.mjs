// Decisions of api.js (and the modules it gathers) that the other suites reach without pinning (found by
// mutation testing, scripts/mutants js): which failure a joined HostSign
// gives, what dispose() releases when other verifiers live, the cache
// switched off, option errors for a too-long version name and for a caller
// that names itself, the global key of HostSignError, and verifiers nobody
// disposes being released when collected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { wasmMemory } from '../lib/wasm-memory.mjs';

// Counts the wasm's verify calls; imported before the package's first use.
import { wasmVerifies } from '../lib/wasm-calls.mjs';

const { createVerifier, verify, verifyRequest, sign, parseReferer, HostSignError } = await import('wechat-hostsign');

const NOW = 1711421951;
const A = 'wx0123456789abcdef';
const isDisposed = (e) => e instanceof HostSignError && /disposed/.test(e.message);

test('HostSignError is registered under its global key, where every copy of the package finds it', () => {
  assert.equal(globalThis[Symbol.for('wechat-hostsign.HostSignError.v1')], HostSignError);
});

test('a HostSign joined by Fetch gets its own message; a repeated one in raw headers the plain one; the Referer is checked first', () => {
  const s = sign({ appid: A, token: 'T', timestamp: NOW });
  const joined = new Headers({ referer: s.referer });
  joined.append('x-wechat-hostsign', s.hostsign);
  joined.append('x-wechat-hostsign', s.hostsign);
  const j = verifyRequest(joined, { token: 'T', now: NOW });
  assert.equal(j.code, 'MALFORMED_HOSTSIGN');
  assert.match(j.message, /joins repeated headers/);

  const raw = { rawHeaders: ['Referer', s.referer, 'X-WECHAT-HOSTSIGN', s.hostsign, 'X-WECHAT-HOSTSIGN', s.hostsign] };
  const r = verifyRequest(raw, { token: 'T', now: NOW });
  assert.equal(r.code, 'MALFORMED_HOSTSIGN');
  assert.doesNotMatch(r.message, /joins/);
  assert.match(r.message, /more than once/);

  // A joined HostSign behind a missing or malformed Referer: the Referer's failure.
  const noReferer = new Headers();
  noReferer.append('x-wechat-hostsign', s.hostsign);
  noReferer.append('x-wechat-hostsign', s.hostsign);
  assert.equal(verifyRequest(noReferer, { token: 'T', now: NOW }).code, 'MISSING_REFERER');
  const badReferer = new Headers(noReferer);
  badReferer.set('referer', 'https://example.com/');
  assert.equal(verifyRequest(badReferer, { token: 'T', now: NOW }).code, 'MALFORMED_REFERER');
  // And a joined HostSign of a disallowed AppID: the allowlist speaks first.
  assert.equal(createVerifier({ token: 'T', appids: ['wx1111111111111111'] }).verifyRequest(joined, NOW).code, 'APPID_NOT_ALLOWED');
});

test('dispose() releases its own verifier only, once, whatever other verifiers live', () => {
  // Forty verifiers with options of their own: every low slot is taken.
  const N = 40;
  const signed = Array.from({ length: N }, (_, i) => sign({ appid: A, token: `token-${i}`, timestamp: NOW }));
  const live = signed.map((_, i) => createVerifier({ token: `token-${i}` }));
  for (const [i, v] of live.entries()) assert.equal(v.verify(signed[i], NOW).ok, true);
  // The last ones made: the first ones hold the lowest slots, and keep them.
  const victims = [39, 38, 25, 17];
  for (const victim of victims) {
    live[victim].dispose();
    live[victim].dispose();
    assert.throws(() => live[victim].verify(signed[victim], NOW), isDisposed);
    // A disposed verifier never answers with another verifier's state.
    for (const other of signed) assert.throws(() => live[victim].verify(other, NOW), isDisposed);
  }
  for (const [i, v] of live.entries()) {
    if (victims.includes(i)) continue;
    assert.equal(v.verify(signed[i], NOW).ok, true, `verifier ${i} after the others were disposed (twice)`);
    assert.equal(v.verify(signed[(i + 1) % N], NOW).code, 'BAD_SIGNATURE');
  }
  for (const v of live) v.dispose();
});

test('cache: false — every verification reaches the core, and dispose() works', () => {
  const s = sign({ appid: A, token: 'T', timestamp: NOW });
  for (const cache of [false, { size: 2 }]) {
    const v = createVerifier({ token: 'T', cache });
    const before = wasmVerifies;
    for (let i = 0; i < 6; i++) assert.equal(v.verify(s, NOW).ok, true);
    const calls = wasmVerifies - before;
    if (cache === false) assert.equal(calls, 6, 'a verifier without a cache answered from one');
    else assert.ok(calls < 6, 'a verifier with a cache did not use it');
    v.dispose();
    assert.throws(() => v.verify(s, NOW), isDisposed);
  }
  // The one-shot forms have no cache either.
  const before = wasmVerifies;
  for (let i = 0; i < 4; i++) assert.equal(verify(s, { token: 'T', now: NOW }).ok, true);
  assert.equal(wasmVerifies - before, 4);
});

test('a version name too long to be one is INVALID_OPTIONS, saying it is not a version', () => {
  for (const name of ['r'.repeat(65), 'release'.repeat(100)]) {
    assert.throws(
      () => createVerifier({ token: 'T', versions: ['release', name] }),
      (e) => e instanceof HostSignError && e.code === 'INVALID_OPTIONS' && /version/i.test(e.message) && !e.message.includes(name),
    );
  }
  assert.equal(createVerifier({ token: 'T', versions: ['release', 'develop'] }).verify({}).code, 'MISSING_REFERER');
});

test('a one-shot call made for another function keeps that function in its option errors', () => {
  const caller = Symbol.for('wechat-hostsign.caller');
  const s = sign({ appid: A, token: 'T', timestamp: NOW });
  assert.throws(
    () => verify(s, { token: 'T', now: NOW, bogus: 1, [caller]: { name: 'myCheck()', options: ['strictMode'] } }),
    (e) => e instanceof HostSignError && /myCheck\(\)/.test(e.message) && /strictMode/.test(e.message) && !/verify\(\)/.test(e.message),
  );
  // Without one: verify() and its `now`.
  assert.throws(
    () => verify(s, { token: 'T', now: NOW, bogus: 1 }),
    (e) => e instanceof HostSignError && /verify\(\)/.test(e.message) && /\bnow\b/.test(e.message),
  );
});

test('verifiers nobody disposes are released when collected: their memory is reused', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const settle = async () => {
    gc();
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  const memory = wasmMemory(() => parseReferer(''));
  const pages = () => memory.buffer.byteLength / 65536;
  // 600 verifiers of sixteen 1 KiB tokens each (about 10 MB) per round.
  const round = (r) => {
    for (let i = 0; i < 600; i++) {
      createVerifier({ tokens: Array.from({ length: 16 }, (_, k) => `${r}-${i}-${k}-`.padEnd(1024, 'x')) });
    }
  };
  await settle();
  const seen = [];
  for (let r = 0; r < 6; r++) {
    round(r);
    await settle();
    seen.push(pages());
  }
  const early = Math.max(seen[0], seen[1]);
  assert.ok(seen.slice(2).every((p) => p <= early), `wasm memory kept growing (pages per round: ${seen})`);
});

// --- "did you mean": a differential test against an independent rule.

/** Levenshtein distance, recursive with a memo (the reference, not the package's loop). */
function distance(a, b) {
  const memo = new Map();
  const d = (i, j) => {
    if (i === 0) return j;
    if (j === 0) return i;
    const k = i * 100 + j;
    if (!memo.has(k)) memo.set(k, Math.min(d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    return memo.get(k);
  };
  return d(a.length, b.length);
}

test('an unknown option suggests the option it differs from only in case and _, else one within two edits', async () => {
  const { prng } = await import('../lib/prng.mjs');
  const { int, pick, rand } = prng(0xd1d);
  const probe = (() => {
    try {
      createVerifier({ token: 'T', zzz: 1 });
    } catch (e) {
      return e.message;
    }
  })();
  const names = /takes (.*) and (\w+)\.$/.exec(probe).slice(1).join(', ').split(', ');
  assert.deepEqual(names, ['token', 'tokens', 'maxAge', 'clockSkew', 'appids', 'versions', 'strictAppid', 'cache', 'locale']);
  const squash = (s) => s.toLowerCase().replaceAll('_', '');
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_';
  const edit = (s) => {
    const at = int(s.length + 1);
    switch (int(5)) {
      case 0: return s.slice(0, at) + pick(letters) + s.slice(at); // insert
      case 1: return s.slice(0, at) + s.slice(at + 1); // delete
      case 2: return s.slice(0, at) + pick(letters) + s.slice(at + 1); // substitute
      case 3: return s.slice(0, at) + '_' + s.slice(at); // an underscore
      default: return rand() < 0.5 ? s.toUpperCase() : s.toLowerCase(); // case
    }
  };
  let hinted = 0;
  let squashed = 0;
  let none = 0;
  for (let i = 0; i < 1500; i++) {
    let key = pick(names);
    for (let e = 1 + int(4); e > 0; e--) key = edit(key);
    if (!/^[A-Za-z_$][\w$]{0,39}$/.test(key) || names.includes(key)) continue;
    const want = names.find((n) => squash(n) === squash(key)) ?? names.find((n) => n.length > 3 && distance(n, key) <= 2);
    let message;
    try {
      // (A token no option name can contain or be part of: every name is shown.)
      createVerifier({ token: '#%!', [key]: 1 });
      assert.fail(`option ${key} was accepted`);
    } catch (e) {
      message = e.message;
    }
    if (want === undefined) {
      assert.doesNotMatch(message, /did you mean/, key);
      none++;
    } else {
      assert.ok(message.includes(`Unknown option '${key}' (did you mean '${want}'?)`), `${key}: ${message}`);
      hinted++;
      if (distance(want, key) > 2) squashed++;
    }
  }
  assert.ok(hinted > 300 && none > 300 && squashed > 30, `${hinted} hinted (${squashed} by case and _ alone), ${none} without`);
});

test('short option names are never suggested, and an empty token hides no name', () => {
  const s = sign({ appid: A, token: 'T', timestamp: NOW });
  // `now` (three letters) is one edit from `nw` and `no`, and still not suggested.
  for (const key of ['nw', 'no', 'nowx']) {
    assert.throws(
      () => verify(s, { token: 'T', [key]: 1 }),
      (e) => e instanceof HostSignError && e.message.startsWith(`Unknown option '${key}';`),
      key,
    );
  }
  // An empty token (refused later) contains no option name.
  for (const options of [{ token: '' }, { tokens: ['', 'x'] }]) {
    assert.throws(
      () => createVerifier({ ...options, bogus: 1 }),
      (e) => e instanceof HostSignError && e.message.startsWith("Unknown option 'bogus';"),
    );
  }
});
