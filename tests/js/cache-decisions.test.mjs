// The per-verifier cache (pkg-template/src/cache.js): its decisions, one by
// one, seen through the package (which verifications reach the wasm, what
// each returns) and, where only the cache itself can show it, white box.
//
//  - A pair enters on its second verification, not its first.
//  - Two pairs of one bucket with the same tag (one HostSign under two
//    Referers, or two HostSigns equal in every hashed character) are both
//    kept and both found.
//  - A pair found EXPIRED leaves its slot, and only its slot.
//  - Only the compact shape enters: a HostSign whose last field is not the
//    signature, or that does not end with `"}`, is never served; nor is a
//    header that differs from a cached one only in its last characters.
//  - A bucket remembers two first verifications: two pairs that alternate in
//    it both enter.
//  - A HostSign of any shape that is not cached leaves the bucket's memory of
//    first verifications alone.
//  - The longest HostSign the core accepts (1024) is cached; a compact one too
//    short for its prefix to hold the hashed characters is not, and the
//    signature's characters never choose its bucket.
//  - The tag spreads pairs that differ only in their nonce, or only in their
//    timestamp; a tag that hashes to 0 (the empty-slot mark) still works.
//  - cache: { size } counts only an own `size`.
import { test } from 'node:test';
import assert from 'node:assert/strict';

// Counts the wasm's verify calls; imported before the package's first use.
import { wasmVerifies } from '../lib/wasm-calls.mjs';

const { createVerifier, sign, HostSignError } = await import('wechat-hostsign');
const { PairCache } = await import('../../pkg-template/src/cache.js');

const T0 = 1711421951;
const APPID = 'wx0123456789abcdef';

/** Verifies `pair` at `now`; returns [result, number of wasm verifications]. */
function counted(v, pair, now = T0) {
  const before = wasmVerifies;
  const r = v.verify({ referer: pair.referer, hostsign: pair.hostsign }, now);
  return [r, wasmVerifies - before];
}

/** The wasm calls of each of `times` verifications of `pair` (all must be ok). */
function calls(v, pair, times, now = T0) {
  const out = [];
  for (let i = 0; i < times; i++) {
    const [r, c] = counted(v, pair, now);
    assert.equal(r.ok, true, `verification ${i + 1}: ${r.code}`);
    out.push(c);
  }
  return out;
}

const withVersion = (referer, version) => referer.replace(/\/[^/]+\/page-frame/, `/${version}/page-frame`);

test('a pair enters on its second verification and is served from its third', () => {
  const s = sign({ appid: APPID, token: 'T', timestamp: T0, noncestr: '0f1e2d3c4b5a69788796a5b4c3d2e1f0' });
  assert.deepStrictEqual(calls(createVerifier({ token: 'T' }), s, 5), [1, 1, 0, 0, 0]);
  assert.deepStrictEqual(calls(createVerifier({ token: 'T', cache: { size: 2 } }), s, 4), [1, 1, 0, 0]);
});

test('one HostSign under two Referers: both pairs stay cached in one bucket, found in either slot', () => {
  // The Referer's version is unsigned: two pairs with the same HostSign, so
  // the same tag; with 2 slots, one bucket.
  const s = sign({ appid: APPID, token: 'T', timestamp: T0, version: 3 });
  const other = { referer: withVersion(s.referer, 4), hostsign: s.hostsign };
  const v = createVerifier({ token: 'T', cache: { size: 2 } });
  calls(v, s, 2);
  calls(v, other, 2);
  // The newer in the first slot, the older in the second: each is served.
  assert.deepStrictEqual(calls(v, s, 2), [0, 0], 'the pair in the second slot was not found');
  assert.deepStrictEqual(calls(v, other, 2), [0, 0]);
  // And a third Referer is a miss that the core answers (still OK).
  assert.deepStrictEqual(calls(v, { referer: withVersion(s.referer, 5), hostsign: s.hostsign }, 1), [1]);
});

test('two HostSigns equal in every hashed character but different in their prefix are two entries', () => {
  // Same length, same first 8 nonce characters, same timestamp: the same tag.
  const a = sign({ appid: APPID, token: 'T', timestamp: T0, noncestr: 'aaaaaaaa' + '0'.repeat(24) });
  const b = sign({ appid: APPID, token: 'T', timestamp: T0, noncestr: 'aaaaaaaa' + '1'.repeat(24) });
  assert.equal(a.referer, b.referer);
  assert.equal(a.hostsign.length, b.hostsign.length);
  const v = createVerifier({ token: 'T', cache: { size: 2 } });
  calls(v, a, 2);
  calls(v, b, 2);
  assert.deepStrictEqual(calls(v, a, 2), [0, 0], 'the second pair displaced the first');
  assert.deepStrictEqual(calls(v, b, 2), [0, 0]);
});

test('a pair found EXPIRED leaves its slot, and only its slot', () => {
  // One bucket (2 slots): A in the second slot, B in the first.
  const a = sign({ appid: APPID, token: 'T', timestamp: T0, noncestr: 'a'.repeat(32) });
  const b = sign({ appid: APPID, token: 'T', timestamp: T0 - 50, noncestr: 'b'.repeat(32) });
  const c = sign({ appid: APPID, token: 'T', timestamp: T0 - 10, noncestr: 'c'.repeat(32) });
  const v = createVerifier({ token: 'T', maxAge: 100, clockSkew: 0, cache: { size: 2 } });
  calls(v, a, 2);
  calls(v, b, 2);
  const later = T0 + 51;
  const [expired, n] = counted(v, b, later);
  assert.equal(expired.code, 'EXPIRED');
  assert.equal(n, 0, 'the expired pair was not answered from the cache');
  // C enters into the slot B left: A is still there.
  calls(v, c, 2, later);
  assert.deepStrictEqual(calls(v, a, 1, later), [0], 'the other pair of the bucket was lost');
  assert.deepStrictEqual(calls(v, c, 1, later), [0]);

  // Once EXPIRED, a pair is asked of the core again even when the clock runs back.
  const w = createVerifier({ token: 'T', maxAge: 100, clockSkew: 0 });
  calls(w, b, 3);
  assert.equal(counted(w, b, later)[0].code, 'EXPIRED');
  assert.deepStrictEqual(calls(w, b, 1), [1], 'an expired entry stayed');
});

test('a HostSign whose last field is not the signature never enters, even if it ends with ,"…"}', () => {
  // The nonce last, 54 characters starting with a comma: the 55 last
  // characters look like the compact tail but for the `"signature":"` key.
  const noncestr = ',' + 'abcdef0123456789'.repeat(4).slice(0, 53);
  const s = sign({ appid: APPID, token: 'T', timestamp: T0, noncestr });
  const { signature, timestamp } = JSON.parse(s.hostsign);
  const hostsign = JSON.stringify({ signature, timestamp, noncestr });
  assert.equal(hostsign.charAt(hostsign.length - 56), ',');
  assert.ok(hostsign.endsWith('"}'));
  const v = createVerifier({ token: 'T' });
  assert.deepStrictEqual(calls(v, { referer: s.referer, hostsign }, 4), [1, 1, 1, 1]);
  // Also white box: the cache itself refuses it.
  const cache = new PairCache(64, 660, 60);
  cache.set(s.referer, hostsign, APPID, 2, 1, noncestr, T0, 0);
  cache.set(s.referer, hostsign, APPID, 2, 1, noncestr, T0, 0);
  assert.ok((cache.slots ?? []).every((e) => e === null));
  assert.equal(cache.get(s.referer, hostsign), undefined);
});

test('a header that differs from a cached one only in its last characters is not served', () => {
  const s = sign({ appid: APPID, token: 'T', timestamp: T0 });
  const h = s.hostsign;
  const v = createVerifier({ token: 'T' });
  const u = createVerifier({ token: 'T', cache: false });
  calls(v, s, 3);
  for (const hostsign of [h.slice(0, -1) + 'x', h.slice(0, -2) + 'x}', h.slice(0, -2) + '}}', h.slice(0, -1) + ' ', h.slice(0, -2) + ' }']) {
    const pair = { referer: s.referer, hostsign };
    const [r, n] = counted(v, pair);
    assert.deepStrictEqual(r, u.verify(pair, T0), hostsign);
    assert.equal(r.ok, false, hostsign);
    assert.equal(n, 1, `${hostsign}: answered from the cache`);
  }
});

test('one pair verified twice enters without the table of first verifications ever being made', () => {
  // `first` remembers the first tag; `seen` is made only for a second, other
  // one: a verifier whose traffic is one client never allocates it.
  const s = sign({ appid: APPID, token: 'T', timestamp: T0, noncestr: 'c'.repeat(32) });
  const cache = new PairCache(1024, null, 0);
  for (let i = 0; i < 2; i++) cache.set(s.referer, s.hostsign, APPID, 2, 1, 'n', T0, 0);
  assert.ok(cache.get(s.referer, s.hostsign), 'entered on its second set()');
  assert.equal(cache.seen, null, 'the table of first verifications was made for one pair');
});

test('two clients of one bucket that alternate are both cached: the bucket remembers two first verifications', () => {
  // cache: { size: 2 } has one bucket. A, B, A, B…: with one remembered tag
  // per bucket each would push the other out and neither would ever enter.
  const a = sign({ appid: APPID, token: 'T', timestamp: T0, noncestr: 'a'.repeat(32) });
  const b = sign({ appid: APPID, token: 'T', timestamp: T0, noncestr: 'b'.repeat(32) });
  const v = createVerifier({ token: 'T', cache: { size: 2 } });
  const seq = [];
  for (let i = 0; i < 4; i++) for (const pair of [a, b]) seq.push(counted(v, pair)[1]);
  assert.deepStrictEqual(seq, [1, 1, 1, 1, 0, 0, 0, 0]);
});

test('a pair of another shape leaves the memory of first verifications alone', () => {
  // One bucket: A verified once, then a valid non-compact pair, then A again:
  // A's second verification still lets it in.
  const a = sign({ appid: APPID, token: 'T', timestamp: T0, noncestr: 'a'.repeat(32) });
  const b = sign({ appid: APPID, token: 'T', timestamp: T0, noncestr: 'b'.repeat(32) });
  const others = [
    { referer: b.referer, hostsign: b.hostsign + ' ' },
    { referer: b.referer, hostsign: b.hostsign.replace(/}$/, ',"x":1}') },
    { referer: b.referer, hostsign: b.hostsign.replace(/}$/, '\n}') },
  ];
  for (const other of others) {
    const v = createVerifier({ token: 'T', cache: { size: 2 } });
    assert.deepStrictEqual(calls(v, a, 1), [1]);
    assert.deepStrictEqual(calls(v, other, 3), [1, 1, 1], other.hostsign);
    assert.deepStrictEqual(calls(v, a, 2), [1, 0], `${other.hostsign} made the cache forget A's first verification`);
  }
});

test('the longest HostSign the core accepts (1024) is cached; a longer one is refused', () => {
  const s = sign({ appid: APPID, token: 'T', timestamp: T0 });
  const v = createVerifier({ token: 'T' });
  // JSON whitespace is free: pad to exactly 1024.
  const longest = { referer: s.referer, hostsign: '{' + ' '.repeat(1024 - s.hostsign.length) + s.hostsign.slice(1) };
  assert.equal(longest.hostsign.length, 1024);
  assert.deepStrictEqual(calls(v, longest, 4), [1, 1, 0, 0]);
  const over = { referer: s.referer, hostsign: ' ' + longest.hostsign };
  for (let i = 0; i < 3; i++) assert.equal(counted(v, over)[0].code, 'MALFORMED_HOSTSIGN');
});

/** A HostSign stand-in that records which characters are read. */
function probe(text) {
  const chars = [];
  return {
    chars,
    p: {
      length: text.length,
      charCodeAt(i) {
        chars.push(i);
        return text.charCodeAt(i);
      },
      slice: (a, b) => text.slice(a, b),
      startsWith: (s, at) => text.startsWith(s, at),
    },
  };
}

test('a compact HostSign too short for its prefix to hold the hashed characters is not cached, nor its signature read', () => {
  const sig = '0123456789abcdef0123456789abcdef01234567';
  const referer = 'https://servicewechat.com/wx0123456789abcdef/1/page-frame.html';
  // Lengths 56 (the signature alone) to 70: `{`, then spaces, then `,"signature":"…"}`.
  for (let n = 56; n <= 70; n++) {
    const hostsign = n === 56 ? `{"signature":"${sig}"}` : `${('{' + ' '.repeat(20)).slice(0, n - 56)},"signature":"${sig}"}`;
    assert.equal(hostsign.length, n);
    const cache = new PairCache(64, null, 0);
    const { p, chars } = probe(hostsign);
    for (let i = 0; i < 3; i++) {
      cache.set(referer, p, APPID, 2, 1, 'n', T0, 0);
      assert.equal(cache.get(referer, p), undefined, hostsign);
    }
    assert.ok((cache.slots ?? []).every((e) => e === null), hostsign);
    assert.deepStrictEqual(chars.filter((i) => i >= n - 42 && i < n - 2), [], `${hostsign}: a signature character was read`);
  }
  // 85 (a real header's minimum): cached, its signature read only to be
  // copied when it enters (each character once, the last reads).
  const s = sign({ appid: APPID, token: 'T', timestamp: 1, noncestr: 'x' });
  const cache = new PairCache(64, null, 0);
  const { p, chars } = probe(s.hostsign);
  const m = s.hostsign.length;
  cache.set(s.referer, p, APPID, 2, 1, 'x', 1, 0);
  cache.set(s.referer, p, APPID, 2, 1, 'x', 1, 0);
  const signature = Array.from({ length: 40 }, (_, k) => m - 42 + k);
  assert.deepStrictEqual(chars.filter((i) => i >= m - 42 && i < m - 2), signature);
  assert.deepStrictEqual(chars.slice(-40), signature);
  assert.ok(cache.get(s.referer, s.hostsign));
});

test('pairs that differ only in their nonce, or only in their timestamp, are spread over buckets', () => {
  // 8 pairs in 512 buckets: with a tag that reads the nonce (or the
  // timestamp's last digit) they do not crowd one bucket of two.
  const nonces = ['3f9a0c1e', '7b24d8e6', 'c05e91a3', '18f6b27d', 'e4a3c950', '5d0b7f12', 'a96e2c84', '02c7e5bf'];
  const sets = {
    nonce: nonces.map((x) => sign({ appid: APPID, token: 'T', timestamp: T0, noncestr: x + '0'.repeat(24) })),
    timestamp: nonces.map((_, i) => sign({ appid: APPID, token: 'T', timestamp: T0 + i, noncestr: 'f'.repeat(32) })),
  };
  for (const [what, pairs] of Object.entries(sets)) {
    const v = createVerifier({ token: 'T', maxAge: null, cache: { size: 1024 } });
    for (const s of pairs) calls(v, s, 2);
    for (const s of pairs) assert.deepStrictEqual(calls(v, s, 1), [0], `pairs differing only in their ${what} evicted each other`);
  }
});

test('a HostSign whose tag hashes to 0 (the empty-slot mark) is cached like any other', () => {
  // The tag (cache.js): FNV-style over the length, characters 13 to 20 and
  // the two before `"signature"`, then x ^= x >>> 15. Choose the nonce's first
  // 7 characters, and solve for the 8th so that the hash is 0.
  const P = 0x01000193;
  let inv = P;
  for (let k = 0; k < 5; k++) inv = Math.imul(inv, 2 - Math.imul(P, inv));
  assert.equal(Math.imul(P, inv), 1);
  const rest = '0'.repeat(24);
  const sample = sign({ appid: APPID, token: 'T', timestamp: T0, noncestr: 'a'.repeat(8) + rest }).hostsign;
  const n = sample.length; // one BMP character is one code unit, as 'a' is
  const c57 = sample.charCodeAt(n - 57);
  const c56 = sample.charCodeAt(n - 56);
  assert.equal(String.fromCharCode(c56), ',');
  // Backwards from 0: the state after character 20.
  const x20 = Math.imul(c56, inv) ^ c57;
  const want = Math.imul(x20, inv); // = x19 ^ c20
  let found = null;
  for (let k = 0; found === null && k < 1 << 24; k++) {
    const head = k.toString(16).padStart(7, '0');
    let x = n;
    for (let i = 0; i < 7; i++) x = Math.imul(x ^ head.charCodeAt(i), P);
    const c20 = (x ^ want) >>> 0;
    if (c20 >= 0x80 && c20 <= 0xffff && (c20 < 0xd800 || c20 > 0xdfff) && c20 !== 0x2028 && c20 !== 0x2029) found = head + String.fromCharCode(c20);
  }
  assert.ok(found, 'no nonce with tag 0 found');
  const s = sign({ appid: APPID, token: 'T', timestamp: T0, noncestr: found + rest });
  // The character raw in the JSON (the core accepts it so), not as \uXXXX.
  const pair = { referer: s.referer, hostsign: JSON.stringify(JSON.parse(s.hostsign)) };
  assert.equal(pair.hostsign.length, n);
  // White box: it enters, with a non-zero tag, on its second set().
  const cache = new PairCache(64, null, 0);
  cache.set(pair.referer, pair.hostsign, APPID, 2, 1, 'n', T0, 0);
  assert.ok((cache.slots ?? []).every((e) => e === null), 'entered on its first set()');
  cache.set(pair.referer, pair.hostsign, APPID, 2, 1, 'n', T0, 0);
  assert.deepStrictEqual([...cache.tags].filter((t) => t !== 0), [1], 'the tag 0 is stored as 1 (if the tag function changed, update its copy above)');
  assert.ok(cache.get(pair.referer, pair.hostsign));
  // Through the package: like any pair.
  const v = createVerifier({ token: 'T' });
  assert.deepStrictEqual(calls(v, pair, 4), [1, 1, 0, 0]);
  assert.equal(v.verify(pair, T0).noncestr, found + rest);
});

test('a throw at any point of set() leaves the table whole: no tag without its entry', () => {
  // The stack can run out anywhere (tests/faults): here the HostSign's k-th
  // character read throws, for every k, while a pair enters an empty table,
  // a table with another pair in the bucket, and one with the same pair.
  const s = sign({ appid: APPID, token: 'T', timestamp: T0, noncestr: 'a'.repeat(32) });
  const other = sign({ appid: APPID, token: 'T', timestamp: T0, noncestr: 'b'.repeat(32) });
  for (const before of [[], [other], [s]]) {
    for (let k = 0; ; k++) {
      const cache = new PairCache(2, null, 0);
      for (const p of before) for (let j = 0; j < 2; j++) cache.set(p.referer, p.hostsign, APPID, 2, 1, 'n', T0, 0);
      let reads = 0;
      const failing = {
        length: s.hostsign.length,
        charCodeAt: (i) => {
          if (++reads > k) throw new RangeError('Maximum call stack size exceeded');
          return s.hostsign.charCodeAt(i);
        },
        slice: (a, b) => s.hostsign.slice(a, b),
        startsWith: (x, at) => s.hostsign.startsWith(x, at),
      };
      let threw = false;
      try {
        cache.set(s.referer, s.hostsign, APPID, 2, 1, 'n', T0, 0);
        cache.set(s.referer, failing, APPID, 2, 1, 'n', T0, 0);
      } catch (e) {
        assert.ok(e instanceof RangeError);
        threw = true;
      }
      for (const [t, i] of Array.from(cache.tags ?? [], (x, j) => [x, j])) if (t !== 0) assert.ok(cache.slots[i], `k=${k}: a tag without its entry`);
      for (const p of [s, other]) cache.get(p.referer, p.hostsign);
      // And it still caches.
      for (let j = 0; j < 2; j++) cache.set(s.referer, s.hostsign, APPID, 2, 1, 'n', T0, 0);
      assert.ok(cache.get(s.referer, s.hostsign), `k=${k}`);
      if (!threw) break;
    }
  }
});

test('cache: { size } counts only an own enumerable size', () => {
  const inherited = Object.assign(Object.create({ size: 64 }), { other: 1 });
  const hidden = Object.defineProperty({ other: 1 }, 'size', { value: 64, enumerable: false });
  for (const cache of [inherited, hidden]) {
    assert.throws(
      () => createVerifier({ token: 'T', cache }),
      (e) => e instanceof HostSignError && e.code === 'INVALID_OPTIONS' && /cache/.test(e.message),
    );
  }
  assert.equal(createVerifier({ token: 'T', cache: Object.create({ size: 64 }) }).verify({}).code, 'MISSING_REFERER', 'no own keys: the default');
});
