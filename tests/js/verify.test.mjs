// verify / createVerifier / verifyRequest / sign / parse*: the generated
// cases, round trips, tampering, options, and what never leaks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as api from 'wechat-hostsign';

const { createVerifier, verify, verifyRequest, sign, parseReferer, parseHostSign, HostSignError, CODES } = api;
const cases = JSON.parse(readFileSync(new URL('../vectors/cases.json', import.meta.url)));
const RUNS = Number(process.env.FC_RUNS ?? 2000);
const A = 'wx0123456789abcdef';

function check(result, expect, name) {
  if (expect.ok) assert.deepEqual(result, expect, name);
  else {
    assert.equal(result.ok, false, name);
    assert.equal(result.code, expect.code, `${name}: ${result.message}`);
    assert.equal(typeof result.message, 'string');
  }
}

/** What a case gives through a header map: a value with ", " is a repeated header. */
function asHeaderMap(c, v) {
  const joined = (x) => (typeof x === 'string' && x.includes(', ') ? [x, x] : x);
  const { referer, hostsign } = c.headers;
  if (joined(referer) === referer && joined(hostsign) === hostsign) return c.expect;
  const r = v.verify({ referer: joined(referer), hostsign: joined(hostsign) }, c.now);
  assert.equal(r.ok, false, c.name);
  return { ok: false, code: r.code };
}

test('every generated case, through verify(), createVerifier() and verifyRequest()', () => {
  const seen = new Set();
  for (const c of cases) {
    const r = verify(c.headers, { ...c.options, now: c.now });
    check(r, c.expect, c.name);
    const v = createVerifier(c.options);
    check(v.verify(c.headers, c.now), c.expect, c.name);
    // As a plain header object, in any case of header names. A header map
    // may hold a repeated header joined with ", ", so there a value with
    // ", " counts as repeated (pkg-template/src/headers.js).
    const plain = {};
    if (c.headers.referer != null) plain.Referer = c.headers.referer;
    if (c.headers.hostsign != null) plain['X-WeChat-HostSign'] = c.headers.hostsign;
    check(v.verifyRequest(plain, c.now), asHeaderMap(c, v), `${c.name} (plain object)`);
    // As Node's rawHeaders.
    const rawHeaders = Object.entries(plain).flat();
    check(v.verifyRequest({ rawHeaders, headers: {} }, c.now), c.expect, `${c.name} (rawHeaders)`);
    seen.add(c.expect.ok ? 'OK' : c.expect.code);
  }
  for (const code of CODES.filter((c) => c !== 'INVALID_OPTIONS')) assert.ok(seen.has(code), `no case for ${code}`);
});

test('verifyRequest reads Fetch Request and Headers (header names case-insensitive)', () => {
  const s = sign({ appid: A, token: 'T', timestamp: 1711421951, version: 5 });
  const v = createVerifier({ token: 'T' });
  const headers = new Headers({ REFERER: s.referer, 'x-wechat-HOSTSIGN': s.hostsign });
  assert.equal(v.verifyRequest(headers, 1711421951).appid, A);
  assert.equal(v.verifyRequest(new Request('http://127.0.0.1/', { headers }), 1711421951).ok, true);
  assert.equal(verifyRequest(new Request('http://127.0.0.1/'), { token: 'T' }).code, 'MISSING_REFERER');
  // Fetch joins a repeated header with ", ": no longer one valid value.
  const twice = new Headers([['referer', s.referer], ['referer', s.referer], ['x-wechat-hostsign', s.hostsign]]);
  assert.equal(v.verifyRequest(twice, 1711421951).code, 'MALFORMED_REFERER');
});

test('a repeated header is malformed (rawHeaders, arrays, two spellings)', () => {
  const s = sign({ appid: A, token: 'T', timestamp: 1000 });
  const v = createVerifier({ token: 'T' });
  const raw = ['Referer', s.referer, 'referer', s.referer, 'X-WECHAT-HOSTSIGN', s.hostsign];
  assert.equal(v.verifyRequest({ rawHeaders: raw }, 1000).code, 'MALFORMED_REFERER');
  const raw2 = ['Referer', s.referer, 'X-WECHAT-HOSTSIGN', s.hostsign, 'x-wechat-hostsign', s.hostsign];
  assert.equal(v.verifyRequest({ rawHeaders: raw2 }, 1000).code, 'MALFORMED_HOSTSIGN');
  assert.equal(v.verify({ referer: [s.referer, s.referer], hostsign: s.hostsign }, 1000).code, 'MALFORMED_REFERER');
  assert.equal(v.verify({ referer: [s.referer], hostsign: [s.hostsign] }, 1000).ok, true);
  assert.equal(v.verifyRequest({ referer: s.referer, Referer: s.referer, 'x-wechat-hostsign': s.hostsign }, 1000).code, 'MALFORMED_REFERER');
  assert.equal(v.verifyRequest({ referer: s.referer, 'X-WECHAT-HOSTSIGN': s.hostsign, 'x-wechat-hostsign': s.hostsign }, 1000).code, 'MALFORMED_HOSTSIGN');
  assert.equal(v.verifyRequest({ headers: { referer: s.referer, 'x-wechat-hostsign': s.hostsign } }, 1000).ok, true);
});

test('wrong JavaScript types are results, not exceptions', () => {
  const v = createVerifier({ token: 'T' });
  const s = sign({ appid: A, token: 'T', timestamp: 1000 });
  for (const bad of [1, true, {}, [], [1], Symbol('x'), () => 1, 10n]) {
    assert.equal(v.verify({ referer: bad, hostsign: s.hostsign }, 1000).code, Array.isArray(bad) && !bad.length ? 'MISSING_REFERER' : 'MALFORMED_REFERER');
    assert.equal(v.verify({ referer: s.referer, hostsign: bad }, 1000).code, Array.isArray(bad) && !bad.length ? 'MISSING_HOSTSIGN' : 'MALFORMED_HOSTSIGN');
  }
  for (const headers of [undefined, null, 'x', 5]) assert.equal(v.verify(headers, 1000).code, 'MISSING_REFERER');
  for (const req of [undefined, null, 'x', 5, new Map()]) {
    assert.equal(v.verifyRequest(req, 1000).code, 'MISSING_REFERER');
    assert.equal(verifyRequest(req, { token: 'T', now: 1000 }).code, 'MISSING_REFERER');
  }
  // Lone surrogates are not text.
  assert.equal(v.verify({ referer: s.referer, hostsign: s.hostsign.replace('}', '"x":"\ud800"}') }, 1000).code, 'MALFORMED_HOSTSIGN');
  // Huge values are refused without copying them.
  assert.equal(v.verify({ referer: 'x'.repeat(1 << 20), hostsign: s.hostsign }, 1000).code, 'MALFORMED_REFERER');
  assert.equal(v.verify({ referer: s.referer, hostsign: '\u{1f600}'.repeat(300) }, 1000).code, 'MALFORMED_HOSTSIGN');
  // ...and the verifier still works afterwards.
  assert.equal(v.verify(s, 1000).ok, true);
});

test(`sign() then verify() is ok for ${RUNS} random inputs`, () => {
  const appid = fc.stringMatching(/^wx[0-9a-f]{16}$/);
  const nonce = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => new TextEncoder().encode(s).length <= 128);
  const token = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
  const version = fc.oneof(fc.constant(0), fc.constant('devtools'), fc.integer({ min: 1, max: 9999999999 }));
  const ts = fc.integer({ min: 60, max: 99999999999 - 660 }); // now stays below 1e11 (seconds, not ms)
  fc.assert(
    fc.property(appid, nonce, token, version, ts, fc.integer({ min: -60, max: 660 }), fc.boolean(), (appid, noncestr, token, version, ts, age, asString) => {
      const s = sign({ appid, token, noncestr, timestamp: asString ? String(ts) : ts, version });
      const r = verify(s, { token, now: ts + age });
      assert.equal(r.ok, true, JSON.stringify({ s, r }));
      assert.equal(r.appid, appid);
      assert.equal(r.noncestr, noncestr);
      assert.equal(r.timestamp, ts);
      assert.equal(r.age, age);
    }),
    { numRuns: RUNS },
  );
});

test('any single-character change to the HostSign never verifies', () => {
  const v = createVerifier({ token: 'T', maxAge: null, clockSkew: 2 ** 53 });
  fc.assert(
    fc.property(fc.integer({ min: 1e9, max: 2e9 }), fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), (ts, at, ch) => {
      const s = sign({ appid: A, token: 'T', timestamp: ts });
      const i = at % s.hostsign.length;
      if (s.hostsign[i] === ch) return;
      const inSignature = i >= s.hostsign.indexOf('"signature":"') + 13;
      if (inSignature && s.hostsign[i].toLowerCase() === ch.toLowerCase()) return; // hex case is not signed
      const tampered = s.hostsign.slice(0, i) + ch + s.hostsign.slice(i + 1);
      assert.equal(v.verify({ referer: s.referer, hostsign: tampered }, ts).ok, false, tampered);
    }),
    { numRuns: RUNS },
  );
});

test("any single-character change to the Referer's AppID, the nonce, timestamp or signature never verifies", () => {
  const v = createVerifier({ token: 'T' });
  const ts = 1711421951;
  const s = sign({ appid: A, token: 'T', timestamp: ts, noncestr: '0123456789abcdef0123456789abcdef' });
  const h = JSON.parse(s.hostsign);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEF';
  let tried = 0;
  for (let i = 0; i < A.length; i++) {
    for (const c of alphabet) {
      if (c === A[i]) continue;
      const referer = s.referer.replace(A, A.slice(0, i) + c + A.slice(i + 1));
      assert.equal(v.verify({ referer, hostsign: s.hostsign }, ts).ok, false);
      tried++;
    }
  }
  for (const field of ['noncestr', 'timestamp', 'signature']) {
    const text = String(h[field]);
    for (let i = 0; i < text.length; i++) {
      for (const c of '0123456789abcdef') {
        if (c === text[i].toLowerCase()) continue;
        const changed = text.slice(0, i) + c + text.slice(i + 1);
        const hs = { ...h, [field]: field === 'timestamp' ? Number(changed) : changed };
        const r = v.verify({ referer: s.referer, hostsign: JSON.stringify(hs) }, ts);
        assert.equal(r.ok, false, `${field} ${changed}`);
        tried++;
      }
    }
  }
  assert.ok(tried > 1000);
});

test('options: every bad configuration throws INVALID_OPTIONS', () => {
  const bad = [
    undefined, null, 'T', [], {}, { token: '' }, { tokens: [] }, { tokens: ['a', ''] }, { token: 5 }, { tokens: 'T' },
    { token: 'a', tokens: ['b'] }, { token: '\ud800' }, { tokens: Array(17).fill('t') }, { token: 'x'.repeat(1025) },
    { token: 'T', maxAge: -1 }, { token: 'T', maxAge: 1.5 }, { token: 'T', maxAge: '660' }, { token: 'T', maxAge: NaN }, { token: 'T', maxAge: Infinity },
    { token: 'T', clockSkew: -1 }, { token: 'T', clockSkew: null }, { token: 'T', appids: [] }, { token: 'T', appids: 'wx0123456789abcdef' },
    { token: 'T', appids: ['touristappid'] }, { token: 'T', appids: ['WX0123456789ABCDEF'] }, { token: 'T', versions: [] },
    { token: 'T', versions: ['production'] }, { token: 'T', versions: 'release' }, { token: 'T', strictAppid: 'yes' },
    { token: 'T', maxage: 60 }, { token: 'T', appId: ['wx0123456789abcdef'] },
  ];
  for (const options of bad) {
    assert.throws(() => createVerifier(options), (e) => e instanceof HostSignError && e.code === 'INVALID_OPTIONS' && e.name === 'HostSignError' && /\.$/.test(e.message), JSON.stringify(options));
    assert.throws(() => verify({}, options), HostSignError);
  }
  const v = createVerifier({ token: 'T' });
  for (const now of ['1', -1, NaN, Infinity, Date.now(), new Date(NaN), {}]) {
    assert.throws(() => v.verify({}, now), (e) => e.code === 'INVALID_OPTIONS', String(now));
  }
  assert.equal(v.verify({}, new Date()).code, 'MISSING_REFERER');
});

test('no message, result or thrown error contains the token', () => {
  const token = 'S3cret-Token-ZQX';
  const v = createVerifier({ tokens: [token, token + '2'] });
  const texts = [];
  for (const c of cases) {
    texts.push(JSON.stringify(verify(c.headers, { ...c.options, tokens: undefined, token, now: c.now })));
    texts.push(JSON.stringify(v.verify(c.headers, c.now)));
  }
  for (const options of [{ token, maxAge: -1 }, { token, versions: ['x'] }, { token, bogus: token }, { tokens: [token, 5] }, { tokens: token }]) {
    try {
      createVerifier(options);
      assert.fail('accepted');
    } catch (e) {
      texts.push(e.message, String(e), e.stack ?? '');
    }
  }
  texts.push(String(v), JSON.stringify(v), Object.keys(v).join());
  for (const t of texts) assert.ok(!t.includes(token) && !t.includes('S3cret'), t);
});

test('sign() options and output shape', () => {
  const s = sign({ appid: A, token: 'T', noncestr: 'n"\\\u00e9', timestamp: '0017', version: 'devtools' });
  assert.equal(s.referer, `https://servicewechat.com/${A}/devtools/page-frame.html`);
  assert.ok(/^[\x20-\x7e]+$/.test(s.hostsign), 'the header is ASCII');
  assert.deepEqual(JSON.parse(s.hostsign), { noncestr: 'n"\\\u00e9', timestamp: '0017', signature: s.signature });
  assert.equal(s.headers['x-wechat-hostsign'], s.hostsign);
  const fresh = sign({ appid: A, token: 'T' });
  assert.match(JSON.parse(fresh.hostsign).noncestr, /^[0-9a-f]{32}$/);
  assert.ok(Math.abs(JSON.parse(fresh.hostsign).timestamp - Date.now() / 1000) < 5);
  assert.notEqual(JSON.parse(sign({ appid: A, token: 'T' }).hostsign).noncestr, JSON.parse(fresh.hostsign).noncestr);
  for (const bad of [{}, { appid: A }, { appid: 'touristappid', token: 'T' }, { appid: A, token: '' }, { appid: A, token: 'T', noncestr: '' },
    { appid: A, token: 'T', timestamp: -1 }, { appid: A, token: 'T', timestamp: 1.5 }, { appid: A, token: 'T', timestamp: '1e3' },
    { appid: A, token: 'T', version: 'release' }, { appid: A, token: 'T', version: 1e10 + 1 }, { appid: A, token: 'T', extra: 1 }]) {
    assert.throws(() => sign(bad), (e) => e.code === 'INVALID_OPTIONS', JSON.stringify(bad));
  }
  assert.equal(sign({ appid: 'touristappid', token: 'T', strictAppid: false, version: 'devtools' }).referer.includes('touristappid'), true);
});

test('parseReferer and parseHostSign', () => {
  assert.deepEqual(parseReferer(`https://servicewechat.com/${A}/0/page-frame.html`), { ok: true, appid: A, version: { kind: 'develop' } });
  assert.equal(parseReferer('https://servicewechat.com/touristappid/devtools/page-frame.html').code, 'MALFORMED_REFERER');
  assert.equal(parseReferer('https://servicewechat.com/touristappid/devtools/page-frame.html', { strictAppid: false }).appid, 'touristappid');
  assert.equal(parseReferer(undefined).code, 'MISSING_REFERER');
  const sig = 'ABCDEF0123456789ABCDEF0123456789ABCDEF01';
  assert.deepEqual(parseHostSign(`{"noncestr":"\\u00e9x","timestamp":"007","signature":"${sig}"}`), {
    ok: true, noncestr: '\u00e9x', timestamp: 7, timestampText: '007', signature: sig.toLowerCase(),
  });
  assert.equal(parseHostSign('{}').code, 'UNSIGNED');
  assert.equal(parseHostSign(null).code, 'MISSING_HOSTSIGN');
  assert.equal(parseHostSign('{"a":1,"a":2}').code, 'MALFORMED_HOSTSIGN');
  assert.throws(() => parseReferer('x', 'strict'), HostSignError);
});

test('failures are frozen, shared and say what to fix', () => {
  const a = verify({}, { token: 'T' });
  const b = verify({}, { token: 'U' });
  assert.equal(a, b);
  assert.ok(Object.isFrozen(a));
  assert.match(a.message, /^[A-Z].*\.$/);
  assert.deepEqual(Object.keys(a), ['ok', 'code', 'message']);
});

test('APPID_NOT_ALLOWED explains phone previews', () => {
  const s = sign({ appid: A, token: 'T', timestamp: 1000 });
  const r = verify(s, { token: 'T', appids: ['wxfedcba9876543210'], now: 1000 });
  assert.equal(r.code, 'APPID_NOT_ALLOWED');
  assert.match(r.message, /preview/);
});

test('verifiers are independent and dispose() frees one', () => {
  const s = sign({ appid: A, token: 'T1', timestamp: 1000 });
  const v1 = createVerifier({ token: 'T1' });
  const v2 = createVerifier({ token: 'T2' });
  assert.equal(v1.verify(s, 1000).ok, true);
  assert.equal(v2.verify(s, 1000).code, 'BAD_SIGNATURE');
  v2.dispose();
  assert.equal(v1.verify(s, 1000).ok, true);
  assert.equal(createHash('sha1').update('x').digest('hex').length, 40);
});

test('one-element arrays work everywhere a header value does', () => {
  const s = sign({ appid: A, token: 'T', timestamp: 1000 });
  assert.equal(parseReferer([s.referer]).appid, A);
  assert.equal(parseHostSign([s.hostsign]).timestampText, '1000');
  assert.equal(parseReferer([s.referer, s.referer]).code, 'MALFORMED_REFERER');
  assert.equal(parseHostSign([]).code, 'MISSING_HOSTSIGN');
  // A getter is read once.
  let reads = 0;
  const headers = { get referer() { reads++; return [reads === 1 ? s.referer : 'changed']; }, hostsign: s.hostsign };
  assert.equal(verify(headers, { token: 'T', now: 1000 }).appid, A);
  assert.equal(reads, 1);
});

test('oversize options and sign() arguments are refused before reaching wasm', () => {
  const big = 'x'.repeat(1 << 20);
  const codes = [
    () => createVerifier({ token: big }),
    () => createVerifier({ tokens: ['a', big] }),
    () => createVerifier({ tokens: Array(1000).fill('t') }),
    () => createVerifier({ token: 'T', appids: [big] }),
    () => sign({ appid: A, token: big }),
    () => sign({ appid: big, token: 'T' }),
    () => sign({ appid: A, token: 'T', noncestr: big }),
    () => sign({ appid: A, token: 'T', timestamp: '1'.repeat(1 << 20) }),
  ];
  for (const f of codes) assert.throws(f, (e) => e.code === 'INVALID_OPTIONS' && !e.message.includes('xxxx'));
  // Exactly at the limits is still the core's call.
  assert.equal(createVerifier({ token: 'y'.repeat(1024) }).verify({}).code, 'MISSING_REFERER');
  assert.throws(() => createVerifier({ token: '\u00e9'.repeat(600) }), (e) => e.code === 'INVALID_OPTIONS'); // 1200 bytes
});
