// Hostile variants of the Referer and the HostSign against an independent
// strict oracle (tests/lib/oracle.mjs: a regular expression, JSON.parse, a
// duplicate-key scan and the contract's field rules, none of it from the
// Rust code): parseReferer, parseHostSign and verify() must agree with it on
// every variant, accepting exactly what it accepts, with the same values.
//
//   ORACLE_VARIANTS (default 40,000 of each) and ORACLE_SEED override.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVerifier, parseHostSign, parseReferer, sign } from 'wechat-hostsign';
import { oracleHostSign, oracleReferer, oracleVerify } from '../lib/oracle.mjs';
import { collidingKeys, distinctKeys, withKeys } from '../lib/keys.mjs';
import { prng } from '../lib/prng.mjs';

const SEED = Number(process.env.ORACLE_SEED ?? 0x0ac1e);
const VARIANTS = Number(process.env.ORACLE_VARIANTS ?? 40_000);
const { rand, int, pick } = prng(SEED);
const TOKEN = 'oracle-T0ken';
const APPID = 'wx0123456789abcdef';
const NOW = 1711421951;

/** Characters that matter to one of the two grammars, and some that never should. */
const ALPHABET = [
  '"', '\\', '{', '}', '[', ']', ':', ',', ' ', '\t', '\n', '\r', '\u000b', '\u00a0', '\ufeff', '\u2028', '0', '1', '9', 'a', 'f', 'A', 'F', 'g',
  'e', 'E', '.', '-', '+', 'u', 'x', 'w', '/', '%', '?', '#', '@', ':', '\u0000', '\u001f', '\u007f', '\u00e9', '\u4e2d', '\ud83d\ude00',
  '\ud800', '\udc00', '\uff01', 'https', 'http', 'page-frame.html', 'servicewechat.com', 'devtools', 'touristappid', '\\u0000', '\\ud800',
  '\\ud83d\\ude00', '\\u006e', '\\"', '\\\\', '\\/', 'null', 'true', '1e3', '-0', '01', '9007199254740992', '9007199254740991',
];

/** One random edit of `s`: delete, repeat, replace or insert, at a random place. */
function mutate(s) {
  const at = int(s.length + 1);
  const len = 1 + int(pick([1, 1, 1, 3, 8]));
  switch (int(4)) {
    case 0:
      return s.slice(0, at) + s.slice(at + len);
    case 1:
      return s.slice(0, at) + s.slice(at, at + len).repeat(2) + s.slice(at + len);
    case 2:
      return s.slice(0, at) + pick(ALPHABET) + s.slice(at + 1);
    default:
      return s.slice(0, at) + pick(ALPHABET) + s.slice(at);
  }
}

function mutated(seeds) {
  let s = pick(seeds);
  for (let n = 1 + int(3); n > 0; n--) s = mutate(s);
  return s;
}

// --- Referer -------------------------------------------------------------------

const refererSeeds = [
  `https://servicewechat.com/${APPID}/0/page-frame.html`,
  `https://servicewechat.com/${APPID}/devtools/page-frame.html`,
  `https://servicewechat.com/${APPID}/795/page-frame.html`,
  'https://servicewechat.com/touristappid/devtools/page-frame.html',
  'https://servicewechat.com/wxABCDEF0123456789/4/page-frame.html',
  'https://servicewechat.com/wx0123456789abcdef/9999999999/page-frame.html',
];
/** Structural variants a mutation rarely finds. */
function refererVariant() {
  const base = pick(refererSeeds);
  return pick([
    () => base.replace('https:', pick(['http:', 'HTTPS:', 'https:/', 'wss:', ''])),
    () => base.replace('servicewechat.com', pick(['servicewechat.com:443', 'user@servicewechat.com', 'ServiceWeChat.com', 'servicewechat.com.', 'x.servicewechat.com', 'servicewechat%2Ecom', 'servicewechat.com\u3002'])),
    () => base.replace(/\/[^/]+\/page-frame/, `/${pick(['00', '01', '-1', '+1', '1.0', '1e3', '\u0661', '10000000000', 'DEVTOOLS', 'dev', '', ' 1', '1 '])}/page-frame`),
    () => base.replace(/com\/[^/]+/, `com/${pick(['wx0123456789ABCDEF', 'wx0123456789abcde', 'wx0123456789abcdef0', 'wx_123456789abcdef', 'a'.repeat(64), 'a'.repeat(65), 'wx%30123456789abcdef', '', '.', '..'])}`),
    () => base + pick(['?', '#', '/', '?x=1', '#top', ' ', '\r\n', '%00', '.']),
    () => pick(['', ' ', 'https://evil.example/?', 'https://evil.example/#', ' ']) + base,
    () => base.replace('page-frame.html', pick(['page-frame.htm', 'Page-Frame.html', 'page-frame.html/', 'index.html', 'page-frame.html;x'])),
    () => base.replace(/\/(\d+|devtools)\//, '/$1/x/'),
    () => base + 'x'.repeat(2040 + int(20)),
  ])();
}

test(`${VARIANTS} Referer variants: parseReferer agrees with the strict oracle (seed ${SEED})`, () => {
  let accepted = 0;
  for (let i = 0; i < VARIANTS; i++) {
    const s = rand() < 0.4 ? refererVariant() : mutated(refererSeeds);
    for (const strictAppid of [true, false]) {
      const want = oracleReferer(s, strictAppid);
      const got = parseReferer(s, { strictAppid });
      if (want.ok) {
        accepted++;
        assert.deepEqual(got, want, JSON.stringify(s));
      } else {
        assert.equal(got.ok, false, `accepted ${JSON.stringify(s)} (strictAppid ${strictAppid})`);
        assert.equal(got.code, want.code, JSON.stringify(s));
      }
    }
  }
  // The variants are not all refusals.
  assert.ok(accepted > VARIANTS / 50, `only ${accepted} accepted`);
});

// --- HostSign ------------------------------------------------------------------

const SIG = 'e3375e1963e494936bb61b67f3467d5178d9dd5b';
const NONCE = '0123456789abcdef0123456789abcdef';
const hostsignSeeds = [
  `{"noncestr":"${NONCE}","timestamp":${NOW},"signature":"${SIG}"}`,
  `{"noncestr":"${NONCE}","timestamp":"${NOW}","signature":"${SIG.toUpperCase()}"}`,
  ` { "signature" : "${SIG}" , "x" : [ 1 , { "y" : null } ] , "timestamp" : ${NOW} , "noncestr" : "${NONCE}" } `,
  `{"\\u006eoncestr":"a\\u00e9\\ud83d\\ude00","timestamp":"000${NOW}","signature":"${SIG}","\\u0078":true}`,
  '{}',
  '{"noncestr":"","timestamp":"","signature":""}',
  '{"other":[]}',
];
/** The structures a mutation rarely finds: duplicates, depth, numbers, sizes. */
function hostsignVariant() {
  const k = pick(['noncestr', 'timestamp', 'signature', 'x', '\\u006eoncestr', '\\u0078', 'n\\u006fncestr', '']);
  const member = () => `"${pick(['x', 'y', '\\u0078', 'noncestr', 'timestamp', 'signature', 'zz', ''])}":${pick(['0', '""', '"a"', 'null', '[]', '{}'])}`;
  return pick([
    () => `{"${k}":1,${hostsignSeeds[0].slice(1)}`,
    () => hostsignSeeds[0].replace('{', `{${Array.from({ length: 1 + int(40) }, member).join(',')},`),
    () => `{"noncestr":"${NONCE}","timestamp":${pick(['0', '01', '-0', '-1', '1.0', '1e3', '1E3', '9007199254740991', '9007199254740992', '99999999999999999', '1711421951.', '0x10', 'NaN', 'Infinity', 'true', 'null', '[1]', '"1"', '""', '"12345678901234"', '" 1"', '"1 "', '"\\u0031"'])},"signature":"${SIG}"}`,
    () => `{"noncestr":${pick(['""', '1', 'null', '[]', `"${'n'.repeat(127 + int(3))}"`, `"${'\u00e9'.repeat(63 + int(3))}"`, '"\\u0000"', '"\\ud800"', '"\\udc00\\ud800"', '"\\ud83d\\ude00"'])},"timestamp":${NOW},"signature":"${SIG}"}`,
    () => `{"noncestr":"${NONCE}","timestamp":${NOW},"signature":${pick([`"${SIG.slice(0, 39)}"`, `"${SIG}0"`, `"${SIG.slice(0, 39)}g"`, `"${SIG.slice(0, 39)}\\u0030"`, `["${SIG}"]`, '""', 'null'])}}`,
    () => `{"noncestr":"${NONCE}","timestamp":${NOW},"signature":"${SIG}","x":${'['.repeat(60 + int(8))}${']'.repeat(60 + int(8))}}`,
    () => `{"noncestr":"${NONCE}","timestamp":${NOW},"signature":"${SIG}","x":${'{"a":'.repeat(60 + int(8))}1${'}'.repeat(60 + int(8))}}`,
    () => `{"noncestr":"${NONCE}","timestamp":${NOW},"signature":"${SIG}","pad":"${'p'.repeat(900 + int(60))}"}`,
    () => pick(hostsignSeeds) + pick(['', ' ', ',', ' {}', '\u0000', 'x']),
    () => `${pick(hostsignSeeds)}, ${pick(hostsignSeeds)}`,
  ])();
}

test(`${VARIANTS} HostSign variants: parseHostSign agrees with the strict oracle (seed ${SEED})`, () => {
  const seen = new Set();
  for (let i = 0; i < VARIANTS; i++) {
    const s = rand() < 0.4 ? hostsignVariant() : mutated(hostsignSeeds);
    const want = oracleHostSign(s);
    const got = parseHostSign(s);
    if (want.ok) {
      assert.deepEqual(got, want, JSON.stringify(s));
    } else {
      assert.equal(got.ok, false, `accepted ${JSON.stringify(s)}`);
      assert.equal(got.code, want.code, `${JSON.stringify(s)}: ${got.message}`);
    }
    seen.add(want.ok ? 'ok' : want.code);
  }
  assert.deepEqual([...seen].sort(), ['MALFORMED_HOSTSIGN', 'UNSIGNED', 'ok']);
});

// --- Whole requests --------------------------------------------------------------

test(`${VARIANTS} signed requests, mutated: verify() agrees with the oracle and the reference signature (seed ${SEED})`, () => {
  const options = { tokens: [TOKEN, 'older-T0ken'] };
  const verifier = createVerifier(options);
  const signedSeeds = [];
  for (const [token, timestamp, noncestr, version] of [
    [TOKEN, NOW, NONCE, 3],
    ['older-T0ken', String(NOW - 100).padStart(12, '0'), 'n\u00e9\ud83d\ude00', 0],
    [TOKEN, NOW - 600, '00abc0', 'devtools'],
    [TOKEN, NOW + 50, 'Z', 795],
  ]) {
    signedSeeds.push(sign({ appid: APPID, token, timestamp, noncestr, version }));
  }
  let ok = 0;
  for (let i = 0; i < VARIANTS; i++) {
    const base = pick(signedSeeds);
    const headers = rand() < 0.5
      ? { referer: base.referer, hostsign: rand() < 0.2 ? hostsignVariant() : mutated([base.hostsign]) }
      : { referer: rand() < 0.5 ? mutated([base.referer]) : base.referer, hostsign: base.hostsign };
    const now = NOW + pick([0, 0, -61, 661, 30]);
    const want = oracleVerify(headers, { tokens: options.tokens }, now);
    const got = verifier.verify(headers, now);
    if (want.ok) {
      ok++;
      assert.deepEqual(got, want, JSON.stringify(headers));
    } else {
      assert.equal(got.ok, false, `accepted ${JSON.stringify(headers)}`);
      assert.equal(got.code, want.code, `${JSON.stringify(headers)}: ${got.message}`);
    }
  }
  assert.ok(ok > VARIANTS / 20, `only ${ok} verified`);
});

// --- The review's quadratic key check --------------------------------------------

test('1 KiB of unknown keys (distinct, or built to collide in the check) verifies; a duplicate among them is refused', () => {
  const v = createVerifier({ token: TOKEN });
  const s = sign({ appid: APPID, token: TOKEN, timestamp: NOW, noncestr: NONCE });
  for (const [name, keys] of [['distinct two-character keys', distinctKeys()], ['keys built to collide', collidingKeys()]]) {
    const many = withKeys(s.hostsign, keys);
    assert.ok(many.length > 950 && many.split(':').length > 100, name);
    assert.equal(oracleHostSign(many).ok, true, name);
    assert.equal(v.verify({ referer: s.referer, hostsign: many }, NOW).ok, true, name);
    const escaped = [...keys[0]].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    for (const dup of [`,"${keys[0]}":1`, `,"${escaped}":1`, `,"${keys[5]}":1`]) {
      const h = withKeys(s.hostsign, keys, dup);
      assert.equal(oracleHostSign(h).code, 'MALFORMED_HOSTSIGN', `${name} ${dup}`);
      const r = v.verify({ referer: s.referer, hostsign: h }, NOW);
      assert.equal(r.code, 'MALFORMED_HOSTSIGN', `${name} ${dup}`);
      assert.match(r.message, /repeats a key/);
    }
  }
});
