// The package by require(): the CommonJS build (node.cjs) for Node 18+.
const { test } = require('node:test');
const assert = require('node:assert/strict');

test('require() gives the same API, and it works', () => {
  const m = require('wechat-hostsign');
  for (const name of ['createVerifier', 'verify', 'verifyRequest', 'sign', 'signature', 'parseReferer', 'parseHostSign', 'HostSignError', 'CODES']) {
    assert.ok(name in m, name);
  }
  const s = m.sign({ appid: 'wx0123456789abcdef', token: 'T', timestamp: 1000 });
  assert.equal(m.createVerifier({ token: 'T' }).verify(s, 1000).ok, true);
  assert.equal(m.signature('wx0123456789abcdef', 'abc', '1711421951', 'token'), '2aff2d89cff5c5adafec6d11d921ef517441bd66');
  assert.throws(() => m.createVerifier({}), (e) => e instanceof m.HostSignError && e.code === 'INVALID_OPTIONS');
  assert.match(require.resolve('wechat-hostsign'), /node\.cjs$/);
});
