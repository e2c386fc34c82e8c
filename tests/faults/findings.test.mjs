// Issue 23's findings 1 to 3, each as the review reported it: a throw while
// the options are read, a stack overflow inside a wasm call, and wasm memory
// growing during a call. Each failed before the fix (see the commit).
import { instances, memory, traces, engineAnswers, signed, oracle, atEveryDepth } from './harness.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from 'wechat-hostsign';

const { createVerifier, sign, verify, parseHostSign, parseReferer, HostSignError } = api;
const NOW = 1711421951;
const A = 'wx0123456789abcdef';

test('finding 1: a getter that throws while the tokens are read leaves nothing staged for the next verifier', () => {
  const token = 'TOKEN-A-3f9c1e77b2d04a58';
  const tokens = [token, 'x'];
  let n = 0;
  Object.defineProperty(tokens, 1, {
    get() {
      if (++n >= 2) throw new Error('boom');
      return 'second-token-aa11bb22';
    },
  });
  // (The review's code: the getter throws at its second read, which the
  // staging did; each option is now read once, so this verifier is built.)
  try {
    createVerifier({ tokens }).dispose();
  } catch {
    // either way
  }
  // The next verifier, whatever its options, is built from its own options only.
  const v = createVerifier({ token: 'other-token' });
  const s = sign({ appid: A, token, noncestr: 'n', timestamp: NOW });
  assert.equal(v.verify({ referer: s.referer, hostsign: s.hostsign }, NOW).code, 'BAD_SIGNATURE');
  const mine = sign({ appid: A, token: 'other-token', noncestr: 'n', timestamp: NOW });
  assert.equal(v.verify(mine, NOW).tokenIndex, 0);
  v.dispose();
  assert.equal(traces(token), 0, 'the token is not left in wasm memory');
});

test('finding 1: leftover appids or versions do not restrict the next verifier', () => {
  for (const key of ['appids', 'versions']) {
    const list = key === 'appids' ? ['wx1111111111111111', 'x'] : ['release', 'x'];
    let n = 0;
    Object.defineProperty(list, 1, {
      get() {
        // (Before the fix the staging read it a third time.)
        if (++n >= 3) throw new Error('boom');
        return list[0];
      },
    });
    try {
      createVerifier({ token: 'T', [key]: list }).dispose();
    } catch {
      // either way
    }
    const v = createVerifier({ token: 'T' });
    assert.equal(v.verify(sign({ appid: A, token: 'T', timestamp: NOW }), NOW).ok, true, key);
    v.dispose();
  }
});

test('finding 1: each option value is read once, so a getter cannot pass the checks and then stage something else', () => {
  let reads = 0;
  const tokens = ['T'];
  Object.defineProperty(tokens, 0, {
    get() {
      return ++reads === 1 ? 'T' : 'x'.repeat(5000);
    },
  });
  const v = createVerifier({ tokens });
  assert.equal(reads, 1);
  assert.equal(v.verify(sign({ appid: A, token: 'T', timestamp: NOW }), NOW).ok, true);
  v.dispose();
});

test('finding 2: a stack overflow inside a wasm call does not disable the library', () => {
  const token = 'deep-stack-token-5e1f';
  const v = createVerifier({ token, cache: false });
  const h = sign({ appid: A, token, noncestr: 'n', timestamp: NOW });
  const before = instances.length;
  // A verifier made and used at each depth (the review's case: later calls
  // threw `RuntimeError: unreachable`), and one made before.
  const thrown = atEveryDepth(() => {
    verify(h, { tokens: ['x', token], now: NOW });
    v.verify(h, NOW);
  });
  // Only the caller's own stack exhaustion is thrown (RangeError), never a trap.
  assert.deepEqual([...thrown].filter((c) => c !== 'RangeError'), []);
  // The verifier made before still answers, from the instance it was rebuilt in.
  assert.deepEqual(v.verify(h, NOW), { ok: true, appid: A, version: { kind: 'develop' }, noncestr: 'n', timestamp: NOW, age: 0, tokenIndex: 0 });
  engineAnswers(api, { leftover: [token] });
  v.dispose();
  assert.equal(traces(token), 0, 'given-up instances are wiped');
  // (How many instances were given up depends on the engine; at least the
  // engine answered after each.)
  assert.ok(instances.length >= before);
});

test('finding 2: every entry point survives the stack limit', () => {
  const token = 'entry-points-token-77';
  const h = sign({ appid: A, token, noncestr: 'n\\u00e9', timestamp: NOW });
  for (const op of [
    () => verify(h, { token, now: NOW }),
    () => {
      const v = createVerifier({ tokens: [token, 'b'], appids: [A], versions: ['develop'] });
      try {
        v.verify(h, NOW);
      } finally {
        v.dispose();
      }
    },
    // (With a noncestr: Node's own crypto.getRandomValues throws `undefined` at the limit.)
    () => sign({ appid: A, token, noncestr: 'n', timestamp: NOW }),
    () => api.signature(A, 'n', '1', token),
    () => parseHostSign('{"noncestr":"\\u006e\\u00e9","timestamp":1,"signature":"' + '0'.repeat(40) + '"}'),
    () => parseReferer(h.referer),
  ]) {
    const thrown = atEveryDepth(op);
    assert.deepEqual([...thrown].filter((c) => c !== 'RangeError'), [], op.toString());
    engineAnswers(api, { leftover: [token] });
  }
});

test('finding 3: memory grown during verify, parseHostSign and parseReferer does not detach what is read', () => {
  // A noncestr written with escapes is decoded into a new string inside the
  // call; verifiers with tokens of many sizes fragment the heap, until one
  // such call grows the memory.
  const noncestr = 'n'.repeat(100);
  const escaped = '\\u006e'.repeat(100);
  const held = [];
  const found = { verify: false, parseHostSign: false };
  for (let i = 0; i < 20000 && !(found.verify && found.parseHostSign); i++) {
    const token = 't' + i + 'x'.repeat(i % 300);
    held.push(createVerifier({ token }));
    const h = signed({ appid: A, token, noncestr, timestamp: NOW });
    const hostsign = h.hostsign.replace(JSON.stringify(noncestr), `"${escaped}"`);
    let buffer = memory().buffer;
    const r = held.at(-1).verify({ referer: h.referer, hostsign }, NOW);
    if (memory().buffer !== buffer) found.verify = true;
    assert.deepEqual(r, { ok: true, appid: A, version: { kind: 'develop' }, noncestr, timestamp: NOW, age: 0, tokenIndex: 0 });
    buffer = memory().buffer;
    const p = parseHostSign(hostsign);
    if (memory().buffer !== buffer) found.parseHostSign = true;
    assert.deepEqual(p, { ok: true, noncestr, timestamp: NOW, timestampText: String(NOW), signature: oracle(A, noncestr, NOW, token) });
  }
  for (const v of held) v.dispose();
  assert.ok(found.verify, 'no verify call grew the memory: the test did not reach its case');
});

test('no age: -0 from a cached verifier', () => {
  const v = createVerifier({ token: 'T' });
  const h = signed({ appid: A, token: 'T', noncestr: 'c3b4a7e9d0f1a2b3c4d5e6f708192a3b', timestamp: 0 });
  for (let i = 0; i < 4; i++) assert.ok(Object.is(v.verify(h, -0).age, 0), `call ${i}`);
  v.dispose();
  assert.ok(HostSignError);
});

test('after an instance is given up: a disposed verifier stays disposed, and the old Engine, collected, frees nothing in the new instance', async () => {
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const token = 'collected-engine-token-31';
  const h = sign({ appid: A, token, noncestr: 'n', timestamp: NOW });
  const gone = createVerifier({ token, cache: false });
  gone.dispose();
  const before = instances.length;
  // Verifiers made at each depth, until an instance has been given up.
  for (let i = 0; i < 20 && instances.length === before; i++) {
    atEveryDepth(() => verify(h, { tokens: ['x', token], now: NOW }));
    engineAnswers(api);
  }
  assert.ok(instances.length > before, 'no instance was given up: the test did not reach its case');
  assert.throws(() => gone.verify(h, NOW), (e) => e instanceof HostSignError && /disposed/.test(e.message));
  // The given-up instance's Engine object is garbage now; its finalizer runs.
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const v = createVerifier({ token, cache: false });
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(v.verify(h, NOW), { ok: true, appid: A, version: { kind: 'develop' }, noncestr: 'n', timestamp: NOW, age: 0, tokenIndex: 0 });
    engineAnswers(api, { leftover: [token] });
  }
  v.dispose();
});
