// Request-shaped containers through verifyRequest (and verify): Proxies,
// getters that throw or change between reads, arrays, `__proto__` and
// `constructor` keys, null-prototype objects, Headers subclasses, cycles.
// Each must give the result its contents deserve; a container that throws
// propagates its own error (never a wasm trap or an error of the package's
// making), each header value is read once, and afterwards the package
// still verifies a valid request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVerifier, HostSignError, sign } from 'wechat-hostsign';

const NOW = 1711421951;
const s = sign({ appid: 'wx0123456789abcdef', token: 'T', timestamp: NOW, version: 3 });
const R = s.referer;
const H = s.hostsign;
const v = createVerifier({ token: 'T' });
const OK = 'OK';

/** The outcome as a string: OK, a code, or `threw <message>`. */
function outcome(fn) {
  try {
    const r = fn();
    return r.ok ? OK : r.code;
  } catch (e) {
    assert.ok(!(e instanceof WebAssembly.RuntimeError), `a wasm trap: ${e}`);
    if (e instanceof HostSignError) return `HostSignError ${e.message}`;
    return `threw ${e.message}`;
  }
}

const plain = (extra = {}) => ({ referer: R, 'x-wechat-hostsign': H, ...extra });

/** A value whose every read is counted; `values` are answered in turn (the last one repeats). */
function counted(...values) {
  const reads = { n: 0 };
  const value = () => values[Math.min(reads.n++, values.length - 1)];
  return { reads, value };
}

test('containers give the result their contents deserve', () => {
  const boom = new Error('boom from a getter');
  const cases = [
    ['plain object', plain(), OK],
    ['Proxy around a plain object', new Proxy(plain(), {}), OK],
    ['Proxy with a get trap that lies about one header', new Proxy(plain(), { get: (t, k) => (k === 'x-wechat-hostsign' ? H.replace('"signature"', '"x"') : t[k]) }), 'MALFORMED_HOSTSIGN'],
    ['Proxy whose ownKeys trap throws', new Proxy(plain(), { ownKeys() { throw boom; } }), `threw ${boom.message}`],
    ['Proxy that hides every key', new Proxy(plain(), { ownKeys: () => [] }), 'MISSING_REFERER'],
    ['a getter that throws', { referer: R, get 'x-wechat-hostsign'() { throw boom; } }, `threw ${boom.message}`],
    ['headers.get that throws', { headers: { get() { throw boom; } } }, `threw ${boom.message}`],
    ['null-prototype object', Object.assign(Object.create(null), plain()), OK],
    ['null-prototype headers', { headers: Object.assign(Object.create(null), plain()) }, OK],
    ['own "__proto__" key (from JSON.parse)', JSON.parse(JSON.stringify({ referer: R, 'x-wechat-hostsign': H }).replace('{', '{"__proto__":{"referer":"x"},')), OK],
    ['inherited headers only', Object.create(plain()), 'MISSING_REFERER'],
    ['"constructor" and "toString" keys', plain({ constructor: 'x', toString: 'y', hasOwnProperty: 'z' }), OK],
    ['one-element arrays', { referer: [R], 'x-wechat-hostsign': [H] }, OK],
    ['two-element array', { referer: R, 'x-wechat-hostsign': [H, H] }, 'MALFORMED_HOSTSIGN'],
    ['sparse array', { referer: R, 'x-wechat-hostsign': [, H] }, 'MALFORMED_HOSTSIGN'],
    ['empty array', { referer: R, 'x-wechat-hostsign': [] }, 'MISSING_HOSTSIGN'],
    ['nested array', { referer: R, 'x-wechat-hostsign': [[H]] }, 'MALFORMED_HOSTSIGN'],
    ['array whose element getter throws', { referer: R, 'x-wechat-hostsign': Object.defineProperty([], 0, { get() { throw boom; } }) }, `threw ${boom.message}`],
    ['String object', { referer: new String(R), 'x-wechat-hostsign': H }, 'MALFORMED_REFERER'],
    ['object with toString', { referer: R, 'x-wechat-hostsign': { toString: () => H } }, 'MALFORMED_HOSTSIGN'],
    ['number', { referer: R, 'x-wechat-hostsign': 1 }, 'MALFORMED_HOSTSIGN'],
    ['the same header under two spellings', plain({ 'X-WeChat-HostSign': H }), 'MALFORMED_HOSTSIGN'],
    ['a name with a trailing space is another header', { 'referer ': R, 'x-wechat-hostsign': H }, 'MISSING_REFERER'],
    ['Headers', new Headers(plain()), OK],
    ['Headers subclass', new (class extends Headers {})(plain()), OK],
    ['Headers subclass whose get answers a number', new (class extends Headers { get() { return 5; } })(plain()), 'MALFORMED_REFERER'],
    ['Headers subclass whose get answers an array', new (class extends Headers { get(n) { return [super.get(n), super.get(n)]; } })(plain()), 'MALFORMED_REFERER'],
    ['Headers subclass whose get answers null', new (class extends Headers { get() { return null; } })(plain()), 'MISSING_REFERER'],
    ['Map as headers', { headers: new Map(Object.entries(plain())) }, OK],
    ['Request', new Request('http://127.0.0.1/', { headers: plain() }), OK],
    ['frozen wrappers', Object.freeze({ req: Object.freeze({ headers: Object.freeze(plain()) }) }), OK],
    ['a cycle of wrappers', (() => { const a = {}; a.req = a; a.raw = a; return a; })(), 'MISSING_REFERER'],
    ['rawHeaders with non-string names and odd length', { rawHeaders: [1, R, null, H, 'Referer', R, 'X-WECHAT-HOSTSIGN'] }, 'MISSING_HOSTSIGN'],
    ['rawHeaders Proxy that throws', { rawHeaders: new Proxy([], { get(t, k) { if (k === 'length') throw boom; return t[k]; } }) }, `threw ${boom.message}`],
    ['symbol-keyed headers are not headers', { [Symbol('referer')]: R, 'x-wechat-hostsign': H }, 'MISSING_REFERER'],
    ['undefined', undefined, 'MISSING_REFERER'],
    ['a function', () => plain(), 'MISSING_REFERER'],
  ];
  for (const [name, request, want] of cases) {
    assert.equal(outcome(() => v.verifyRequest(request, NOW)), want, name);
  }
  // And the package is unharmed.
  assert.equal(v.verify({ referer: R, hostsign: H }, NOW).ok, true);
});

test('each header value is read once: a getter that changes between reads cannot be seen twice', () => {
  for (const [first, later, want] of [
    [H, '{}', OK],
    ['{}', H, 'UNSIGNED'],
    [[H], [H, H], OK],
    [[H, H], [H], 'MALFORMED_HOSTSIGN'],
  ]) {
    const c = counted(first, later);
    const r = outcome(() => v.verifyRequest({ referer: R, get 'x-wechat-hostsign'() { return c.value(); } }, NOW));
    assert.equal(r, want, JSON.stringify([first, later]));
    assert.equal(c.reads.n, 1, 'read once');
    const d = counted(first, later);
    assert.equal(outcome(() => v.verify({ referer: R, get hostsign() { return d.value(); } }, NOW)), want);
    assert.equal(d.reads.n, 1, 'read once through verify()');
    const e = counted(first, later);
    assert.equal(outcome(() => v.verifyRequest({ headers: { get: (n) => (n === 'referer' ? R : e.value()) } }, NOW)), want);
    assert.equal(e.reads.n, 1, 'read once through get()');
  }
  // A one-element array whose element changes: read once too.
  const c = counted(H, '{}');
  const arr = Object.defineProperty([undefined], 0, { get: () => c.value() });
  assert.equal(outcome(() => v.verify({ referer: R, hostsign: arr }, NOW)), OK);
  assert.equal(c.reads.n, 1);
});

test('a disposed verifier throws HostSignError whatever the container', () => {
  const d = createVerifier({ token: 'T' });
  d.dispose();
  for (const request of [plain(), new Headers(plain()), undefined, { rawHeaders: ['Referer', R] }]) {
    assert.match(outcome(() => d.verifyRequest(request, NOW)), /^HostSignError This verifier was disposed/);
  }
  assert.equal(v.verify({ referer: R, hostsign: H }, NOW).ok, true, 'other verifiers are unaffected');
});
