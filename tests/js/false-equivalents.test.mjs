// Mutants that mutants/equivalent.md listed as equivalent and issue 23's
// audit showed are not: each test here tells the mutant from the original
// (the mutation is named above each test), so the entry is gone from the list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createVerifier, parseHostSign, sign, verify, HostSignError } from 'wechat-hostsign';

const A = 'wx0123456789abcdef';
const NOW = 1711421951;
const oracle = (a, n, t, k) => createHash('sha1').update([a, n, String(t), k].sort().join(''), 'utf8').digest('hex');

// engine.js text(): `off + len → off - len`. A noncestr written with escapes is
// decoded into the output region, after the input: the looser bound let the
// mutant slice the input at the output's offset (noncestr "" or garbage).
test('a noncestr written as \\u006e × 128 verifies with the decoded noncestr', () => {
  const escaped = '\\u006e'.repeat(128);
  // Padded (an unknown key) to near the 1 KiB limit, so that the input ends
  // close to where the output region starts.
  const head = `{"noncestr":"${escaped}","timestamp":${NOW},"signature":"${oracle(A, 'n'.repeat(128), NOW, 'T')}","pad":"`;
  const hostsign = head + 'p'.repeat(1024 - head.length - 2) + '"}';
  assert.equal(hostsign.length, 1024);
  const referer = `https://servicewechat.com/${A}/0/page-frame.html`;
  // The independent oracle of what the fields are: JSON.parse.
  const parsed = JSON.parse(hostsign);
  assert.deepEqual(verify({ referer, hostsign }, { token: 'T', now: NOW }), {
    ok: true,
    appid: A,
    version: { kind: 'develop' },
    noncestr: parsed.noncestr,
    timestamp: parsed.timestamp,
    age: 0,
    tokenIndex: 0,
  });
  const p = parseHostSign(hostsign);
  assert.equal(p.noncestr, parsed.noncestr);
  assert.equal(p.signature, parsed.signature);
  // Mixed: escapes, then plain characters, any length up to the limit.
  for (let n = 1; n <= 128; n += 9) {
    const written = '\\u0061'.repeat(n >> 1) + 'b'.repeat(n - (n >> 1));
    const short = `{"noncestr":"${written}","timestamp":"${NOW}","signature":"${'0'.repeat(40)}","pad":"`;
    const h = short + 'p'.repeat(1022 - short.length) + '"}';
    assert.equal(parseHostSign(h).noncestr, JSON.parse(h).noncestr, written);
  }
});

const messageOf = (fn) => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof HostSignError, String(e));
    return e.message;
  }
  assert.fail('no error');
};

// engine.js put(): `n > limit → false` and `r.read < value.length → false`. A
// value too large that is also not well-formed: the original says too large
// (its first problem), the mutants went on to call it not text.
test('an oversize header that is also not well-formed text is refused as too large', () => {
  const h = sign({ appid: A, token: 'T', timestamp: NOW });
  const v = createVerifier({ token: 'T' });
  const refTooLarge = v.verify({ referer: 'a'.repeat(5000), hostsign: h.hostsign }, NOW);
  const hsTooLarge = v.verify({ referer: h.referer, hostsign: 'a'.repeat(5000) }, NOW);
  for (const referer of ['a'.repeat(2048) + '\uD800', '\u00e9'.repeat(1100) + '\uD800']) {
    assert.deepEqual(v.verify({ referer, hostsign: h.hostsign }, NOW), refTooLarge);
  }
  for (const hostsign of ['a'.repeat(1024) + '\uD800', '\u00e9'.repeat(600) + '\uD800']) {
    assert.deepEqual(v.verify({ referer: h.referer, hostsign }, NOW), hsTooLarge);
    assert.deepEqual(parseHostSign(hostsign), parseHostSign('a'.repeat(5000)));
  }
  v.dispose();
});

// The option size checks (`list.length > MAX_TOKENS`, `t.length >
// MAX_TOKEN_BYTES`, `a.length > MAX_APPID`, `v.length > MAX_VERSION_NAME`,
// and sign()'s appid, token, noncestr and timestamp lengths, each `→ false`
// and its variants): alone, the core refused the value with the same reason;
// with another problem after it, the original names the size, the mutants
// the other problem.
test('an oversize option is named first, whatever else is wrong after it', () => {
  const tooMany = messageOf(() => createVerifier({ tokens: Array.from({ length: 17 }, (_, i) => `t${i}`) }));
  assert.equal(messageOf(() => createVerifier({ tokens: [...Array.from({ length: 16 }, (_, i) => `t${i}`), 5] })), tooMany);
  const tokenTooLong = messageOf(() => createVerifier({ token: 'x'.repeat(1025) }));
  assert.equal(messageOf(() => createVerifier({ tokens: ['x'.repeat(1025), ''] })), tokenTooLong);
  assert.equal(messageOf(() => createVerifier({ tokens: ['x'.repeat(1025)], maxAge: -1 })), tokenTooLong);
  const appidInvalid = messageOf(() => createVerifier({ token: 'T', appids: ['a'.repeat(65)] }));
  assert.equal(messageOf(() => createVerifier({ token: 'T', appids: ['a'.repeat(65)], versions: ['production'] })), appidInvalid);
  assert.equal(messageOf(() => createVerifier({ token: 'T', appids: [A, 'a'.repeat(65)], cache: 'yes' })), appidInvalid);
  const unknownVersion = messageOf(() => createVerifier({ token: 'T', versions: ['production'] }));
  assert.equal(messageOf(() => createVerifier({ token: 'T', versions: ['x'.repeat(17)], cache: 'yes' })), unknownVersion);
  assert.equal(messageOf(() => createVerifier({ token: 'T', versions: ['release', 'x'.repeat(17)], cache: 'yes' })), unknownVersion);
  assert.equal(messageOf(() => createVerifier({ token: 'T', versions: ['release', 'x'.repeat(16)], cache: 'yes' })), messageOf(() => createVerifier({ token: 'T', cache: 'yes' })));

  const signAppid = messageOf(() => sign({ appid: 'a'.repeat(65), token: 'T' }));
  assert.equal(messageOf(() => sign({ appid: 'a'.repeat(65), token: 5 })), signAppid);
  assert.equal(messageOf(() => sign({ appid: A, token: 'x'.repeat(1025), noncestr: 5 })), tokenTooLong);
  const signNonce = messageOf(() => sign({ appid: A, token: 'T', noncestr: 'n'.repeat(129) }));
  assert.equal(messageOf(() => sign({ appid: A, token: 'T', noncestr: 'n'.repeat(129), strictAppid: 'no' })), signNonce);
  const signTimestamp = messageOf(() => sign({ appid: A, token: 'T', timestamp: '1'.repeat(13) }));
  assert.equal(messageOf(() => sign({ appid: A, token: 'T', timestamp: '1'.repeat(13), version: 'beta' })), signTimestamp);
  assert.notEqual(signTimestamp, messageOf(() => sign({ appid: A, token: 'T', version: 'beta' })));
});

// request-headers.js requestHeaders: the audit reached header()'s rawHeaders and Fetch
// branches and fromRaw() (listed as unreachable) through getters that
// answered the checks and the lookup differently. Each container is now
// read once, and that code is gone.
test('verifyRequest reads each container of a request once', () => {
  const s = sign({ appid: A, token: 'T', timestamp: NOW });
  const v = createVerifier({ token: 'T', cache: false });
  const reads = {};
  const counted = (name, first, later) => {
    reads[name] = 0;
    return { get: () => (++reads[name] === 1 ? first : later) };
  };
  const lines = ['Referer', s.referer, 'X-WECHAT-HOSTSIGN', s.hostsign];
  const forged = ['Referer', s.referer, 'X-WECHAT-HOSTSIGN', s.hostsign.replace(s.signature, '0'.repeat(40))];
  // rawHeaders: the first answer is the one used.
  const req = Object.defineProperty({}, 'rawHeaders', { ...counted('rawHeaders', lines, forged), enumerable: true });
  assert.equal(v.verifyRequest(req, NOW).ok, true);
  assert.equal(reads.rawHeaders, 1);
  // A Fetch Headers behind a getter, and its get().
  const headers = new Headers(s.headers);
  const wrapped = Object.defineProperty({}, 'headers', counted('headers', headers, new Headers()));
  assert.equal(v.verifyRequest(wrapped, NOW).ok, true);
  assert.equal(reads.headers, 1);
  // Wrappers: Koa's ctx.req, Fastify's .raw, SvelteKit's .request.
  for (const key of ['raw', 'req', 'request']) {
    const outer = Object.defineProperty({}, key, counted(key, { rawHeaders: lines }, { rawHeaders: forged }));
    assert.equal(v.verifyRequest(outer, NOW).ok, true, key);
    assert.equal(reads[key], 1, key);
  }
  // A plain object's header: read once (a getter answering twice differently).
  const plain = { referer: s.referer };
  Object.defineProperty(plain, 'x-wechat-hostsign', { ...counted('plain', s.hostsign, 'x'), enumerable: true });
  assert.equal(v.verifyRequest(plain, NOW).ok, true);
  assert.equal(reads.plain, 1);
  v.dispose();
});
