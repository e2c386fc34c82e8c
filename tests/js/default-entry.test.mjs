// The package's default entry (dist/default.js: browsers, bundlers, workerd's
// V8 when bundled, Deno and Bun) in Node. It copies header values into wasm
// memory with a plain loop where Node's entry uses TextEncoder.encodeInto
// (engine.js put(): encodeIntoFirst), so that path is checked here, value by
// value, against the Node entry: ASCII, non-ASCII, unpaired surrogates and
// every size limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as node from 'wechat-hostsign';

const dist = join(dirname(fileURLToPath(import.meta.resolve('wechat-hostsign/package.json'))), 'dist');
// Loaded where String.prototype.isWellFormed is missing (Node 18, older
// browsers), so that its fallback, a regular expression, is what this file
// tests; the Node entry beside it uses the built-in.
const isWellFormed = String.prototype.isWellFormed;
delete String.prototype.isWellFormed;
const browser = await import(join(dist, 'default.js'));
String.prototype.isWellFormed = isWellFormed;

const A = 'wx0123456789abcdef';
const TS = 1711421951;

test('the default entry is a separate instance of the same API', () => {
  assert.notEqual(browser.createVerifier, node.createVerifier);
  assert.deepEqual(Object.keys(browser).sort(), Object.keys(node).sort());
});

test('the default entry verifies every header value exactly as the Node entry does', () => {
  const s = node.sign({ appid: A, token: 'T', noncestr: 'nonce', timestamp: TS });
  const u = node.sign({ appid: A, token: 'T', noncestr: 'é中\u{1f600}', timestamp: TS });
  const sig = s.hostsign.match(/"signature":"([0-9a-f]{40})"/)[1];
  const values = {
    referer: [
      s.referer,
      s.referer + '\u00e9',
      s.referer + '\ud800',
      '\udc00' + s.referer,
      'https://servicewechat.com/' + 'a'.repeat(2048 - 26),
      'https://servicewechat.com/' + 'a'.repeat(2049 - 26),
      'https://servicewechat.com/' + 'é'.repeat(1020),
      'https://servicewechat.com/' + 'é'.repeat(1011),
      'https://servicewechat.com/' + 'é'.repeat(1012),
      '',
      undefined,
      [s.referer, s.referer],
      7,
      '\u0080',
      '\u0080\u0000',
      s.referer.replace('wx', '\ud83d\ude00'),
      s.referer + '\ud800\udc00',
      s.referer + '\udc00\ud800',
      '\ud800',
      '\udbff\udfff\udc00',
    ],
    hostsign: [
      s.hostsign,
      u.hostsign,
      JSON.stringify({ noncestr: 'é中\u{1f600}', timestamp: TS, signature: JSON.parse(u.hostsign).signature }),
      s.hostsign.replace('}', ',"x":"\ud800"}'),
      s.hostsign.replace('{', '{' + ' '.repeat(1024 - s.hostsign.length)),
      s.hostsign.replace('{', '{' + ' '.repeat(1025 - s.hostsign.length)),
      s.hostsign.replace('{', '{' + '\u00a0'.repeat(510)),
      s.hostsign.replace('{', '{"pad":"' + 'é'.repeat(430) + '",'),
      `{"noncestr":"\u007f","timestamp":1,"signature":"${sig}"}`,
      '{}',
      null,
      '\u0080',
      s.hostsign.replace('}', ',"x":"\ud83d\ude00\ud83d"}'),
      s.hostsign.replace('}', ',"x":"a\udfffb"}'),
    ],
  };
  const nv = node.createVerifier({ token: 'T' });
  const bv = browser.createVerifier({ token: 'T' });
  let compared = 0;
  for (const referer of values.referer) {
    for (const hostsign of values.hostsign) {
      const want = nv.verify({ referer, hostsign }, TS);
      assert.deepEqual(bv.verify({ referer, hostsign }, TS), want, JSON.stringify({ referer, hostsign }).slice(0, 200));
      compared++;
    }
  }
  for (const referer of values.referer) assert.deepEqual(browser.parseReferer(referer), node.parseReferer(referer));
  for (const hostsign of values.hostsign) assert.deepEqual(browser.parseHostSign(hostsign), node.parseHostSign(hostsign));
  assert.equal(compared, values.referer.length * values.hostsign.length);
  // And the outcomes are the expected ones, not just equal.
  assert.equal(bv.verify(s, TS).noncestr, 'nonce');
  assert.equal(bv.verify(u, TS).noncestr, 'é中\u{1f600}');
  assert.match(bv.verify({ referer: values.referer[5], hostsign: s.hostsign }, TS).message, /longer than 2048 bytes/);
  assert.match(bv.verify({ referer: values.referer[6], hostsign: s.hostsign }, TS).message, /longer than 2048 bytes/);
  // 2048 bytes of UTF-8 are parsed; 2050 fit the copy but not the limit.
  assert.match(bv.verify({ referer: values.referer[7], hostsign: s.hostsign }, TS).message, /^The Referer must be exactly/);
  assert.match(bv.verify({ referer: values.referer[8], hostsign: s.hostsign }, TS).message, /longer than 2048 bytes/);
  assert.match(bv.verify({ referer: values.referer[2], hostsign: s.hostsign }, TS).message, /is not text \(a string of valid Unicode/);
  assert.equal(bv.verify({ referer: s.referer, hostsign: values.hostsign[4] }, TS).ok, true);
  assert.match(bv.verify({ referer: s.referer, hostsign: values.hostsign[6] }, TS).message, /longer than 1024 bytes/);
});

test('without isWellFormed, unpaired surrogates are still found, tokens and arguments included', () => {
  for (const bad of ['\ud800', 'a\udc00', '\udbffx', '\ud800\ud800\udc00', '\udc00\ud800']) {
    assert.throws(() => browser.createVerifier({ token: bad }), /unpaired UTF-16 surrogate/);
    assert.throws(() => browser.signature(A, bad, '1', 'k'), /Each argument must be a string/);
  }
  for (const good of ['\ud800\udc00', 'a\u{1f600}b', '\udbff\udfff']) {
    assert.equal(browser.signature(A, good, '1', 'k'), node.signature(A, good, '1', 'k'));
  }
});

test('the default entry signs with a random nonce from Web Crypto', () => {
  const x = browser.sign({ appid: A, token: 'T', timestamp: TS });
  assert.match(JSON.parse(x.hostsign).noncestr, /^[0-9a-f]{32}$/);
  assert.equal(node.verify(x, { token: 'T', now: TS }).ok, true);
});
