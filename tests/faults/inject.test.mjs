// Fault injection (issue 23): a throw at every read of the options of
// createVerifier() and sign(), the wasm memory grown after every call the
// package makes into wasm while it verifies, parses, builds or signs, and
// the stack exhausted at every depth around each entry point. After each
// fault: nothing but the injected error (or, at the stack's limit, a
// RangeError) escapes, verify() itself throws nothing, the next verifier is
// built from its own options only, no token is left in wasm memory, and the
// engine answers right (against node:crypto's signature).
//
// Growth: JavaScript runs only between calls into wasm, so memory grown by
// an allocation anywhere inside a call is seen by the package exactly as
// memory grown when that call returns. Growing it after each call (the
// glue's allocations of argument strings are calls too) covers every point
// the package can observe; findings.test.mjs also reaches a real growth by
// the wasm allocator inside verify().
import { calls, withHook, traces, engineAnswers, signed, oracle, failingAt, atEveryDepth } from './harness.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from 'wechat-hostsign';

const { createVerifier, sign, verify, verifyRequest, parseHostSign, parseReferer, signature, HostSignError } = api;
const NOW = 1711421951;
const A = 'wx0123456789abcdef';
const B = 'wx00000000000000bb';
const S1 = 'inject-S1-9d1c0f3b77e2a';
const S2 = 'inject-S2-\u00e9\u4e2d-41aa06c2';

const boom = new Error('boom');
const isInjected = (e) => e === boom;

test('a throw at every read of createVerifier() options leaves nothing behind', () => {
  const options = () => ({
    tokens: [S1, S2],
    appids: [A, B],
    versions: ['release'],
    maxAge: 600,
    clockSkew: 30,
    strictAppid: true,
    cache: { size: 64 },
  });
  let k = 1;
  for (; k < 500; k++) {
    const { value, count } = failingAt(options(), k, boom);
    let v;
    try {
      v = createVerifier(value);
    } catch (e) {
      assert.ok(isInjected(e), `read ${k}: ${e}`);
    }
    if (v !== undefined) {
      // Every read done: the verifier is the one asked for.
      const h = signed({ appid: B, token: S2, noncestr: 'n', timestamp: NOW, version: 7 });
      assert.equal(v.verify(h, NOW).tokenIndex, 1);
      assert.equal(v.verify(signed({ appid: B, token: S2, noncestr: 'n', timestamp: NOW }), NOW).code, 'VERSION_NOT_ALLOWED');
      v.dispose();
    }
    engineAnswers(api, { leftover: [S1, S2] });
    assert.equal(traces(S1) + traces(S2), 0, `read ${k}: a token left in wasm memory`);
    if (v !== undefined) {
      assert.ok(count() < k, 'the last run threw nowhere');
      break;
    }
  }
  assert.ok(k > 10, `only ${k} reads`);
});

test('a throw at every read of the one-shot verify() options leaves nothing behind and throws only it', () => {
  const h = signed({ appid: A, token: S1, noncestr: 'n', timestamp: NOW, version: 3 });
  for (let k = 1; k < 500; k++) {
    const { value } = failingAt({ tokens: [S2, S1], versions: ['release'], appids: [A], now: NOW }, k, boom);
    let r;
    try {
      r = verify(h, value);
    } catch (e) {
      assert.ok(isInjected(e), `read ${k}: ${e}`);
    }
    engineAnswers(api, { leftover: [S1, S2] });
    assert.equal(traces(S1) + traces(S2), 0);
    if (r !== undefined) {
      assert.equal(r.tokenIndex, 1);
      return;
    }
  }
  assert.fail('never completed');
});

test('a throw at every read of sign() options leaves no token in wasm memory', () => {
  for (let k = 1; k < 200; k++) {
    const { value } = failingAt({ appid: A, token: S1, noncestr: 'n\u00e9', timestamp: NOW, version: 3, strictAppid: true }, k, boom);
    let s;
    try {
      s = sign(value);
    } catch (e) {
      assert.ok(isInjected(e), `read ${k}: ${e}`);
    }
    assert.equal(traces(S1), 0);
    engineAnswers(api);
    if (s !== undefined) {
      assert.equal(s.signature, oracle(A, 'n\u00e9', NOW, S1));
      return;
    }
  }
  assert.fail('never completed');
});

/**
 * Runs `op` once to count its calls into wasm, then once per call with the
 * memory grown right after that call; each run must give `expected`.
 */
function growAtEveryCall(name, op, check) {
  const before = calls.length;
  check(op(), 'no growth');
  const n = calls.length - before;
  for (let k = 1; k <= n; k++) {
    let i = 0;
    const r = withHook(
      (_, memory) => {
        if (++i === k) memory.grow(1);
      },
      () => op(),
    );
    check(r, `${name}: grown after call ${k} of ${n}`);
    engineAnswers(api);
  }
  return n;
}

test('memory grown after every call into wasm: verify, verifyRequest, parse, build and sign answer right', () => {
  // An escaped noncestr: decoded into a string allocated inside the call.
  const noncestr = 'n'.repeat(60) + '\u00e9';
  const h = signed({ appid: A, token: S1, noncestr, timestamp: NOW });
  const hostsign = h.hostsign.replace(JSON.stringify(noncestr), `"${'\\u006e'.repeat(60)}\\u00e9"`);
  const headers = { referer: h.referer, hostsign };
  const ok = { ok: true, appid: A, version: { kind: 'develop' }, noncestr, timestamp: NOW, age: 0, tokenIndex: 1 };
  const same = (expected) => (r, m) => assert.deepEqual(r, expected, m);
  let total = 0;
  const plain = createVerifier({ tokens: [S2, S1], cache: false });
  total += growAtEveryCall('verify', () => plain.verify(headers, NOW), same(ok));
  total += growAtEveryCall('verifyRequest', () => plain.verifyRequest(new Headers({ referer: h.referer, 'x-wechat-hostsign': hostsign }), NOW), same(ok));
  total += growAtEveryCall('one-shot verify', () => verify(headers, { tokens: [S2, S1], now: NOW }), same(ok));
  total += growAtEveryCall('one-shot verifyRequest', () => verifyRequest({ headers: { referer: h.referer, 'x-wechat-hostsign': hostsign } }, { tokens: [S2, S1], now: NOW }), same(ok));
  total += growAtEveryCall(
    'createVerifier',
    () => {
      const v = createVerifier({ tokens: [S2, S1], appids: [A], versions: ['develop', 'release'] });
      try {
        return v.verify(headers, NOW);
      } finally {
        v.dispose();
      }
    },
    same(ok),
  );
  total += growAtEveryCall('refused', () => plain.verify({ referer: h.referer, hostsign: hostsign.replace('"signature":"', '"signature":"0') }, NOW), (r, m) =>
    assert.equal(r.code, 'MALFORMED_HOSTSIGN', m),
  );
  total += growAtEveryCall('parseHostSign', () => parseHostSign(hostsign), same({ ok: true, noncestr, timestamp: NOW, timestampText: String(NOW), signature: oracle(A, noncestr, NOW, S1) }));
  total += growAtEveryCall('parseReferer', () => parseReferer(h.referer), same({ ok: true, appid: A, version: { kind: 'develop' } }));
  total += growAtEveryCall('signature', () => signature(A, noncestr, String(NOW), S1), same(oracle(A, noncestr, NOW, S1)));
  total += growAtEveryCall('sign', () => sign({ appid: A, token: S1, noncestr, timestamp: NOW }).signature, same(oracle(A, noncestr, NOW, S1)));
  plain.dispose();
  assert.equal(traces(S1) + traces(S2), 0);
  assert.ok(total >= 20, `${total} calls`);
});

test('the stack exhausted at every depth while a pair enters the cache: every verifier left behind still answers', () => {
  // A pair enters on its second verification: the stack running out in the
  // middle of set() must leave no tag without its entry (a lookup would then
  // read a missing entry) nor any table half made.
  const h = signed({ appid: A, token: S1, noncestr: 'n', timestamp: NOW });
  const expected = { ok: true, appid: A, version: { kind: 'develop' }, noncestr: 'n', timestamp: NOW, age: 0, tokenIndex: 1 };
  const left = [];
  const thrown = atEveryDepth(() => {
    const v = createVerifier({ tokens: [S2, S1] });
    left.push(v);
    for (let k = 0; k < 3; k++) v.verify(h, NOW);
  });
  thrown.delete('RangeError');
  assert.deepEqual([...thrown], []);
  assert.ok(left.length > 100, `${left.length} verifiers`);
  for (const v of left) {
    for (let k = 0; k < 3; k++) assert.deepEqual(v.verify(h, NOW), expected);
    v.dispose();
  }
});

test('the stack exhausted at every depth around each entry point: only RangeError, and the library keeps working', () => {
  const h = signed({ appid: A, token: S1, noncestr: 'n\u00e9', timestamp: NOW });
  const escaped = { referer: h.referer, hostsign: h.hostsign.replace('"n\u00e9"', '"\\u006e\\u00e9"') };
  const cached = createVerifier({ tokens: [S2, S1] });
  const plain = createVerifier({ tokens: [S2, S1], cache: false });
  const expected = { ok: true, appid: A, version: { kind: 'develop' }, noncestr: 'n\u00e9', timestamp: NOW, age: 0, tokenIndex: 1 };
  const ops = {
    'cached verify': () => cached.verify(h, NOW),
    'uncached verify (escaped)': () => plain.verify(escaped, NOW),
    verifyRequest: () => plain.verifyRequest(new Headers({ referer: h.referer, 'x-wechat-hostsign': h.hostsign }), NOW),
    'one-shot verify': () => verify(escaped, { tokens: [S2, S1], now: NOW, versions: ['develop'] }),
    'createVerifier + dispose': () => {
      const v = createVerifier({ tokens: [S1, S2], appids: [A] });
      try {
        return v.verify(h, NOW);
      } finally {
        v.dispose();
      }
    },
    sign: () => sign({ appid: A, token: S1, noncestr: 'n', timestamp: NOW }),
    signature: () => signature(A, 'n', '1', S1),
    parseHostSign: () => parseHostSign(escaped.hostsign),
    parseReferer: () => parseReferer(h.referer),
    'bad options': () => createVerifier({ tokens: [S1, ''] }),
  };
  for (const [name, op] of Object.entries(ops)) {
    const thrown = atEveryDepth(op);
    thrown.delete('RangeError');
    if (name === 'bad options') thrown.delete(HostSignError.name);
    assert.deepEqual([...thrown], [], name);
    // The verifiers made before still answer, whatever instance they are in now.
    assert.deepEqual(cached.verify(h, NOW), expected, name);
    assert.deepEqual(plain.verify(escaped, NOW), expected, name);
    engineAnswers(api, { leftover: [S1, S2] });
  }
  cached.dispose();
  plain.dispose();
  // Verifiers made (and disposed) at the limit, instances given up: no token anywhere.
  assert.equal(traces(S1) + traces(S2), 0);
  assert.ok(HostSignError);
});
