// Which headers verifyRequest reads from each request shape, found by mutation
// testing (scripts/mutants js, pkg-template/src/request-headers.js requestHeaders and
// fromRawPair): Node's rawHeaders win over any other view of the same
// request, Hono's c on @hono/node-server is read through env.incoming, an
// API gateway's multiValueHeaders win over its headers, and in rawHeaders
// only a header named X-WECHAT-HOSTSIGN (in any case) is the HostSign, not
// another header of the same length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVerifier, sign, signature, verify } from 'wechat-hostsign';

const NOW = 1711421951;
const APPID = 'wx0123456789abcdef';
const v = createVerifier({ token: 'T' });
const real = sign({ appid: APPID, token: 'T', timestamp: NOW, version: 3, noncestr: '0123456789abcdef0123456789abcdef' });
const REFERER = real.referer;
// A hand-made HostSign with a space after each comma: valid as received
// (verify(), Node's rawHeaders), refused where it may be a join (Fetch).
const SPACED = `{"noncestr":"abc", "timestamp":${NOW}, "signature":"${signature(APPID, 'abc', String(NOW), 'T')}"}`;

test('the spaced HostSign verifies as received and is refused as a join by Fetch Headers', () => {
  assert.equal(verify({ referer: REFERER, hostsign: SPACED }, { token: 'T', now: NOW }).ok, true);
  assert.equal(v.verifyRequest({ rawHeaders: ['Referer', REFERER, 'X-WECHAT-HOSTSIGN', SPACED] }, NOW).ok, true);
  const r = v.verifyRequest(new Headers([['Referer', REFERER], ['X-WECHAT-HOSTSIGN', SPACED]]), NOW);
  assert.equal(r.code, 'MALFORMED_HOSTSIGN');
});

test('rawHeaders win over a Fetch Headers beside them', () => {
  // The raw lines are what was sent; a Headers view of them would join.
  const req = { rawHeaders: ['Referer', REFERER, 'X-WECHAT-HOSTSIGN', SPACED], headers: new Headers([['Referer', REFERER], ['X-WECHAT-HOSTSIGN', SPACED]]) };
  const r = v.verifyRequest(req, NOW);
  assert.equal(r.ok, true, r.message);
  assert.equal(r.noncestr, 'abc');
  // And a Headers view that disagrees is not read at all.
  const other = { rawHeaders: ['Referer', REFERER], headers: new Headers([['Referer', REFERER], ['X-WECHAT-HOSTSIGN', real.hostsign]]) };
  assert.equal(v.verifyRequest(other, NOW).code, 'MISSING_HOSTSIGN');
});

test("Hono's c on @hono/node-server is read through env.incoming's rawHeaders, not c.req.raw", () => {
  const pairs = [['Referer', REFERER], ['X-WECHAT-HOSTSIGN', SPACED]];
  const raw = new Request('http://127.0.0.1/', { headers: new Headers(pairs) });
  const c = { env: { incoming: { rawHeaders: pairs.flat(), headers: { referer: REFERER } } }, req: { raw } };
  const r = v.verifyRequest(c, NOW);
  assert.equal(r.ok, true, r.message);
  // c.req.raw alone joins, and refuses.
  assert.equal(v.verifyRequest({ req: { raw } }, NOW).code, 'MALFORMED_HOSTSIGN');
  // A repeated HostSign that only the IncomingMessage shows.
  const twice = { env: { incoming: { rawHeaders: [...pairs.flat(), 'x-wechat-hostsign', real.hostsign] } }, req: { raw: new Request('http://127.0.0.1/', { headers: [['Referer', REFERER], ['X-WECHAT-HOSTSIGN', real.hostsign]] }) } };
  assert.equal(v.verifyRequest(twice, NOW).code, 'MALFORMED_HOSTSIGN');
  assert.equal(v.verifyRequest({ req: twice.req }, NOW).ok, true);
});

test("an API gateway's multiValueHeaders win over its headers: a HostSign repeated there is refused", () => {
  const event = {
    headers: { Referer: REFERER, 'X-WECHAT-HOSTSIGN': real.hostsign },
    multiValueHeaders: { Referer: [REFERER], 'X-WECHAT-HOSTSIGN': [real.hostsign, real.hostsign] },
  };
  assert.equal(v.verifyRequest(event, NOW).code, 'MALFORMED_HOSTSIGN');
  // The same event with the HostSign once in each verifies.
  const once = { ...event, multiValueHeaders: { Referer: [REFERER], 'X-WECHAT-HOSTSIGN': [real.hostsign] } };
  assert.equal(v.verifyRequest(once, NOW).ok, true);
  // Headers alone would have shown it once.
  assert.equal(v.verifyRequest({ headers: event.headers }, NOW).ok, true);
  // A header missing from multiValueHeaders is looked up in headers.
  const partial = { headers: event.headers, multiValueHeaders: { Referer: [REFERER] } };
  assert.equal(v.verifyRequest(partial, NOW).ok, true);
  assert.equal(v.verifyRequest({ headers: event.headers, multiValueHeaders: { 'X-WECHAT-HOSTSIGN': [real.hostsign] } }, NOW).ok, true);
  // A Referer repeated only in multiValueHeaders is refused too.
  const referers = { headers: event.headers, multiValueHeaders: { Referer: [REFERER, REFERER], 'X-WECHAT-HOSTSIGN': [real.hostsign] } };
  assert.equal(v.verifyRequest(referers, NOW).code, 'MALFORMED_REFERER');
});

test('in rawHeaders, another 17-character header is not the HostSign', () => {
  // X-Forwarded-Proto has as many characters as X-WECHAT-HOSTSIGN.
  assert.equal('X-Forwarded-Proto'.length, 'X-WECHAT-HOSTSIGN'.length);
  for (const spelling of ['X-WECHAT-HOSTSIGN', 'x-wechat-hostsign', 'X-WeChat-HostSign']) {
    for (const proto of ['X-Forwarded-Proto', 'x-forwarded-proto']) {
      const before = { rawHeaders: [proto, 'https', 'Referer', REFERER, spelling, real.hostsign] };
      const after = { rawHeaders: ['Referer', REFERER, spelling, real.hostsign, proto, 'https'] };
      for (const req of [before, after]) {
        const r = v.verifyRequest(req, NOW);
        assert.equal(r.ok, true, `${proto} with ${spelling}: ${r.message}`);
      }
    }
    // Without the HostSign, a 17-character header does not stand in for it.
    assert.equal(v.verifyRequest({ rawHeaders: ['X-Forwarded-Proto', 'https', 'Referer', REFERER] }, NOW).code, 'MISSING_HOSTSIGN');
  }
  // Nor does a 7-character one for the Referer.
  assert.equal(v.verifyRequest({ rawHeaders: ['Referrr', REFERER, 'X-WECHAT-HOSTSIGN', real.hostsign] }, NOW).code, 'MISSING_REFERER');
});

test('in rawHeaders, header names are matched in any case, and a repeated one is refused', () => {
  for (const [ref, hs] of [['Referer', 'X-WECHAT-HOSTSIGN'], ['referer', 'x-wechat-hostsign'], ['REFERER', 'X-Wechat-Hostsign']]) {
    const r = v.verifyRequest({ rawHeaders: [ref, REFERER, hs, real.hostsign] }, NOW);
    assert.equal(r.ok, true, `${ref} ${hs}: ${r.message}`);
    assert.equal(v.verifyRequest({ rawHeaders: [ref, REFERER, hs, real.hostsign, 'referer', REFERER] }, NOW).code, 'MALFORMED_REFERER');
    assert.equal(v.verifyRequest({ rawHeaders: [ref, REFERER, hs, real.hostsign, 'x-wechat-hostsign', real.hostsign] }, NOW).code, 'MALFORMED_HOSTSIGN');
  }
});

test('in a hand-built rawHeaders, a header given twice is refused whatever the entries between hold', () => {
  // Node's rawHeaders hold only strings; a hand-built one may hold anything,
  // and the repetition still counts (an empty array between is not a value).
  for (const between of [[], ['x'], 7, null, undefined, '']) {
    const refs = { rawHeaders: ['Referer', REFERER, 'X-Other', between, 'Referer', REFERER, 'X-WECHAT-HOSTSIGN', real.hostsign] };
    assert.equal(v.verifyRequest(refs, NOW).code, 'MALFORMED_REFERER', String(between));
    const hss = { rawHeaders: ['Referer', REFERER, 'X-WECHAT-HOSTSIGN', real.hostsign, 'X-Other', between, 'X-WECHAT-HOSTSIGN', real.hostsign] };
    assert.equal(v.verifyRequest(hss, NOW).code, 'MALFORMED_HOSTSIGN', String(between));
  }
});
