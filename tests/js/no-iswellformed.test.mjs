// The package where String.prototype.isWellFormed does not exist (Node 18,
// browsers before 2023): options.js falls back to a regular expression to find
// unpaired surrogates. This process never has the built-in, so a package
// that used it anyway would throw here.
import { test } from 'node:test';
import assert from 'node:assert/strict';

delete String.prototype.isWellFormed;
const { createVerifier, signature, sign, verify, HostSignError } = await import('wechat-hostsign');

test('without isWellFormed, unpaired surrogates are refused and pairs accepted', () => {
  assert.equal(typeof String.prototype.isWellFormed, 'undefined');
  const A = 'wx0123456789abcdef';
  for (const bad of ['\ud800', 'a\udc00', '\udbffx', '\ud800\ud800\udc00', '\udc00\ud800']) {
    assert.throws(() => createVerifier({ token: bad }), (e) => e instanceof HostSignError && /unpaired UTF-16 surrogate/.test(e.message));
    assert.throws(() => signature(A, bad, '1', 'k'), /Each argument must be a string/);
  }
  const s = sign({ appid: A, token: '\ud83d\ude00', noncestr: 'n\u{1f600}', timestamp: 1000 });
  assert.equal(verify(s, { token: '\ud83d\ude00', now: 1000 }).noncestr, 'n\u{1f600}');
  assert.match(verify({ referer: s.referer + '\ud800', hostsign: s.hostsign }, { token: 'k', now: 1000 }).message, /is not text \(a string of valid Unicode/);
});
