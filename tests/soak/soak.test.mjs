// No-trap soak of the built package (scripts/suites/86-soak), in one Node
// process and so one wasm instance:
//
//  1. HOSTILE_INPUTS (default 100,000) hostile inputs through every entry
//     point: random UTF-16 code units, lone surrogates, NUL, 1 MB strings,
//     values at the size limits, deeply nested JSON, huge numbers, duplicate
//     and escaped keys, and wrong JavaScript types for every argument. Every
//     outcome must be a typed result; the only exception allowed is a
//     HostSignError with code INVALID_OPTIONS (bad options, `now`, sign()
//     arguments). Afterwards a valid request still verifies.
//  2. SOAK_VERIFIES (default 1,000,000) verifies of a mixed stream (valid,
//     forged, expired, not yet valid, malformed, unsigned, hostile) after a
//     warm-up: every verdict is the one its request deserves, and the wasm
//     memory does not grow by a single page.
//  3. The token never appears in a result, a message, a thrown error (message,
//     stack, String(e), util.inspect) or anything written to the console,
//     stdout or stderr during the whole run.
//
// How the wasm memory is observed: the package does not export its
// WebAssembly.Memory, and adding a hook to the public API only for tests
// would ship to every user. Instead the test wraps the WebAssembly.Instance
// constructor before the package's first use (the package instantiates
// lazily, on first call) and keeps the instance it creates: that is the
// exact memory object, read in pages, with no noise from the JavaScript heap
// (process.memoryUsage().arrayBuffers mixes in every Buffer of the process
// and does not count wasm memory reliably across Node versions). It also
// proves that one instance served the whole run.
//
//   SOAK_SEED, HOSTILE_INPUTS, SOAK_VERIFIES override the defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { prng } from '../lib/prng.mjs';

// --- Everything written to the console, stdout and stderr is kept and scanned.
const written = [];
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    written.push(String(chunk));
    return write(chunk, ...rest);
  };
}
for (const name of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
  const original = console[name].bind(console);
  console[name] = (...args) => {
    written.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 5 }))).join(' '));
    return original(...args);
  };
}

// --- The wasm instance the package creates (tests/lib/wasm-memory.mjs).
const { instances, wasmMemory } = await import('../lib/wasm-memory.mjs');
const pkg = await import('wechat-hostsign');
const { createVerifier, verify, verifyRequest, sign, signature, parseReferer, parseHostSign, HostSignError, CODES } = pkg;

const SEED = Number(process.env.SOAK_SEED ?? 0x50a6);
const HOSTILE_INPUTS = Number(process.env.HOSTILE_INPUTS ?? 100_000);
const SOAK_VERIFIES = Number(process.env.SOAK_VERIFIES ?? 1_000_000);
const TOKEN = 'Soak-\u2603-T0ken-5f1e';
const OLD_TOKEN = 'Rotated-T0ken-a9c4';
const LEAK_MARKERS = [TOKEN, OLD_TOKEN, 'T0ken-5f1e', 'T0ken-a9c4'];
const APPID = 'wx0123456789abcdef';
const NOW = 1_711_421_951;
const FAIL_CODES = new Set(CODES.filter((c) => c !== 'INVALID_OPTIONS'));

const { rand, int, pick } = prng(SEED);

// Boots the package: from here on, instances[0] is its wasm instance.
const memory = wasmMemory(() => parseReferer(''));
assert.ok(memory instanceof WebAssembly.Memory);

const verifier = createVerifier({ tokens: [TOKEN, OLD_TOKEN] });
const valid = sign({ appid: APPID, token: TOKEN, noncestr: '0123456789abcdef0123456789abcdef', timestamp: NOW, version: 7 });
const validOld = sign({ appid: APPID, token: OLD_TOKEN, timestamp: NOW, version: 0 });

// --- Hostile values -----------------------------------------------------------

const MB = 1 << 20;
const BIG = [
  'a'.repeat(MB),
  '\u00e9'.repeat(MB),
  '\ud800'.repeat(MB),
  '\u0000'.repeat(MB),
  valid.referer + 'x'.repeat(MB),
  '{"noncestr":"' + 'n'.repeat(MB) + '","timestamp":1,"signature":"' + '0'.repeat(40) + '"}',
  '['.repeat(MB),
  '{"a":'.repeat(MB / 5),
  '\ud83d\ude00'.repeat(MB / 2),
];
const NUMBERS = ['1e400', '9007199254740992', '9007199254740991', '-0', '0.0', '1E3', '123456789012345678901234567890',
  'NaN', 'Infinity', '-1', '0x10', '01', '1.', '.5', '1e', '+1', '99999999999999999999999999999999999999999999'];

function randomUnits(max) {
  const n = int(max + 1);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(rand() < 0.8 ? int(0x10000) : pick([0, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0x22, 0x5c, 0x7b, 0x7d]));
  return s;
}
function nested(depth, open, close) {
  return open.repeat(depth) + '1' + close.repeat(depth);
}
const sig40 = () => Array.from({ length: 40 }, () => '0123456789abcdefABCDEF'[int(22)]).join('');
/** A HostSign-shaped string that is certainly not valid for TOKEN. */
function hostileHostSign() {
  const sig = sig40();
  switch (int(14)) {
    case 0: return `{"noncestr":"a","timestamp":${pick(NUMBERS)},"signature":"${sig}"}`;
    case 1: return `{"noncestr":"a","noncestr":"b","timestamp":1,"signature":"${sig}"}`;
    case 2: return `{"\\u006eoncestr":"a","noncestr":"a","timestamp":1,"signature":"${sig}"}`;
    case 3: return `{"noncestr":"a","timestamp":1,"signature":"${sig}","x":${nested(int(100), '[', ']')}}`;
    case 4: return `{"noncestr":"a","timestamp":1,"signature":"${sig}","x":${nested(int(100), '{"k":', '}')}}`;
    case 5: return nested(int(2000), '[', ']');
    case 6: return `{"noncestr":"\\ud800","timestamp":1,"signature":"${sig}"}`;
    case 7: return `{"noncestr":"${randomUnits(40).replace(/["\\]/g, '')}","timestamp":"${randomUnits(5)}","signature":"${sig}"}`;
    case 8: return `{"noncestr":"a\u0000b","timestamp":1,"signature":"${sig}"}`;
    case 9: return `\ufeff{"noncestr":"a","timestamp":1,"signature":"${sig}"}`;
    case 10: return `{"noncestr":"a","timestamp":1,"signature":"${sig}"} x`;
    case 11: return `{"noncestr":${pick(['1', 'null', '[]', '{}', 'true'])},"timestamp":1,"signature":"${sig}"}`;
    case 12: return `{"noncestr":"a","timestamp":1,"signature":"${sig}","x":"\\u${int(0x10000).toString(16).padStart(4, '0')}\\x"}`;
    default: return `{"noncestr":"${'n'.repeat(int(200))}","timestamp":${'9'.repeat(int(30))},"signature":"${sig}"}`;
  }
}
/** A HostSign that is certainly MALFORMED_HOSTSIGN, whatever the token. */
function malformedHostSign() {
  const sig = sig40();
  switch (int(12)) {
    case 0: return `{"noncestr":"a","timestamp":${pick(NUMBERS.filter((n) => n !== '9007199254740991'))},"signature":"${sig}"}`;
    case 1: return `{"noncestr":"a","noncestr":"b","timestamp":1,"signature":"${sig}"}`;
    case 2: return `{"\\u006eoncestr":"a","noncestr":"a","timestamp":1,"signature":"${sig}"}`;
    case 3: return `{"noncestr":"a","timestamp":1,"signature":"${sig}","x":${nested(64 + int(100), '[', ']')}}`;
    case 4: return `{"noncestr":"a","timestamp":1,"signature":"${sig}","x":${nested(64 + int(100), '{"k":', '}')}}`;
    case 5: return nested(int(2000), '[', ']');
    case 6: return `{"noncestr":"\\ud800","timestamp":1,"signature":"${sig}"}`;
    case 7: return `{"noncestr":"a\u0000b","timestamp":1,"signature":"${sig}"}`;
    case 8: return `\ufeff{"noncestr":"a","timestamp":1,"signature":"${sig}"}`;
    case 9: return `{"noncestr":"a","timestamp":1,"signature":"${sig}"} x`;
    case 10: return `{"noncestr":${pick(['1', 'null', '[]', '{}', 'true'])},"timestamp":1,"signature":"${sig}"}`;
    default: return `{"noncestr":"${'n'.repeat(129 + int(100))}","timestamp":1,"signature":"${sig}"}`;
  }
}
function hostileReferer() {
  switch (int(8)) {
    case 0: return valid.referer.replace('https', pick(['http', 'HTTPS', 'https:', 'ws']));
    case 1: return valid.referer.replace('/7/', `/${pick(['00', '-1', '1e3', '٣', '10000000000', 'devtools/x', ''])}/`);
    case 2: return valid.referer + pick(['?', '#', '/', '%00', '\u0000', ' ', '\r']);
    case 3: return 'https://evil.example/?' + valid.referer;
    case 4: return valid.referer.replace(APPID, randomUnits(20));
    case 5: return 'x'.repeat(2040 + int(20));
    case 6: return '\u00e9'.repeat(1000 + int(100));
    default: return randomUnits(300);
  }
}
/** A string that never verifies. */
function hostileString() {
  switch (int(8)) {
    case 0: return randomUnits(int(10) === 0 ? 3000 : 200);
    case 1: return pick(BIG);
    case 2: return hostileHostSign();
    case 3: return hostileReferer();
    case 4: return pick(['', ' ', '{}', '{ }', '\u0000', '\ud800', '\udc00x', 'null', '[]', '"{}"', '{"noncestr":"","timestamp":"","signature":""}']);
    case 5: return 'a'.repeat(1020 + int(12));
    case 6: return '\u4e2d'.repeat(330 + int(20)); // under 1024 code units, over 1024 bytes
    default: return pick(NUMBERS);
  }
}
const WRONG_TYPES = [undefined, null, 0, -1, NaN, Infinity, 1e308, true, false, 123n, Symbol('s'), () => valid.hostsign, {}, [],
  [1], [[]], [valid.hostsign, valid.hostsign], new String(valid.hostsign), Object.create(null), new Date(), /re/, new Uint8Array(8),
  { toString: () => valid.hostsign }, { valueOf: () => 1 }, new Proxy({}, {}), new Map(), Promise.resolve(1)];
/** Any value an attacker (or a confused caller) might pass as a header. */
function hostileValue() {
  const r = rand();
  if (r < 0.55) return hostileString();
  if (r < 0.75) return pick(WRONG_TYPES);
  if (r < 0.85) return [hostileString()];
  return [hostileString(), valid.hostsign];
}

// --- Checks -------------------------------------------------------------------

const texts = []; // everything a caller can see, scanned for the token at the end
const thrown = [];
const counts = Object.create(null);
const count = (k) => (counts[k] = (counts[k] ?? 0) + 1);

/** A verify() result, or with `kind` a parseReferer() / parseHostSign() one. */
function checkResult(r, { mustFail = false, kind = 'verify' } = {}) {
  assert.equal(typeof r, 'object');
  assert.notEqual(r, null);
  if (r.ok === true) {
    assert.ok(!mustFail, `accepted: ${inspect(r)}`);
    if (kind !== 'hostsign') {
      assert.equal(typeof r.appid, 'string');
      assert.ok(['develop', 'devtools', 'release'].includes(r.version.kind));
    }
    if (kind !== 'referer') {
      assert.equal(typeof r.noncestr, 'string');
      assert.ok(Number.isSafeInteger(r.timestamp));
    }
    if (kind === 'verify') assert.ok(Number.isSafeInteger(r.age) && Number.isInteger(r.tokenIndex));
    if (kind === 'hostsign') assert.match(r.signature, /^[0-9a-f]{40}$/);
    count(`${kind} ok`);
  } else {
    assert.equal(r.ok, false, inspect(r));
    assert.ok(FAIL_CODES.has(r.code), `code ${inspect(r.code)}`);
    assert.ok(typeof r.message === 'string' && r.message.endsWith('.'));
    count(r.code);
  }
  return r;
}

/** Runs fn: its result is checked; the only exception allowed is INVALID_OPTIONS. */
function guarded(fn, check = checkResult) {
  let r;
  try {
    r = fn();
  } catch (e) {
    assert.ok(e instanceof HostSignError, `threw ${inspect(e)}`);
    assert.equal(e.code, 'INVALID_OPTIONS');
    assert.equal(e.name, 'HostSignError');
    thrown.push(e);
    count('INVALID_OPTIONS thrown');
    return undefined;
  }
  if (check) check(r);
  texts.push(safeStringify(r));
  return r;
}
function safeStringify(v) {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return inspect(v);
  }
}

const hostileNow = () => pick([NOW, NOW, NOW, undefined, new Date(NOW * 1000), '1', -1, NaN, Infinity, 1e12, {}, null, 1.5, 2 ** 53]);
function hostileOptions() {
  const token = pick([TOKEN, TOKEN, '', 'x'.repeat(1025), 'a'.repeat(MB), '\ud800', 5, null, undefined, [TOKEN], Symbol('t')]);
  const o = pick([
    () => ({ token }),
    () => ({ tokens: pick([[token], [TOKEN, token], [], token, Array(20).fill(TOKEN), [TOKEN, OLD_TOKEN]]) }),
    () => ({ token, tokens: [token] }),
    () => ({ token, maxAge: pick([null, -1, 0, 1.5, 2 ** 60, '660', NaN, 660]) }),
    () => ({ token, clockSkew: pick([-1, 0, 1.5, '60', 60, Infinity]) }),
    () => ({ token, appids: pick([[], [APPID], ['touristappid'], APPID, [5], ['\ud800'], [hostileString()]]) }),
    () => ({ token, versions: pick([[], ['release'], ['production'], 'release', [5]]) }),
    () => ({ token, strictAppid: pick([true, false, 'no', 0]) }),
    () => ({ token, [pick(['appId', 'maxage', 'token ', '__proto__x', 'now'])]: 1 }),
    () => pick([undefined, null, 5, 'token', [], () => 1, new Proxy({}, {})]),
  ])();
  return o;
}
function hostileRequest() {
  const v = hostileValue;
  return pick([
    () => ({ rawHeaders: ['Referer', v(), 'X-WeChat-HostSign', v()] }),
    () => ({ rawHeaders: ['referer', valid.referer, 'x-wechat-hostsign', valid.hostsign, 'X-WECHAT-HOSTSIGN', valid.hostsign] }),
    () => ({ rawHeaders: [5, null, 'referer'] }),
    () => ({ headers: { referer: v(), 'x-wechat-hostsign': v() } }),
    () => ({ headers: { Referer: valid.referer, referer: valid.referer, 'x-wechat-hostsign': valid.hostsign } }),
    () => ({ headers: { get: () => v() } }),
    () => ({ get: (name) => (name === 'referer' ? v() : valid.hostsign) }),
    () => ({ referer: v(), 'X-WECHAT-HOSTSIGN': v() }),
    () => v(),
  ])();
}

// --- 1. Hostile inputs --------------------------------------------------------

test(`${HOSTILE_INPUTS} hostile inputs: typed results, INVALID_OPTIONS the only exception, then a valid request verifies (seed ${SEED})`, () => {
  const pagesBefore = memory.buffer.byteLength / 65536;
  for (let i = 0; i < HOSTILE_INPUTS; i++) {
    switch (int(12)) {
      case 0:
      case 1:
      case 2:
        guarded(() => verifier.verify({ referer: hostileValue(), hostsign: hostileValue() }, NOW), (r) => checkResult(r, { mustFail: true }));
        break;
      case 3:
        guarded(() => verifier.verify(rand() < 0.5 ? { referer: valid.referer, hostsign: hostileValue() } : { referer: hostileValue(), hostsign: valid.hostsign }, NOW),
          (r) => checkResult(r, { mustFail: true }));
        break;
      case 4:
        guarded(() => verifier.verify(pick([undefined, null, 'x', 5, [], () => 1, valid]), hostileNow()));
        break;
      case 5:
        guarded(() => verifier.verifyRequest(hostileRequest(), NOW));
        break;
      case 6:
        guarded(() => parseReferer(hostileValue(), pick([undefined, {}, { strictAppid: false }, { strictAppid: 'x' }, 5, null])),
          (r) => checkResult(r, { kind: 'referer' }));
        break;
      case 7:
        guarded(() => parseHostSign(hostileValue()), (r) => checkResult(r, { kind: 'hostsign' }));
        break;
      case 8:
        guarded(() => verify(pick([valid, { referer: hostileValue(), hostsign: hostileValue() }]), hostileOptions()));
        break;
      case 9: {
        const v = guarded(() => createVerifier(hostileOptions()), null);
        if (v) {
          texts.push(safeStringify(v), inspect(v, { showHidden: true, depth: null }), Object.keys(v).join());
          checkResult(v.verify(valid, NOW));
          v.dispose();
        }
        break;
      }
      case 10:
        guarded(() => sign({ appid: pick([APPID, hostileValue()]), token: pick([TOKEN, hostileValue()]), noncestr: pick([undefined, hostileValue()]),
          timestamp: pick([NOW, hostileValue()]), version: pick([0, 'develop', 'devtools', 7, '7', hostileValue()]) }), null);
        break;
      default:
        guarded(() => signature(pick([APPID, hostileValue()]), hostileValue(), pick([NOW, hostileValue()]), pick([TOKEN, hostileValue()])), null);
    }
  }
  const r = verifier.verify(valid, NOW + 30);
  assert.equal(r.ok, true, inspect(r));
  assert.deepEqual([r.appid, r.version, r.noncestr, r.timestamp, r.age, r.tokenIndex], [APPID, { kind: 'release', number: 7 }, '0123456789abcdef0123456789abcdef', NOW, 30, 0]);
  assert.equal(verifier.verify(validOld, NOW).tokenIndex, 1);
  assert.equal(instances.length, 1, 'one wasm instance for the whole run');
  const pagesAfter = memory.buffer.byteLength / 65536;
  console.log(`soak: ${HOSTILE_INPUTS} hostile inputs; outcomes ${JSON.stringify(counts)}; wasm memory ${pagesBefore} -> ${pagesAfter} pages`);
  // Hostile *options* (a 1 MB token) reach the wasm allocator; headers never do.
  // Headers never reach the wasm allocator (they are written into a fixed
  // I/O buffer, and oversize ones are refused before copying). Hostile
  // *options and arguments* do (a 1 MB token, a 1 MB nonce for sign() or
  // signature()): wasm-bindgen copies them into wasm memory before the core
  // refuses them, and wasm memory never shrinks, so it keeps the high-water
  // mark of the largest such argument (about 9 MB for the 1 MB strings here,
  // whose UTF-8 buffer is allocated at 3 bytes per code unit). Bounded by the
  // largest argument, not by the number of calls.
  assert.ok(pagesAfter <= 256, `wasm memory grew to ${pagesAfter} pages`);
});

// --- 2. A million verifies: right verdicts, no memory growth -----------------

function stream() {
  const forged = sign({ appid: APPID, token: 'not-the-token', timestamp: NOW, version: 7 });
  const list = [];
  const at = (ts) => sign({ appid: APPID, token: TOKEN, timestamp: ts, version: int(3) });
  for (let i = 0; i < 2000; i++) {
    switch (int(10)) {
      case 0: case 1: case 2: {
        const s = rand() < 0.8 ? at(NOW - int(600)) : sign({ appid: APPID, token: OLD_TOKEN, timestamp: String(NOW - int(600)).padStart(12, '0') });
        list.push([{ referer: s.referer, hostsign: s.hostsign }, 'ok']);
        break;
      }
      case 3: list.push([{ referer: forged.referer, hostsign: forged.hostsign }, 'BAD_SIGNATURE']); break;
      case 4: list.push([at(NOW - 661 - int(1e6)), 'EXPIRED']); break;
      case 5: list.push([at(NOW + 61 + int(1e6)), 'NOT_YET_VALID']); break;
      case 6: list.push([{ referer: hostileReferer(), hostsign: valid.hostsign }, 'MALFORMED_REFERER']); break;
      case 7: list.push([{ referer: valid.referer, hostsign: malformedHostSign() }, 'MALFORMED_HOSTSIGN']); break;
      case 8: list.push([{ referer: valid.referer, hostsign: pick(['{}', ' { } ', '{"noncestr":"","timestamp":"","signature":""}', '{"other":[1]}']) }, 'UNSIGNED']); break;
      default: list.push([{ referer: pick([undefined, null]), hostsign: valid.hostsign }, 'MISSING_REFERER']);
    }
  }
  return list;
}

test(`${SOAK_VERIFIES} verifies of a mixed stream: every verdict right, wasm memory flat after warm-up`, () => {
  const list = stream();
  // The expectations above are by construction; the few hostile Referers
  // that happen to be valid (none expected) would show up as a misjudgement.
  const run = (n) => {
    let misjudged = 0;
    for (let i = 0; i < n; i++) {
      const [headers, want] = list[i % list.length];
      const r = verifier.verify(headers, NOW);
      if ((r.ok ? 'ok' : r.code) !== want) {
        misjudged++;
        if (misjudged < 5) console.error(`misjudged: ${inspect(headers)} -> ${r.code ?? 'ok'}, expected ${want}`);
      }
      if (i % 997 === 0) texts.push(JSON.stringify(r));
    }
    return misjudged;
  };
  assert.equal(run(20_000), 0, 'misjudged during warm-up');
  const before = memory.buffer.byteLength;
  const heapBefore = process.memoryUsage();
  const t0 = process.hrtime.bigint();
  const misjudged = run(SOAK_VERIFIES);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const after = memory.buffer.byteLength;
  const heapAfter = process.memoryUsage();
  const mb = (n) => (n / MB).toFixed(1);
  console.log(`soak: ${SOAK_VERIFIES} verifies in ${seconds.toFixed(1)} s (${Math.round(SOAK_VERIFIES / seconds)}/s), misjudged ${misjudged}; ` +
    `wasm memory ${before} -> ${after} bytes; rss ${mb(heapBefore.rss)} -> ${mb(heapAfter.rss)} MB, heapUsed ${mb(heapBefore.heapUsed)} -> ${mb(heapAfter.heapUsed)} MB`);
  assert.equal(misjudged, 0);
  assert.equal(after, before, 'wasm memory grew during the verifies');
  assert.equal(instances.length, 1);
});

// --- 3. The token never shows -------------------------------------------------

test('the token appears in no result, message, thrown error or output of the whole run', () => {
  for (const e of thrown) texts.push(e.message, String(e), e.stack ?? '', inspect(e), safeStringify(e));
  texts.push(inspect(verifier, { showHidden: true, depth: null }), safeStringify(verifier), String(verifier));
  // Log a few results and errors the way an application would.
  console.log('sample result', verifier.verify(valid, NOW), verifier.verify({ referer: valid.referer, hostsign: '{}' }, NOW));
  try {
    createVerifier({ token: TOKEN, maxAge: -1 });
  } catch (e) {
    console.error('sample error', e);
  }
  assert.ok(thrown.length > 0 && texts.length > 10_000, `${thrown.length} errors, ${texts.length} texts`);
  const all = [...texts, ...written];
  for (const t of all) {
    for (const marker of LEAK_MARKERS) assert.ok(!t.includes(marker), `leaked in: ${t.slice(0, 200)}`);
  }
  console.log(`soak: scanned ${texts.length} results/errors and ${written.length} output writes for the token: none`);
});
