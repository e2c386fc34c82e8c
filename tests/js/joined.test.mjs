// Repeated headers that a runtime joined with ", " (pkg-template/src/headers.js):
// refused wherever verifyRequest cannot see the repetition (Headers, a
// Request, anything with get(), a plain header object), while every shape
// of real WeChat traffic (CONTRACT.md section 1) still verifies through
// every container.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVerifier, sign, signature, verifyRequest } from 'wechat-hostsign';

const NOW = 1711421951;
const v = createVerifier({ token: 'T', strictAppid: false });

/** Every way verifyRequest reads headers, for these header pairs (as sent, in order). */
function containers(pairs) {
  const plain = {};
  for (const [k, val] of pairs) plain[k] = k in plain ? `${plain[k]}, ${val}` : val; // as Node's req.headers joins
  return {
    Headers: new Headers(pairs),
    Request: new Request('http://127.0.0.1/', { headers: new Headers(pairs) }),
    'Headers-like get()': { get: (n) => new Headers(pairs).get(n) },
    'plain object': plain,
    'Node rawHeaders': { rawHeaders: pairs.flat() },
  };
}

test('every shape of real traffic verifies through every container', () => {
  const shapes = [];
  for (const [appid, version] of [
    ['wx0123456789abcdef', 0],
    ['wx0123456789abcdef', 'devtools'],
    ['wx0123456789abcdef', 4],
    ['wx0123456789abcdef', 795],
    ['touristappid', 'devtools'],
  ]) {
    for (const timestamp of [NOW, String(NOW)]) {
      const s = sign({ appid, token: 'T', timestamp, version, noncestr: '0123456789abcdef0123456789abcdef', strictAppid: false });
      shapes.push([s.referer, s.hostsign]);
      // The signature in upper case is valid too.
      shapes.push([s.referer, s.hostsign.replace(s.signature, s.signature.toUpperCase())]);
    }
  }
  for (const [referer, hostsign] of shapes) {
    assert.doesNotMatch(hostsign, /, /, 'real traffic has no comma followed by a space');
    for (const [name, request] of Object.entries(containers([['Referer', referer], ['X-WECHAT-HOSTSIGN', hostsign]]))) {
      const r = v.verifyRequest(request, NOW);
      assert.equal(r.ok, true, `${name}: ${hostsign}: ${r.message}`);
    }
  }
});

test('the review reproduction and other joins: refused where the join is invisible, as repeated', () => {
  const referer = 'https://servicewechat.com/wx0123456789abcdef/3/page-frame.html';
  const sig = signature('wx0123456789abcdef', 'abc', String(NOW), 'T');
  const real = sign({ appid: 'wx0123456789abcdef', token: 'T', timestamp: NOW, version: 3 });
  const joins = [
    // Two halves that join into one valid object (a string ", " in an unknown key's array).
    [`{"noncestr":"abc","timestamp":${NOW},"pad":["`, `"],"signature":"${sig}"}`],
    // Structural: the join's ", " between two members.
    [`{"noncestr":"abc","timestamp":${NOW}`, `"signature":"${sig}"}`],
    // The same header twice, and an empty first value.
    [real.hostsign, real.hostsign],
    ['', real.hostsign],
  ];
  for (const [first, second] of joins) {
    const joined = new Headers([['x-wechat-hostsign', first], ['x-wechat-hostsign', second]]).get('x-wechat-hostsign');
    assert.match(joined, /, /);
    for (const [name, request] of Object.entries(containers([['Referer', referer], ['X-WECHAT-HOSTSIGN', first], ['X-WECHAT-HOSTSIGN', second]]))) {
      const r = v.verifyRequest(request, NOW);
      assert.equal(r.code, 'MALFORMED_HOSTSIGN', `${name}: ${joined}`);
      assert.match(r.message, /more than once/, name);
    }
  }
  // A repeated Referer, joined: refused as repeated.
  for (const [name, request] of Object.entries(containers([['Referer', referer], ['Referer', referer], ['X-WECHAT-HOSTSIGN', real.hostsign]]))) {
    const r = v.verifyRequest(request, NOW);
    assert.equal(r.code, 'MALFORMED_REFERER', name);
    assert.match(r.message, /more than once/, name);
  }
});

test('a single value is taken as it is where it is given as a value: verify(), and Node raw headers', () => {
  const sig = signature('wx0123456789abcdef', 'abc', String(NOW), 'T');
  const spaced = `{"noncestr": "abc", "timestamp": ${NOW}, "signature": "${sig}"}`; // Python's json.dumps
  const referer = 'https://servicewechat.com/wx0123456789abcdef/3/page-frame.html';
  assert.equal(v.verify({ referer, hostsign: spaced }, NOW).ok, true);
  assert.equal(v.verifyRequest({ rawHeaders: ['Referer', referer, 'X-WECHAT-HOSTSIGN', spaced] }, NOW).ok, true);
  // The one-shot form alike.
  assert.equal(verifyRequest({ rawHeaders: ['Referer', referer, 'X-WECHAT-HOSTSIGN', spaced] }, { token: 'T', now: NOW }).ok, true);
  assert.equal(verifyRequest(new Headers({ referer, 'x-wechat-hostsign': spaced }), { token: 'T', now: NOW }).code, 'MALFORMED_HOSTSIGN');
  // Through a header map it cannot be told from a join.
  assert.equal(v.verifyRequest(new Headers({ referer, 'x-wechat-hostsign': spaced }), NOW).code, 'MALFORMED_HOSTSIGN');
  // A comma without a space is no join (Fetch always adds the space).
  const compact = `{"noncestr":"a,b","timestamp":${NOW},"signature":"${signature('wx0123456789abcdef', 'a,b', String(NOW), 'T')}"}`;
  assert.equal(v.verifyRequest(new Headers({ referer, 'x-wechat-hostsign': compact }), NOW).ok, true);
});

test('a cached pair that reads as a join is still refused where the runtime may have joined it', () => {
  // The cache answers a repeat before the join check: a pair that verified
  // through verify() (a value as given) and then comes through a header map
  // must still be refused there, from the cache as without it.
  const referer = 'https://servicewechat.com/wx0123456789abcdef/3/page-frame.html';
  for (const noncestr of ['0123456789abcdef, 0123456789abcdef', '0123456789abcdef},{0123456789abcdef']) {
    const hostsign = `{"noncestr":${JSON.stringify(noncestr)},"timestamp":${NOW},"signature":"${signature('wx0123456789abcdef', noncestr, String(NOW), 'T')}"}`;
    for (const cache of [true, false]) {
      const verifier = createVerifier({ token: 'T', cache });
      // Three times: a pair enters the cache on its second verification.
      for (let i = 0; i < 3; i++) assert.equal(verifier.verify({ referer, hostsign }, NOW).ok, true, noncestr);
      for (const request of [new Headers({ referer, 'x-wechat-hostsign': hostsign }), { headers: { referer, 'x-wechat-hostsign': hostsign } }]) {
        const r = verifier.verifyRequest(request, NOW);
        assert.equal(r.code, 'MALFORMED_HOSTSIGN', `${noncestr}, cache ${cache}`);
        assert.match(r.message, /more than once/);
      }
      // Where the repetition is visible, the value is taken as it is.
      assert.equal(verifier.verifyRequest({ rawHeaders: ['Referer', referer, 'X-WECHAT-HOSTSIGN', hostsign] }, NOW).ok, true);
    }
  }
});

test('gateways that join with a bare comma (AWS HTTP API v2, Lambda URLs): two HostSigns read as repeated', () => {
  const a = sign({ appid: 'wx0123456789abcdef', token: 'T', timestamp: NOW, noncestr: 'a'.repeat(32) });
  const b = sign({ appid: 'wx0123456789abcdef', token: 'T', timestamp: NOW, noncestr: 'b'.repeat(32) });
  for (const join of [',', ' ,', ',\t', ' , ']) {
    // The shape of an HTTP API (payload 2.0) or function URL event.
    const event = { version: '2.0', rawPath: '/', headers: { referer: a.referer, 'x-wechat-hostsign': a.hostsign + join + b.hostsign }, requestContext: { http: { method: 'GET' } } };
    const r = v.verifyRequest(event, NOW);
    assert.equal(r.code, 'MALFORMED_HOSTSIGN', JSON.stringify(join));
    assert.match(r.message, /more than once/);
  }
  // One header alone still verifies through the same event shape.
  assert.equal(v.verifyRequest({ version: '2.0', headers: { referer: a.referer, 'x-wechat-hostsign': a.hostsign } }, NOW).ok, true);
});

test("an h3 event (Nitro, Nuxt) is read from event.node.req's raw header lines, where a repeated Referer is still there", () => {
  const s = sign({ appid: 'wx0123456789abcdef', token: 'T', timestamp: NOW });
  const other = s.referer.replace('/0/', '/1/');
  const rawHeaders = ['Referer', s.referer, 'Referer', other, 'X-WECHAT-HOSTSIGN', s.hostsign];
  // Node's req.headers keeps the first Referer only; h3 builds event.headers from it.
  const event = { node: { req: { rawHeaders, headers: { referer: s.referer, 'x-wechat-hostsign': s.hostsign } } }, headers: new Headers({ referer: s.referer, 'x-wechat-hostsign': s.hostsign }) };
  assert.equal(v.verifyRequest(event, NOW).code, 'MALFORMED_REFERER');
  event.node.req.rawHeaders = rawHeaders.slice(2);
  assert.equal(v.verifyRequest(event, NOW).ok, true);
});
