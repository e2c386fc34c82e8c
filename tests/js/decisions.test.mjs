// Decisions of the JavaScript layer (pkg-template/src/api.js and its modules) that the other
// tests left open, found by mutation testing (scripts/mutants js): the limits
// checked before a value reaches wasm, each option's own error, the clock,
// the request shapes verifyRequest reads, and wasm memory growing under a
// verifier. Each test pins a boundary from both sides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createVerifier, verify, verifyRequest, sign, signature, parseReferer, parseHostSign, HostSignError, CODES } from 'wechat-hostsign';

const A = 'wx0123456789abcdef';
const TS = 1711421951;
const seed = (a, n, t, k) => createHash('sha1').update([a, n, t, k].sort().join('')).digest('hex');
const s = sign({ appid: A, token: 'T', timestamp: TS, noncestr: 'nonce', version: 7 });

/** The HostSignError `fn` throws: INVALID_OPTIONS, with the message it has. */
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof HostSignError, String(e));
    assert.equal(e.code, 'INVALID_OPTIONS');
    return e.message;
  }
  assert.fail('did not throw');
}

test('each bad option throws its own message', () => {
  const m = (options) => thrown(() => createVerifier(options));
  assert.match(m(null), /options must be an object/);
  assert.match(m([]), /options must be an object/);
  assert.match(m({}), /No token is configured/);
  assert.match(m({ token: 'a', tokens: ['b'] }), /either token or tokens/);
  assert.match(m({ tokens: 'a' }), /token must be a non-empty string/);
  assert.match(m({ tokens: ['a', 1] }), /token must be a non-empty string/);
  assert.match(m({ token: '\udc00' }), /unpaired UTF-16 surrogate/);
  assert.match(m({ token: 'x'.repeat(1025) }), /longer than 1024 bytes/);
  assert.match(m({ tokens: Array(17).fill('t') }), /At most 16 tokens/);
  assert.match(m({ token: 'T', maxAge: -1 }), /^maxAge must be/);
  assert.match(m({ token: 'T', clockSkew: -1 }), /^clockSkew must be/);
  assert.match(m({ token: 'T', strictAppid: 1 }), /^strictAppid must be/);
  assert.match(m({ token: 'T', appids: [1] }), /^appids must be/);
  assert.match(m({ token: 'T', appids: ['\ud800'] }), /^appids must be/);
  assert.match(m({ token: 'T', appids: ['a'.repeat(65)], strictAppid: false }), /^Every entry of appids/);
  assert.match(m({ token: 'T', versions: [1] }), /^versions must be/);
  assert.match(m({ token: 'T', versions: ['beta'] }), /^Every entry of versions/);
  // An unknown name is quoted, with the one likely meant and the names that exist.
  const unknown = m({ token: 'T', maxage: 60 });
  assert.equal(unknown, "Unknown option 'maxage' (did you mean 'maxAge'?); createVerifier() takes token, tokens, maxAge, clockSkew, appids, versions, strictAppid, cache and locale.");
  // A name of 40 identifier characters is shown; a longer one is not shown at all.
  assert.ok(m({ token: 'T', ['k'.repeat(40)]: 1 }).startsWith(`Unknown option '${'k'.repeat(40)}';`));
  const long = m({ token: 'T', ['k'.repeat(41)]: 1 });
  assert.ok(long.startsWith('An option name is not recognised (not shown') && !long.includes('kkk'), long);
  assert.match(thrown(() => sign({ appid: A, token: 'T', bogus: 1 })), /^Unknown option 'bogus'; sign\(\) takes appid, token, noncestr, timestamp, version and strictAppid\.$/);
});

test('the limits checked before wasm: the last accepted value and the first refused one', () => {
  // 16 tokens; a token of 1024 UTF-16 units (and bytes).
  const sixteen = Array.from({ length: 16 }, (_, i) => `t${i}`);
  const v16 = createVerifier({ tokens: [...sixteen.slice(0, 15), 'T'] });
  assert.equal(v16.verify(s, TS).tokenIndex, 15);
  assert.equal(createVerifier({ token: 'y'.repeat(1024) }).verify({}).code, 'MISSING_REFERER');
  // A loose AppID of 64 characters.
  const a64 = 'a'.repeat(64);
  assert.equal(createVerifier({ token: 'T', strictAppid: false, appids: [a64] }).verify({}, TS).code, 'MISSING_REFERER');
  const signed64 = sign({ appid: a64, token: 'T', strictAppid: false, timestamp: TS });
  assert.equal(verify(signed64, { token: 'T', strictAppid: false, appids: [a64], now: TS }).appid, a64);
  assert.match(thrown(() => sign({ appid: 'a'.repeat(65), token: 'T', strictAppid: false })), /appid to sign/);
  // sign(): a nonce of 128 units, a string timestamp of 12 digits, a token of 1024.
  const n128 = 'n'.repeat(128);
  assert.equal(verify(sign({ appid: A, token: 'T', noncestr: n128, timestamp: TS }), { token: 'T', now: TS }).noncestr, n128);
  assert.match(thrown(() => sign({ appid: A, token: 'T', noncestr: 'n'.repeat(129) })), /noncestr to sign/);
  assert.equal(JSON.parse(sign({ appid: A, token: 'T', timestamp: '000000000017' }).hostsign).timestamp, '000000000017');
  assert.match(thrown(() => sign({ appid: A, token: 'T', timestamp: '0000000000017' })), /timestamp to sign/);
  assert.equal(sign({ appid: A, token: 'k'.repeat(1024), noncestr: 'n', timestamp: TS }).signature, seed(A, 'n', String(TS), 'k'.repeat(1024)));
  assert.match(thrown(() => sign({ appid: A, token: 'k'.repeat(1025) })), /longer than 1024 bytes/);
});

test('maxAge and clockSkew: 0 and 2^53 are seconds, the next values are not', () => {
  assert.equal(verify(s, { token: 'T', maxAge: 0, now: TS }).ok, true);
  assert.equal(verify(s, { token: 'T', maxAge: 0, now: TS + 1 }).code, 'EXPIRED');
  assert.equal(verify(s, { token: 'T', clockSkew: 0, now: TS }).ok, true);
  assert.equal(verify(s, { token: 'T', clockSkew: 0, now: TS - 1 }).code, 'NOT_YET_VALID');
  assert.equal(verify(s, { token: 'T', maxAge: 2 ** 53, clockSkew: 2 ** 53, now: TS }).ok, true);
  assert.equal(verify(s, { token: 'T', maxAge: 2 ** 53, now: 1e11 - 1 }).ok, true);
  thrown(() => createVerifier({ token: 'T', maxAge: 2 ** 53 + 2 }));
  thrown(() => createVerifier({ token: 'T', clockSkew: 2 ** 53 + 2 }));
  thrown(() => createVerifier({ token: 'T', clockSkew: 0.5 }));
  // null turns the age check off; clockSkew has no such value.
  assert.equal(verify(s, { token: 'T', maxAge: null, now: TS + 1e9 }).ok, true);
  assert.equal(verify(s, { token: 'T', maxAge: undefined, now: TS + 661 }).code, 'EXPIRED');
  assert.equal(verify(s, { token: 'T', clockSkew: undefined, now: TS - 61 }).code, 'NOT_YET_VALID');
  assert.equal(verify(s, { token: 'T', strictAppid: undefined, appids: undefined, versions: undefined, now: TS }).ok, true);
});

test('now: seconds from 0 to just below 1e11, or a Date; fractions are floored', () => {
  const at0 = sign({ appid: A, token: 'T', timestamp: 0 });
  assert.equal(verify(at0, { token: 'T', now: 0 }).age, 0);
  assert.equal(verify(at0, { token: 'T', maxAge: null, now: 1e11 - 1 }).age, 1e11 - 1);
  assert.match(thrown(() => verify(at0, { token: 'T', now: 1e11 })), /^now must be/);
  assert.match(thrown(() => verify(at0, { token: 'T', now: -0.5 })), /^now must be/);
  assert.equal(verify(s, { token: 'T', now: TS + 10.9 }).age, 10);
  assert.equal(verify(s, { token: 'T', now: new Date((TS + 5) * 1000 + 999) }).age, 5);
  assert.match(thrown(() => verify(s, { token: 'T', now: new Date(1e14) })), /^now must be/);
  assert.match(thrown(() => verify(s, { token: 'T', now: '1711421951' })), /^now must be/);
  // No now: the clock.
  const fresh = sign({ appid: A, token: 'T' });
  const r = verify(fresh, { token: 'T' });
  assert.equal(r.ok, true);
  assert.ok(r.age >= 0 && r.age < 5, String(r.age));
});

test('a verified result: every field, for each version kind and a non-ASCII nonce', () => {
  for (const [version, want] of [[0, { kind: 'develop' }], ['develop', { kind: 'develop' }], ['devtools', { kind: 'devtools' }], [1, { kind: 'release', number: 1 }], ['42', { kind: 'release', number: 42 }], [9999999999, { kind: 'release', number: 9999999999 }]]) {
    const x = sign({ appid: A, token: 'B', noncestr: 'é中\u{1f600}n', timestamp: String(TS - 3), version });
    const v = createVerifier({ tokens: ['A', 'B'] });
    assert.deepEqual(v.verify(x, TS), { ok: true, appid: A, version: want, noncestr: 'é中\u{1f600}n', timestamp: TS - 3, age: 3, tokenIndex: 1 });
    assert.deepEqual(parseReferer(x.referer), { ok: true, appid: A, version: want });
  }
  assert.match(thrown(() => sign({ appid: A, token: 'T', version: '01' })), /version to sign/);
  assert.match(thrown(() => sign({ appid: A, token: 'T', version: -1 })), /version to sign/);
  assert.match(thrown(() => sign({ appid: A, token: 'T', version: 1.5 })), /version to sign/);
  assert.match(thrown(() => sign({ appid: A, token: 'T', version: 10000000000 })), /version to sign/);
  assert.match(thrown(() => sign({ appid: A, token: 'T', version: null })), /version to sign/);
});

test('sign() refuses each bad argument with its own message', () => {
  assert.match(thrown(() => sign(null)), /options must be an object/);
  assert.match(thrown(() => sign([A])), /options must be an object/);
  assert.match(thrown(() => sign({ appid: 5, token: 'T' })), /appid to sign/);
  assert.match(thrown(() => sign({ appid: '\ud800', token: 'T' })), /appid to sign/);
  assert.match(thrown(() => sign({ appid: A })), /token must be a non-empty string/);
  assert.match(thrown(() => sign({ appid: A, token: '\ud800' })), /unpaired UTF-16 surrogate/);
  assert.match(thrown(() => sign({ appid: A, token: 'T', noncestr: 5 })), /noncestr to sign/);
  assert.match(thrown(() => sign({ appid: A, token: 'T', noncestr: '\udfff' })), /noncestr to sign/);
  assert.match(thrown(() => sign({ appid: A, token: 'T', strictAppid: 'no' })), /^strictAppid must be/);
  assert.match(thrown(() => sign({ appid: A, token: 'T', timestamp: null })), /timestamp to sign/);
  assert.match(thrown(() => sign({ appid: A, token: 'T', timestamp: 2 ** 53 })), /timestamp to sign/);
  // timestamp 0, as a number and as digits; a nonce in any script.
  assert.equal(JSON.parse(sign({ appid: A, token: 'T', timestamp: 0 }).hostsign).timestamp, 0);
  assert.equal(JSON.parse(sign({ appid: A, token: 'T', timestamp: '0' }).hostsign).timestamp, '0');
});

test('random nonces are always 32 lowercase hex digits (two per byte, zero-padded)', () => {
  const seen = new Set();
  for (let i = 0; i < 300; i++) {
    const { noncestr } = JSON.parse(sign({ appid: A, token: 'T', timestamp: TS }).hostsign);
    assert.match(noncestr, /^[0-9a-f]{32}$/);
    seen.add(noncestr);
  }
  assert.equal(seen.size, 300);
});

test('signature(): a numeric timestamp from 0 up is its digits; anything else must be text', () => {
  assert.equal(signature(A, 'n', 0, 'k'), seed(A, 'n', '0', 'k'));
  assert.equal(signature(A, 'n', 2 ** 53 - 1, 'k'), seed(A, 'n', String(2 ** 53 - 1), 'k'));
  for (const bad of [-1, 1.5, 2 ** 53, NaN]) assert.match(thrown(() => signature(A, 'n', bad, 'k')), /Each argument must be a string/);
  for (const args of [[A, 'n', '1', 5], [A, 'n', '1', '\ud800'], [A, '\udc00', '1', 'k'], [A, 'n', '\ud800x', 'k']]) {
    assert.match(thrown(() => signature(...args)), /Each argument must be a string/);
  }
});

test('wasm memory that grew under a verifier is seen again (views refreshed)', () => {
  const v = createVerifier({ token: 'T' });
  assert.equal(v.verify(s, TS).ok, true);
  // Megabytes copied into wasm memory grow it, which detaches the old views.
  const big = 'k'.repeat(4 << 20);
  assert.equal(signature(A, 'n', '1', big), seed(A, 'n', '1', big));
  assert.equal(v.verify(s, TS).ok, true);
  assert.equal(v.verify(s, TS).noncestr, 'nonce');
  assert.equal(parseHostSign(s.hostsign).timestampText, String(TS));
  assert.equal(parseReferer(s.referer).appid, A);
  const big2 = 'q'.repeat(8 << 20);
  assert.equal(signature(big2, 'n', '1', 'k'), seed(big2, 'n', '1', 'k'));
  assert.equal(parseHostSign(s.hostsign).noncestr, 'nonce');
  assert.equal(sign({ appid: A, token: 'T', noncestr: 'z', timestamp: TS }).hostsign.includes('"noncestr":"z"'), true);
});

test('parseReferer options and parseHostSign results', () => {
  assert.match(thrown(() => parseReferer(s.referer, null)), /options must be an object/);
  assert.match(thrown(() => parseReferer(s.referer, { strictAppid: 'no' })), /^strictAppid must be/);
  assert.equal(parseReferer(s.referer, {}).appid, A);
  assert.equal(parseReferer(s.referer, { strictAppid: undefined }).appid, A);
  const tourist = 'https://servicewechat.com/touristappid/devtools/page-frame.html';
  assert.equal(parseReferer(tourist, { strictAppid: true }).code, 'MALFORMED_REFERER');
  assert.equal(parseReferer(tourist, { strictAppid: false }).appid, 'touristappid');
  // Non-ASCII: decoded from the bytes, not sliced from the string.
  const sig = seed(A, 'x', '1', 'T');
  assert.deepEqual(parseHostSign(`{"noncestr":"é中x","timestamp":1,"signature":"${sig}"}`), { ok: true, noncestr: 'é中x', timestamp: 1, timestampText: '1', signature: sig });
  assert.deepEqual(parseHostSign(`{ "timestamp" : "0042", "noncestr":"abc","signature":"${sig}"}`), { ok: true, noncestr: 'abc', timestamp: 42, timestampText: '0042', signature: sig });
  assert.equal(parseHostSign('').code, 'MALFORMED_HOSTSIGN');
  assert.equal(parseReferer('').code, 'MALFORMED_REFERER');
  assert.equal(parseHostSign(5).code, 'MALFORMED_HOSTSIGN');
  assert.equal(parseHostSign('x'.repeat(1025)).code, 'MALFORMED_HOSTSIGN');
});

test('verifyRequest: a get() function, nesting up to four wrappers, rawHeaders pairs', () => {
  const v = createVerifier({ token: 'T' });
  const headers = { referer: s.referer, 'x-wechat-hostsign': s.hostsign };
  // An object whose only access is get(name), e.g. a Map-like or a Headers polyfill without .headers.
  const getter = { get: (name) => headers[name] ?? null };
  assert.equal(v.verifyRequest(getter, TS).ok, true);
  assert.equal(v.verifyRequest({ get: () => null }, TS).code, 'MISSING_REFERER');
  // Wrappers (.raw/.req/.request) are followed four deep, no deeper.
  const fetchReq = new Request('http://127.0.0.1/', { headers });
  let wrapped = fetchReq;
  for (let depth = 1; depth <= 5; depth++) {
    wrapped = { req: wrapped };
    const r = v.verifyRequest(wrapped, TS);
    if (depth <= 4) assert.equal(r.ok, true, `depth ${depth}`);
    else assert.equal(r.code, 'MISSING_REFERER', `depth ${depth}`);
  }
  // rawHeaders: names at even indices only; an odd-length list; names of another length.
  assert.equal(v.verifyRequest({ rawHeaders: ['Referer', s.referer, 'X-WECHAT-HOSTSIGN', s.hostsign, 'X-Other'] }, TS).ok, true);
  assert.equal(v.verifyRequest({ rawHeaders: [s.referer, 'Referer', 'X-WECHAT-HOSTSIGN', s.hostsign] }, TS).code, 'MISSING_REFERER');
  assert.equal(v.verifyRequest({ rawHeaders: ['Referers', s.referer, 'Referer', s.referer, 'X-WECHAT-HOSTSIGN', s.hostsign] }, TS).ok, true);
  assert.equal(v.verifyRequest({ rawHeaders: ['X-Referer', 'x', 'Referer', s.referer, 'X-WECHAT-HOSTSIGN', s.hostsign] }, TS).ok, true);
  // Three copies are as repeated as two.
  assert.equal(v.verifyRequest({ rawHeaders: ['Referer', s.referer, 'referer', s.referer, 'REFERER', s.referer, 'X-WECHAT-HOSTSIGN', s.hostsign] }, TS).code, 'MALFORMED_REFERER');
  // Plain objects: one spelling is the value; names of another length are other headers.
  assert.equal(v.verifyRequest({ Referer: s.referer, 'X-Wechat-Hostsign': s.hostsign, 'x-referer': 'x' }, TS).ok, true);
  assert.equal(v.verifyRequest({ headers: { Referer: s.referer, REFERER: s.referer, 'x-wechat-hostsign': s.hostsign } }, TS).code, 'MALFORMED_REFERER');
  // The one-shot form reads the same shapes and takes `now` from the options.
  assert.equal(verifyRequest({ headers }, { token: 'T', now: TS }).ok, true);
  assert.equal(verifyRequest({ headers }, { token: 'T', now: TS + 661 }).code, 'EXPIRED');
  assert.equal(verify(headers && s, { token: 'T', now: TS }).ok, true);
});

test('a value that does not fit, or is not text, is refused as such', () => {
  const v = createVerifier({ token: 'T' });
  // 2048 units of ASCII fit the Referer's limit (then fail its shape); 2049 do not.
  const r2048 = 'https://servicewechat.com/' + 'a'.repeat(2048 - 26);
  assert.equal(v.verify({ referer: r2048, hostsign: s.hostsign }, TS).message, parseReferer(r2048).message);
  assert.match(v.verify({ referer: r2048, hostsign: s.hostsign }, TS).message, /^The Referer must be exactly/);
  assert.match(v.verify({ referer: r2048 + 'a', hostsign: s.hostsign }, TS).message, /longer than 2048 bytes/);
  // 1024 bytes of HostSign verify; a non-ASCII value over the byte limit is too large.
  const padded = s.hostsign.replace('{', '{' + ' '.repeat(1024 - s.hostsign.length));
  assert.equal(padded.length, 1024);
  assert.equal(v.verify({ referer: s.referer, hostsign: padded }, TS).ok, true);
  assert.match(v.verify({ referer: s.referer, hostsign: padded + ' ' }, TS).message, /longer than 1024 bytes/);
  const wide = s.hostsign.replace('{', '{' + '\u00a0'.repeat(600));
  assert.match(v.verify({ referer: s.referer, hostsign: wide }, TS).message, /longer than 1024 bytes/);
  // Unpaired surrogates are not text; paired ones are.
  assert.match(v.verify({ referer: s.referer + '\ud800', hostsign: s.hostsign }, TS).message, /is not text \(a string of valid Unicode/);
  assert.match(v.verify({ referer: s.referer, hostsign: s.hostsign.replace('}', ',"x":"\udc00"}') }, TS).message, /is not text \(a string of valid Unicode/);
  assert.equal(v.verify({ referer: s.referer, hostsign: s.hostsign.replace('}', ',"x":"\u{1f600}"}') }, TS).ok, true);
  assert.equal(CODES.length, 11);
});

test('array values: empty is absent, two or more are repeated (not "not text")', () => {
  const v = createVerifier({ token: 'T' });
  assert.match(v.verify({ referer: [s.referer, s.referer], hostsign: s.hostsign }, TS).message, /appears more than once/);
  assert.match(v.verify({ referer: s.referer, hostsign: [s.hostsign, s.hostsign, s.hostsign] }, TS).message, /appears more than once/);
  assert.match(v.verify({ referer: [7], hostsign: s.hostsign }, TS).message, /is not text \(a string of valid Unicode/);
  assert.equal(v.verify({ referer: [], hostsign: s.hostsign }, TS).code, 'MISSING_REFERER');
});

test('header names are matched exactly (case aside), not by length; odd and non-string rawHeaders entries are ignored', () => {
  const v = createVerifier({ token: 'T' });
  // Other headers of the same length as "referer" (7) are not the Referer.
  assert.equal(v.verifyRequest({ rawHeaders: ['Accept', '*/*', 'X-Other', 'y', 'Referer', s.referer, 'X-WECHAT-HOSTSIGN', s.hostsign] }, TS).ok, true);
  assert.equal(v.verifyRequest({ 'X-Other': 'y', Referer: s.referer, 'x-wechat-hostsign': s.hostsign, 'X-WECHAT-HOSTSIGX': 'z' }, TS).ok, true);
  assert.equal(v.verifyRequest({ headers: { cookies: 'c', referer: s.referer, 'x-wechat-hostsign': s.hostsign } }, TS).ok, true);
  // A name with no value after it (an odd-length list) is not a second Referer.
  assert.equal(v.verifyRequest({ rawHeaders: ['Referer', s.referer, 'X-WECHAT-HOSTSIGN', s.hostsign, 'Referer'] }, TS).ok, true);
  // Names that are not strings are skipped, not read.
  assert.equal(v.verifyRequest({ rawHeaders: [null, 'x', 5, 'y', 'Referer', s.referer, 'X-WECHAT-HOSTSIGN', s.hostsign] }, TS).ok, true);
});

test('a request is read before the wrappers it carries', () => {
  const v = createVerifier({ token: 'T' });
  const good = { referer: s.referer, 'x-wechat-hostsign': s.hostsign };
  const bad = { referer: 'https://evil.example/', 'x-wechat-hostsign': '{}' };
  const rawOf = (h) => Object.entries(h).flat();
  // Node's request (rawHeaders) that also has a .req field.
  assert.equal(v.verifyRequest({ rawHeaders: rawOf(good), req: { rawHeaders: rawOf(bad) } }, TS).ok, true);
  // A Fetch-style request (headers.get) that also has .raw and .request fields.
  assert.equal(v.verifyRequest({ headers: new Headers(good), raw: { headers: new Headers(bad) }, request: { headers: new Headers(bad) } }, TS).ok, true);
});

test('allowlists: every entry is checked, not just one', () => {
  assert.match(thrown(() => createVerifier({ token: 'T', appids: [A, 1] })), /^appids must be/);
  assert.match(thrown(() => createVerifier({ token: 'T', appids: [A, '\ud800'] })), /^appids must be/);
  assert.match(thrown(() => createVerifier({ token: 'T', versions: ['release', 1] })), /^versions must be/);
  assert.match(thrown(() => createVerifier({ token: 'T', versions: ['release', '\udc00'] })), /^versions must be/);
  assert.match(thrown(() => createVerifier({ token: 'T', strictAppid: false, appids: [A, 'b'.repeat(65)] })), /^Every entry of appids/);
});

test('sign(): a version string is 0 or 1 to 10 digits; nothing else is read as one', () => {
  for (const [version, segment] of [['5', '5'], ['0', '0'], ['1234567890', '1234567890'], [5, '5']]) {
    assert.equal(sign({ appid: A, token: 'T', version }).referer, `https://servicewechat.com/${A}/${segment}/page-frame.html`);
  }
  for (const version of [[7], { toString: () => '7' }, '12345678901', '', ' 5', true]) {
    assert.match(thrown(() => sign({ appid: A, token: 'T', version })), /version to sign/, String(version));
  }
});

test('a nonce that begins with U+FEFF keeps it', () => {
  const x = sign({ appid: A, token: 'T', noncestr: '\ufeffabc', timestamp: TS });
  assert.equal(verify(x, { token: 'T', now: TS }).noncestr, '\ufeffabc');
  assert.equal(parseHostSign(x.hostsign).noncestr, '\ufeffabc');
});
