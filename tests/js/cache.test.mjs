// The per-verifier cache of verified header pairs (pkg-template/src/cache.js):
//
//  1. It cannot change a verdict: a cached and an uncached verifier run over
//     the same long generated stream (seeded: CACHE_SEED, CACHE_STEPS) and
//     every result must be deep-equal, tokenIndex and age included; the
//     stream has repeats, expiry and not-yet-valid boundaries at exact
//     seconds (and fractions of one), rotation with three tokens, repeated
//     forged headers, headers that differ from a cached one only in the
//     signature or in one field, other JSON shapes of the same header,
//     missing and malformed headers, allowlists, and a clock that sometimes
//     runs backwards; small caches are evicting all along.
//  2. It does serve repeats: the test counts the wasm's verify calls (the
//     package's WebAssembly.Instance is wrapped before its first use, as the
//     soak test does) and requires far fewer for the cached verifiers.
//  3. A forged header never meets a valid signature in an early-exit
//     comparison: the lookup is driven with a probe string that records what
//     is read of it; the signature's characters are read exactly once each,
//     only by the constant-time loop, whatever position the forgery differs
//     at, and no slice that is compared with === includes them.
//  4. Bounded: a flood of distinct valid pairs never holds more than `size`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { prng } from '../lib/prng.mjs';

// Counts the wasm's verify calls; imported before the package's first use.
import { wasmVerifies } from '../lib/wasm-calls.mjs';

const { createVerifier, sign, HostSignError } = await import('wechat-hostsign');
const { PairCache, cacheSize, DEFAULT_CACHE_SIZE } = await import('../../pkg-template/src/cache.js');

const SEED = Number(process.env.CACHE_SEED ?? 0x14ca);
const STEPS = Number(process.env.CACHE_STEPS ?? 40000);
const T0 = 1711421951;
const TOKENS = ['rotation-new', 'rotation-old', 'rotation-older'];
const A = ['wx0123456789abcdef', 'wxfedcba9876543210', 'wx00000000000000ff'];

/** The option sets: each runs cached (default size and 16) against cache: false. */
const OPTION_SETS = [
  { tokens: TOKENS },
  { token: TOKENS[0], maxAge: 30, clockSkew: 0, appids: [A[0], A[1]], versions: ['release', 'devtools'] },
  { tokens: [TOKENS[1], TOKENS[0]], maxAge: null, clockSkew: 5, strictAppid: false },
];

function generator(seed) {
  const { rand, int, pick } = prng(seed);
  const hex = (n, digits = '0123456789abcdef') => Array.from({ length: n }, () => digits[int(16)]).join('');
  let now = T0;
  const pool = [];

  function fresh(maxAge, clockSkew) {
    const appid = rand() < 0.05 ? 'touristappid' : pick(A);
    const token = rand() < 0.1 ? 'not-a-configured-token' : pick(TOKENS);
    // Mostly inside the window, some outside on either side.
    const window = maxAge ?? 660;
    const ts = now - int(Math.ceil(window * 1.2) + 1) + int(clockSkew + 20);
    const noncestr = rand() < 0.05 ? pick(['n\u00e9\u4e2d\u{1f600}', 'a"b\\c', 'x'.repeat(128)]) : hex(32);
    const version = pick([0, 'devtools', 1 + int(900)]);
    const timestamp = rand() < 0.1 ? String(ts) : ts;
    const s = sign({ appid, token, noncestr, timestamp, version, strictAppid: appid !== 'touristappid' });
    return { referer: s.referer, hostsign: s.hostsign, appid, token, noncestr, ts, version };
  }
  const resign = (p, over) => {
    const s = sign({ appid: p.appid, token: p.token, noncestr: p.noncestr, timestamp: p.ts, version: p.version, strictAppid: p.appid !== 'touristappid', ...over });
    return { ...p, ...over, referer: s.referer, hostsign: s.hostsign };
  };
  const sigOf = (h) => /"signature":"([0-9a-fA-F]{40})"/.exec(h)?.[1];
  const withSig = (h, sig) => h.replace(/"signature":"[0-9a-fA-F]{40}"/, `"signature":"${sig}"`);

  // Same header, other spellings or another field changed: [referer, hostsign].
  const VARIANTS = [
    (p) => [p.referer, resign(p, { token: pick(TOKENS.filter((t) => t !== p.token)) }).hostsign], // another token's signature
    (p) => [p.referer, withSig(p.hostsign, sigOf(p.hostsign).toUpperCase())],
    (p) => {
      const sig = sigOf(p.hostsign);
      const k = int(40);
      return [p.referer, withSig(p.hostsign, sig.slice(0, k) + ((parseInt(sig[k], 16) + 1 + int(15)) % 16).toString(16) + sig.slice(k + 1))];
    },
    (p) => [p.referer, withSig(p.hostsign, hex(40))],
    (p) => [p.referer, p.hostsign.replace(/"noncestr":"(.)/, (m, c) => `"noncestr":"${c === 'a' ? 'b' : 'a'}`)],
    (p) => [p.referer, p.hostsign.replace(/("timestamp":"?\d*)(\d)/, (m, a, d) => a + ((Number(d) + 1) % 10))],
    (p) => [p.referer.replace(/\/[^/]+\/page-frame/, `/${1 + int(900)}/page-frame`), p.hostsign], // the unsigned version
    (p) => [p.referer.replace(/\/[^/]+\/[^/]+\/page-frame/, `/${pick(A)}/devtools/page-frame`), p.hostsign],
    (p) => [p.referer, p.hostsign.replace('{', '{ ').replace('":', '": ')], // JSON whitespace
    (p) => [p.referer, p.hostsign + ' '],
    (p) => [p.referer, p.hostsign.replace(/}$/, ',"x":1}')],
    (p) => [p.referer, `{"signature":"${sigOf(p.hostsign)}",${p.hostsign.slice(1, p.hostsign.indexOf(',"signature"'))}}`],
    (p) => [p.referer, p.hostsign.replace(/}$/, `,"signature":"${sigOf(p.hostsign)}"}`)], // duplicate key
    (p) => [p.referer, p.hostsign.replace(/"signature":"(.)/, (m, c) => `"signature":"\\u00${c.charCodeAt(0).toString(16)}`)], // escaped digit
    (p) => [p.referer, p.hostsign.replace(/}$/, `,"x":",\\"signature\\":\\"${sigOf(p.hostsign)}"}`)],
    (p) => [p.referer, p.hostsign.replace(/}$/, `,"x":{"signature":"${sigOf(p.hostsign)}"}}`)],
    (p) => [[p.referer], [p.hostsign]], // one-element arrays: the value
    (p) => [p.referer, [p.hostsign, p.hostsign]], // repeated
    (p) => [[p.referer, p.referer], p.hostsign],
    (p) => [p.referer, p.hostsign.slice(0, -1)],
    (p) => [p.referer + '?', p.hostsign],
  ];
  const BROKEN = [
    () => [undefined, pick(pool).hostsign],
    () => [pick(pool).referer, undefined],
    () => [null, null],
    () => [pick(pool).referer, '{}'],
    () => [pick(pool).referer, ''],
    () => [pick(pool).referer, '{"noncestr":"","timestamp":"","signature":""}'],
    () => ['', pick(pool).hostsign],
    () => [pick(pool).referer, hex(int(200))],
    () => [pick(pool).referer, `{"noncestr":"a","timestamp":1,"signature":"${hex(40)}"}`],
    () => [pick(pool).referer, 42],
    () => [pick(pool).referer, '\ud800' + pick(pool).hostsign],
  ];

  /** The next step: { referer, hostsign, now } (now a number, sometimes fractional, or a Date). */
  return function next(maxAge, clockSkew) {
    const r = rand();
    if (r < 0.003) now += 600 + int(300);
    else if (r < 0.005) now -= int(300);
    else if (r < 0.3) now += 1;
    let referer;
    let hostsign;
    let at = now;
    const c = rand();
    if (pool.length === 0 || c < 0.12) {
      const p = fresh(maxAge, clockSkew);
      pool.push(p);
      if (pool.length > 48) pool.splice(int(pool.length), 1);
      ({ referer, hostsign } = p);
    } else if (c < 0.6) {
      // A client reusing its header (recent ones most).
      ({ referer, hostsign } = pool[pool.length - 1 - Math.min(pool.length - 1, int(8) * int(7))]);
    } else if (c < 0.82) {
      [referer, hostsign] = pick(VARIANTS)(pick(pool));
    } else if (c < 0.9) {
      [referer, hostsign] = pick(BROKEN)();
    } else {
      // A pool header at the exact edges of its window.
      const p = pick(pool);
      ({ referer, hostsign } = p);
      const edges = [p.ts - clockSkew, p.ts - clockSkew - 1, p.ts, p.ts - clockSkew + 0.5, p.ts - clockSkew - 0.25];
      if (maxAge !== null) edges.push(p.ts + maxAge, p.ts + maxAge + 1, p.ts + maxAge + 0.999, p.ts + maxAge + 1.001);
      at = Math.max(0, pick(edges));
    }
    const now_ = rand() < 0.05 ? new Date(at * 1000) : at;
    return { referer, hostsign, now: now_ };
  };
}

/** One step through a verifier, in one of the request shapes (the same for both). */
function run(v, step, shape) {
  const { referer, hostsign, now } = step;
  if (shape === 0 || typeof referer !== 'string' || typeof hostsign !== 'string') return v.verify({ referer, hostsign }, now);
  if (shape === 1) return v.verifyRequest({ rawHeaders: ['Host', 'x', 'Referer', referer, 'X-WECHAT-HOSTSIGN', hostsign] }, now);
  if (shape === 2) {
    // Fetch refuses some values (a lone surrogate): then the plain form.
    let headers;
    try {
      headers = new Headers({ referer, 'x-wechat-hostsign': hostsign });
    } catch {
      return v.verify({ referer, hostsign }, now);
    }
    return v.verifyRequest(new Request('http://127.0.0.1/', { headers }), now);
  }
  return v.verifyRequest({ Referer: referer, 'x-wechat-hostsign': hostsign }, now);
}

const describe = (r) => (r.ok ? `OK ${r.appid} age ${r.age} token ${r.tokenIndex}` : r.code);

test('a cached verifier returns exactly what an uncached one does, over a long mixed stream', () => {
  for (const [n, options] of OPTION_SETS.entries()) {
    const uncached = createVerifier({ ...options, cache: false });
    const cached = createVerifier(options);
    const small = createVerifier({ ...options, cache: { size: 16 } });
    const maxAge = options.maxAge === undefined ? 660 : options.maxAge;
    const clockSkew = options.clockSkew ?? 60;
    const next = generator(SEED + n);
    const shape = prng(SEED ^ 0x5a5a).int;
    const calls = { uncached: 0, cached: 0, small: 0 };
    const outcomes = new Map();
    for (let i = 0; i < STEPS; i++) {
      const step = next(maxAge, clockSkew);
      const s = shape(4);
      let before = wasmVerifies;
      const want = run(uncached, step, s);
      calls.uncached += wasmVerifies - before;
      for (const [name, v] of [['cached', cached], ['small', small]]) {
        before = wasmVerifies;
        const got = run(v, step, s);
        calls[name] += wasmVerifies - before;
        if (!isDeepStrictEqual(got, want)) {
          assert.deepStrictEqual(got, want, `options ${n}, step ${i} (${name}, shape ${s}): ${JSON.stringify({ ...step, now: String(step.now) })}`);
        }
      }
      const key = describe(want).replace(/ .*/, '');
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    // The stream reaches every verdict the options allow, and the cache serves it.
    for (const code of ['OK', 'BAD_SIGNATURE', 'MALFORMED_HOSTSIGN', 'MALFORMED_REFERER', 'MISSING_REFERER', 'MISSING_HOSTSIGN', 'UNSIGNED']) {
      assert.ok(outcomes.get(code) > 0, `options ${n}: no ${code} in the stream (${JSON.stringify([...outcomes])})`);
    }
    if (maxAge !== null) assert.ok(outcomes.get('EXPIRED') > 0, `options ${n}: no EXPIRED`);
    assert.ok(outcomes.get('NOT_YET_VALID') > 0, `options ${n}: no NOT_YET_VALID`);
    if (options.appids) assert.ok(outcomes.get('APPID_NOT_ALLOWED') > 0 && outcomes.get('VERSION_NOT_ALLOWED') > 0);
    assert.equal(calls.uncached, STEPS, 'the uncached verifier calls the wasm every time');
    // Served from the cache: most OK results (a pair enters on its second
    // verification; EXPIRED pairs leave), some even with 16 slots.
    const ok = outcomes.get('OK');
    console.log(`options ${n}: ${STEPS} steps, ${ok} OK; wasm verify calls: cached ${calls.cached}, 16 slots ${calls.small}, uncached ${calls.uncached}`);
    assert.ok(STEPS - calls.cached > 0.5 * ok, `options ${n}: the cache served too few (${STEPS - calls.cached} of ${ok} OK)`);
    assert.ok(STEPS - calls.small > 0.05 * ok, `options ${n}: the small cache served too few`);
  }
});

test('freshness is decided again on every hit, at exact seconds', () => {
  const s = sign({ appid: A[0], token: 'T', timestamp: T0, version: 7 });
  const v = createVerifier({ token: 'T', maxAge: 100, clockSkew: 10 });
  const u = createVerifier({ token: 'T', maxAge: 100, clockSkew: 10, cache: false });
  // Twice to enter (a pair enters on its second verification), then hits.
  v.verify(s, T0);
  v.verify(s, T0);
  for (const now of [T0 + 100, T0 - 10, T0 + 100.999, T0 - 9.5, T0, T0 + 50]) {
    const want = u.verify(s, now);
    const before = wasmVerifies;
    assert.deepStrictEqual(v.verify(s, now), want, `at ${now}`);
    assert.equal(wasmVerifies, before, `at ${now}: not answered from the cache`);
    assert.equal(want.ok, true);
  }
  assert.equal(v.verify(s, T0 - 11).code, 'NOT_YET_VALID');
  assert.equal(v.verify(s, T0 - 10.5).code, 'NOT_YET_VALID', 'now is floored to whole seconds');
  assert.equal(v.verify(s, T0 + 101).code, 'EXPIRED');
  assert.deepStrictEqual(v.verify(s, T0 + 101), u.verify(s, T0 + 101));
  assert.deepStrictEqual(v.verify(s, new Date((T0 + 60) * 1000)), u.verify(s, new Date((T0 + 60) * 1000)));
  assert.throws(() => v.verify(s, -1), HostSignError, 'a bad now throws before the cache is asked');
  assert.throws(() => v.verify(s, Date.now()), HostSignError);
});

test('repeated forged headers never enter; each verifier has its own cache', () => {
  const good = sign({ appid: A[0], token: 'T', timestamp: T0 });
  const forged = sign({ appid: A[0], token: 'guess', timestamp: T0 });
  const v = createVerifier({ token: 'T' });
  const before = wasmVerifies;
  for (let i = 0; i < 10; i++) assert.equal(v.verify(forged, T0).code, 'BAD_SIGNATURE');
  assert.equal(wasmVerifies - before, 10, 'a forged header was answered from the cache');
  // The valid pair, cached in v, means nothing to verifiers with other options.
  for (let i = 0; i < 3; i++) assert.equal(v.verify(good, T0 + 600).ok, true);
  assert.equal(createVerifier({ token: 'T', maxAge: 10 }).verify(good, T0 + 600).code, 'EXPIRED');
  assert.equal(createVerifier({ token: 'other' }).verify(good, T0).code, 'BAD_SIGNATURE');
  assert.equal(createVerifier({ token: 'T', appids: [A[1]] }).verify(good, T0).code, 'APPID_NOT_ALLOWED');
});

test('dispose() empties the cache', () => {
  const s = sign({ appid: A[0], token: 'T', timestamp: T0 });
  const v = createVerifier({ token: 'T' });
  for (let i = 0; i < 3; i++) assert.equal(v.verify(s, T0).ok, true);
  v.dispose();
  let r;
  try {
    r = v.verify(s, T0);
  } catch {
    r = { ok: false };
  }
  assert.equal(r.ok, false, 'a disposed verifier answered from its cache');
});

test('the cache option: true, false, {} or { size }; anything else is INVALID_OPTIONS', () => {
  for (const cache of [undefined, true, false, {}, { size: 2 }, { size: 1000 }, { size: 2 ** 20 }]) {
    assert.equal(createVerifier({ token: 'T', cache }).verify({}).code, 'MISSING_REFERER', JSON.stringify(cache));
  }
  for (const cache of [null, 0, 1, 'yes', [], { size: 1 }, { size: 0 }, { size: 2.5 }, { size: 2 ** 20 + 1 }, { size: '64' }, { sise: 64 }, { size: 64, ttl: 1 }]) {
    assert.throws(
      () => createVerifier({ token: 'T', cache }),
      (e) => e instanceof HostSignError && e.code === 'INVALID_OPTIONS' && /cache/.test(e.message),
      JSON.stringify(cache),
    );
  }
  assert.equal(cacheSize(undefined), DEFAULT_CACHE_SIZE);
  assert.equal(cacheSize(false), 0);
  assert.equal(cacheSize({ size: 10 }), 10);
});

// --- White box: the lookup's reads of the incoming HostSign ----------------------

/** A HostSign stand-in that records every read: its characters, slices and methods. */
function probe(text) {
  const log = { chars: [], slices: [], starts: [], other: [] };
  const target = {
    length: text.length,
    charCodeAt(i) {
      log.chars.push(i);
      return text.charCodeAt(i);
    },
    slice(a, b = text.length) {
      log.slices.push([a, b]);
      return text.slice(a, b);
    },
    startsWith(s, at = 0) {
      log.starts.push([at, at + s.length]);
      return text.startsWith(s, at);
    },
  };
  const p = new Proxy(target, {
    get(t, k) {
      if (!(k in t)) log.other.push(String(k));
      return t[k];
    },
  });
  return { p, log };
}

test('a forgery that differs from a cached header only in its signature meets it only in constant time', () => {
  const { rand, int } = prng(SEED ^ 0xc0de);
  for (let round = 0; round < 20; round++) {
    const s = sign({ appid: A[round % 3], token: 'T', timestamp: T0 + int(1000), version: 1 + int(900) });
    const h = s.hostsign;
    const n = h.length;
    const sigFrom = n - 42;
    const sigTo = n - 2;
    assert.equal(h.slice(sigFrom, sigTo), s.signature);
    const cache = new PairCache(64, 660, 60);
    cache.set(s.referer, h, A[0], 2, 1, 'n', T0, 0);
    cache.set(s.referer, h, A[0], 2, 1, 'n', T0, 0);
    assert.ok(cache.get(s.referer, h), 'the valid pair is cached');
    // Nothing compared with === holds the signature.
    for (const e of cache.slots) if (e) assert.ok(!e.prefix.includes(s.signature) && !e.referer.includes(s.signature));
    const patterns = [];
    for (let k = 0; k < 40; k += 1 + int(3)) {
      const c = h[sigFrom + k];
      const other = rand() < 0.5 ? (c === 'f' ? 'e' : 'f') : c.toUpperCase() === c ? 'a' : c.toUpperCase();
      const forged = h.slice(0, sigFrom + k) + other + h.slice(sigFrom + k + 1);
      for (const [text, expect] of [[forged, false], [h, true]]) {
        const { p, log } = probe(text);
        assert.equal(cache.get(s.referer, p) !== undefined, expect, `mismatch at ${k}`);
        const inSig = (i) => i >= sigFrom && i < sigTo;
        const sigReads = log.chars.filter(inSig).sort((a, b) => a - b);
        assert.deepStrictEqual(sigReads, Array.from({ length: 40 }, (_, j) => sigFrom + j), `every signature character read once (mismatch at ${k})`);
        for (const [a, b] of log.slices) assert.ok(b <= sigFrom || a >= sigTo, `a slice [${a}, ${b}) overlaps the signature`);
        for (const [a, b] of log.starts) assert.ok(b <= sigFrom || a >= sigTo);
        assert.deepStrictEqual(log.other, []);
        patterns.push(JSON.stringify(log));
      }
    }
    // What is read does not depend on where the forgery differs.
    assert.equal(new Set(patterns).size, 1, 'the reads depend on the mismatch position');
  }
});

test('only the compact shape is cached, and nothing of the signature chooses the bucket', () => {
  const s = sign({ appid: A[0], token: 'T', timestamp: T0 });
  const n = s.hostsign.length;
  const { p, log } = probe(s.hostsign);
  const cache = new PairCache(64, 660, 60);
  const signature = Array.from({ length: 40 }, (_, k) => n - 42 + k);
  cache.set(s.referer, p, A[0], 2, 1, 'n', T0, 0);
  // A first verification reads no signature character.
  assert.deepStrictEqual(log.chars.filter((i) => i >= n - 42 && i < n - 2), [], 'set() read the signature');
  const first = log.chars.length;
  cache.set(s.referer, p, A[0], 2, 1, 'n', T0, 0);
  assert.ok(cache.slots.some((e) => e && e.hostsign === p), 'the pair entered');
  // Entering copies the signature (for the constant-time comparison of
  // lookups, the test above): each character once, in order, after
  // everything that chose the bucket and checked the shape.
  const entering = log.chars.slice(first);
  assert.deepStrictEqual(entering.filter((i) => i >= n - 42 && i < n - 2), signature, 'set() read the signature other than to copy it');
  assert.deepStrictEqual(entering.slice(-40), signature, 'set() read the signature before choosing the bucket');
  for (const [a, b] of [...log.slices, ...log.starts]) assert.ok(b <= n - 42 || a >= n - 2);
  for (const hostsign of [s.hostsign + ' ', s.hostsign.replace('{', '{ ').replace(',"signature"', ', "signature"'), s.hostsign.replace(/}$/, ',"x":1}')]) {
    const c = new PairCache(64, 660, 60);
    c.set(s.referer, hostsign, A[0], 2, 1, 'n', T0, 0);
    c.set(s.referer, hostsign, A[0], 2, 1, 'n', T0, 0);
    assert.equal(c.get(s.referer, hostsign), undefined, hostsign);
  }
});

test('bounded: a flood of distinct valid pairs never holds more than size entries', () => {
  const v = createVerifier({ token: 'T', cache: { size: 16 } });
  const s = sign({ appid: A[0], token: 'T', timestamp: T0 });
  // Anyone with one valid header can make many: the Referer's version is unsigned.
  const first = [];
  for (let i = 1; i <= 3000; i++) {
    const referer = s.referer.replace(/\/\d+\/page-frame/, `/${i}/page-frame`);
    for (let j = 0; j < 3; j++) assert.equal(v.verify({ referer, hostsign: s.hostsign }, T0).ok, true);
    if (i <= 16) first.push(referer);
  }
  const before = wasmVerifies;
  for (const referer of first) v.verify({ referer, hostsign: s.hostsign }, T0);
  assert.equal(wasmVerifies - before, first.length, 'entries of the first pairs survived 3000 newer ones in a 16-slot cache');
  // The white-box bound, with distinct HostSigns too.
  const cache = new PairCache(16, 660, 60);
  for (let i = 0; i < 5000; i++) {
    const t = sign({ appid: A[i % 3], token: 'T', timestamp: T0 + i, version: 1 + (i % 900) });
    cache.set(t.referer, t.hostsign, A[0], 2, 1, 'n', T0, 0);
    cache.set(t.referer, t.hostsign, A[0], 2, 1, 'n', T0, 0);
    assert.ok((cache.slots ?? []).filter(Boolean).length <= 16);
  }
  assert.equal(cache.slots.length, 16);
  assert.equal((new PairCache(1000, 660, 60).mask + 1) * 2, 512, 'a size is rounded down to a power of two');
});

test('a bucket holds two pairs; a third there evicts the one that entered first', () => {
  // Two buckets of two slots: find three pairs of one bucket.
  const cache = new PairCache(4, null, 0);
  const put = (t) => {
    cache.set(t.referer, t.hostsign, A[0], 2, 1, 'n', T0, 0);
    cache.set(t.referer, t.hostsign, A[0], 2, 1, 'n', T0, 0);
  };
  const pairs = [];
  for (let i = 0; pairs.length < 3 && i < 500; i++) {
    const t = sign({ appid: A[0], token: 'T', timestamp: T0 + i });
    const probeCache = new PairCache(4, null, 0);
    probeCache.set(t.referer, t.hostsign, A[0], 2, 1, 'n', T0, 0);
    probeCache.set(t.referer, t.hostsign, A[0], 2, 1, 'n', T0, 0);
    if (probeCache.slots[0] !== null) pairs.push(t);
  }
  assert.equal(pairs.length, 3, "no three pairs of bucket 0 in 500 (the tag does not spread)");
  const [a, b, c] = pairs;
  put(a);
  put(b);
  assert.ok(cache.get(a.referer, a.hostsign) && cache.get(b.referer, b.hostsign), 'both pairs of one bucket are kept');
  put(c);
  assert.equal(cache.get(a.referer, a.hostsign), undefined, 'the oldest left');
  assert.ok(cache.get(b.referer, b.hostsign) && cache.get(c.referer, c.hostsign));
  // The same pair with another signature (another token's) replaces its entry.
  const other = sign({ appid: A[0], token: 'U', noncestr: JSON.parse(c.hostsign).noncestr, timestamp: JSON.parse(c.hostsign).timestamp });
  assert.equal(other.referer, c.referer);
  put(other);
  assert.ok(cache.get(other.referer, other.hostsign) && cache.get(b.referer, b.hostsign), 'a re-signed pair replaced its own entry, not the other');
  assert.equal(cache.get(c.referer, c.hostsign), undefined);
});

test('a cache allocates nothing until a pair enters: a verifier made per request costs no table', () => {
  const cache = new PairCache(1024, 660, 60);
  const s = sign({ appid: A[0], token: 'T', timestamp: T0 });
  const t = sign({ appid: A[1], token: 'T', timestamp: T0 });
  assert.deepEqual([cache.seen, cache.tags, cache.slots], [null, null, null]);
  assert.equal(cache.get(s.referer, s.hostsign), undefined);
  cache.set(s.referer, s.hostsign, A[0], 0, 0, 'n', T0, 0);
  assert.deepEqual([cache.seen, cache.tags, cache.slots], [null, null, null], 'one verified pair: remembered without a table');
  cache.set(t.referer, t.hostsign, A[1], 0, 0, 'n', T0, 0);
  assert.ok(cache.seen instanceof Int32Array, 'a second pair makes the table of first sightings');
  assert.equal(cache.tags, null);
  // The first pair, seen again, enters (as it did with the table from the start).
  cache.set(s.referer, s.hostsign, A[0], 0, 0, 'n', T0, 0);
  assert.equal(cache.get(s.referer, s.hostsign)?.appid, A[0]);
  assert.equal(cache.get(t.referer, t.hostsign), undefined);
  cache.set(t.referer, t.hostsign, A[1], 0, 0, 'n', T0, 0);
  assert.equal(cache.get(t.referer, t.hostsign)?.appid, A[1]);
});

test('a nested "signature" key in a HostSign is not the one the cache compares in constant time', () => {
  // The top-level signature is the last member; a nested object's
  // "signature" earlier is an unknown key. The pair is cached, and a forgery
  // that changes the real signature's characters is compared in constant
  // time and refused; one that changes the nested value is another prefix.
  const v = createVerifier({ token: 'T' });
  const s = sign({ appid: A[0], token: 'T', timestamp: T0, noncestr: 'c3b4a7e9d0f1a2b3c4d5e6f708192a3b' });
  const nested = s.hostsign.replace('"timestamp"', `"o":{"signature":"${s.signature}"},"timestamp"`);
  const h = { referer: s.referer, hostsign: nested };
  for (let i = 0; i < 3; i++) assert.equal(v.verify(h, T0).ok, true);
  const before = wasmVerifies;
  assert.equal(v.verify(h, T0).ok, true);
  assert.equal(wasmVerifies, before, 'served from the cache');
  const forged = nested.slice(0, -3) + (nested.at(-3) === '0' ? '1' : '0') + '"}';
  assert.equal(v.verify({ referer: s.referer, hostsign: forged }, T0).code, 'BAD_SIGNATURE');
  // A nested value in the last member: not the compact shape, never cached.
  const last = s.hostsign.slice(0, -1) + `,"o":{"signature":"${s.signature}"}}`;
  for (let i = 0; i < 3; i++) assert.equal(v.verify({ referer: s.referer, hostsign: last }, T0).ok, true);
  const again = wasmVerifies;
  v.verify({ referer: s.referer, hostsign: last }, T0);
  assert.equal(wasmVerifies, again + 1, 'verified by the core each time');
  v.dispose();
});
