// A verifier's life: dispose() (twice), using a disposed verifier, sharing
// between verifiers with the same options, what an unknown option's error
// shows, and the token in wasm memory (there while a verifier lives,
// nowhere once the last one with it is released).
import { tokenTraces, wasmMemory } from '../lib/wasm-memory.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVerifier, HostSignError, parseReferer, sign, signature, verify } from 'wechat-hostsign';

const NOW = 1711421951;
const A = 'wx0123456789abcdef';
const memory = wasmMemory(() => parseReferer(''));
const isDisposed = (e) => e instanceof HostSignError && e.code === 'INVALID_OPTIONS' && /disposed/.test(e.message);

test('dispose() twice is a no-op; a disposed verifier throws HostSignError, never a wasm trap', () => {
  const s = sign({ appid: A, token: 'T', timestamp: NOW });
  const v = createVerifier({ token: 'T' });
  assert.equal(v.verify(s, NOW).ok, true);
  v.dispose();
  v.dispose();
  assert.throws(() => v.verify(s, NOW), isDisposed);
  assert.throws(() => v.verifyRequest(new Headers(s.headers), NOW), isDisposed);
  // Even with arguments that would be refused otherwise.
  assert.throws(() => v.verify(undefined), isDisposed);
  v.dispose();
  assert.throws(() => v.verify(s, NOW), isDisposed);
});

test('verifiers with the same options share their wasm state; disposing one leaves the others working', () => {
  const s = sign({ appid: A, token: 'shared', timestamp: NOW });
  const before = memory.buffer.byteLength;
  const many = Array.from({ length: 1000 }, () => createVerifier({ token: 'shared', maxAge: 600 }));
  assert.equal(memory.buffer.byteLength, before, 'a thousand equal verifiers take no more memory');
  many[0].dispose();
  for (const v of many.slice(1)) assert.equal(v.verify(s, NOW).ok, true);
  for (const v of many) v.dispose();
  // Nothing that differs is shared: another token, order, option or allowlist.
  const a = createVerifier({ tokens: ['shared', 'other'] });
  const b = createVerifier({ tokens: ['other', 'shared'] });
  assert.equal(a.verify(s, NOW).tokenIndex, 0);
  assert.equal(b.verify(s, NOW).tokenIndex, 1);
  assert.equal(createVerifier({ token: 'shared', maxAge: 1 }).verify(s, NOW + 2).code, 'EXPIRED');
  assert.equal(createVerifier({ token: 'shared' }).verify(s, NOW + 2).ok, true);
  assert.equal(createVerifier({ token: 'shared', appids: ['wx0000000000000000'] }).verify(s, NOW).code, 'APPID_NOT_ALLOWED');
  assert.equal(createVerifier({ token: 'shared', versions: ['release'] }).verify(s, NOW).code, 'VERSION_NOT_ALLOWED');
  assert.equal(createVerifier({ token: 'sharee' }).verify(s, NOW).code, 'BAD_SIGNATURE');
});

test("an unknown option's name is shown only when it looks like an identifier and is unrelated to a token", () => {
  const message = (options) => {
    try {
      createVerifier(options);
    } catch (e) {
      assert.ok(e instanceof HostSignError && e.code === 'INVALID_OPTIONS');
      return e.message;
    }
    assert.fail('accepted');
  };
  assert.match(message({ token: 'T', maxage: 1 }), /'maxage'/);
  assert.match(message({ token: 'T', appId: [] }), /'appId'/);
  for (const [token, key] of [
    ['plugin-token', 'plugin-token'], // the review's example: not an identifier
    ['abc123', 'abc123'], // an identifier, but the token itself
    ['secretTokenValue', 'secretToken'], // part of a token
    ['s3', 'xs3x'], // contains a token
    ['T', 'a'.repeat(41)], // too long
    ['T', 'has space'],
    ['T', '\u4e2d'],
  ]) {
    const m = message({ token, [key]: true });
    assert.ok(!m.includes(key), m);
    assert.ok(!m.includes(token) || token === 'T', m);
    assert.match(m, /not shown/);
  }
  const m = message({ tokens: ['one', 'abc123'], abc123: 1 });
  assert.ok(!m.includes('abc123'), m);
  // sign() too.
  assert.throws(() => sign({ appid: A, token: 'abc123', abc123: 1 }), (e) => !e.message.includes('abc123') && /not shown/.test(e.message));
});

test('the token is in wasm memory while a verifier holds it, and nowhere after dispose()', () => {
  const token = 'Zq9#wIpE!kR7@vL2$mT8^pN4&\u00e9\u4e2d';
  const other = sign({ appid: A, token: 'not-it', timestamp: NOW });
  assert.equal(tokenTraces(memory, token), 0, 'not there before');
  const v = createVerifier({ tokens: ['first-token', token] });
  assert.ok(tokenTraces(memory, token) > 0, 'there while the verifier lives');
  // Verify (the token is laid out on the stack to be hashed), also on the
  // long path (a 128-byte nonce) and through the one-shot API.
  v.verify(other, NOW);
  v.verify(sign({ appid: A, token, timestamp: NOW, noncestr: 'n'.repeat(128) }), NOW);
  verify(other, { token, now: NOW });
  v.dispose();
  assert.equal(tokenTraces(memory, token), 0, 'gone after dispose()');
  // sign() and signature() take the token as an argument: they leave nothing either.
  sign({ appid: A, token, timestamp: NOW });
  signature(A, 'n', '1', token);
  assert.equal(tokenTraces(memory, token), 0, 'gone after sign() and signature()');
  // Two verifiers with the token: gone only after the last is released.
  const a = createVerifier({ token });
  const b = createVerifier({ token });
  a.verify(other, NOW);
  a.dispose();
  assert.ok(tokenTraces(memory, token) > 0, 'still held by the second verifier');
  b.dispose();
  assert.equal(tokenTraces(memory, token), 0);
});

test('a refused configuration leaves no token behind', () => {
  const token = 'Rf#uSeD!cOnF@g7$T0k^5150';
  assert.throws(() => createVerifier({ tokens: [token, ''] }), HostSignError);
  assert.throws(() => createVerifier({ token, versions: ['production'] }), HostSignError);
  assert.throws(() => createVerifier({ token, appids: ['not-an-appid'] }), HostSignError);
  assert.equal(tokenTraces(memory, token), 0);
});
