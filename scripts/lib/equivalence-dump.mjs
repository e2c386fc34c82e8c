// Every output of the package's API (the built `wechat-hostsign`, whichever
// one this file resolves) over a fixed stream of inputs, as one digest: the
// differential proof behind each JavaScript entry of mutants/equivalent.md
// (scripts/lib/equivalence.mjs builds the package with each listed mutant
// and runs this against it; an entry stands only when the digests agree).
//
// What it drives: createVerifier under several option sets (cache on, off
// and tiny, token rotation, maxAge null, allowlists, loose AppIDs, Chinese),
// each verifier fed the whole stream in order (so the cache's state matters),
// through verify() and verifyRequest() with every request shape the package
// reads (plain object, Fetch Headers and Request, Node rawHeaders, an event
// with multiValueHeaders, Hono's c on Node, an h3 event, things that are not
// requests); the one-shot verify() and verifyRequest(); parseReferer,
// parseHostSign, sign and signature; bad options (what is thrown). Inputs:
// tests/vectors/cases.json and GENERATED cases from a fixed seed: signed
// pairs (nonces with escapes, non-ASCII, commas and braces; number and
// string timestamps), then changed (a byte, whitespace, the signature's case
// or a digit, a header given twice, joined by ", " or a bare comma), at
// clocks around their timestamp, each repeated so that pairs enter the cache.
// Then the middleware, each adapter in its framework over a slice of the
// same cases (equivalence-dump-middleware.mjs), unless --no-middleware.
//
//   node equivalence-dump.mjs [--generated N] [--lines FILE] [--no-middleware]
// Prints `cases N digest HEX`.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as api from 'wechat-hostsign';
import { prng } from '../../tests/lib/prng.mjs';

const argv = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const GENERATED = Number(flag('generated', 6000));
const vectors = JSON.parse(readFileSync(new URL('../../tests/vectors/cases.json', import.meta.url), 'utf8'));

const { int, pick } = prng(0x5eed1e55);

const TOKENS = ['T0k3n-for-vectors-7f3a9c', 'old-T0k3n-for-vectors-11', '\u{1F600}', 'token'];
const APPIDS = ['wx0123456789abcdef', 'wxfedcba9876543210', 'touristappid', 'wx0000000000000000'];
const T0 = 1711421951;

const out = [];
const show = (x) => {
  try {
    return JSON.stringify(x, (k, v) => (typeof v === 'bigint' ? `${v}n` : v === undefined ? '(undefined)' : Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : v));
  } catch (e) {
    return `unshowable ${e.name}`;
  }
};
function run(label, fn) {
  let line;
  try {
    line = show(fn());
  } catch (e) {
    line = `threw ${e?.name}: ${e?.code ?? ''} ${e?.message}`;
  }
  out.push(`${label} ${line}`);
}

// --- the cases -------------------------------------------------------------------

function nonce() {
  const kinds = [
    () => Array.from({ length: 32 }, () => '0123456789abcdef'[int(16)]).join(''),
    () => pick(['a, b', 'x},{y', '\u00e9\u4e2d', '\u{1F600}', 'n', 'a"b', 'a\\b', '  ']) + int(1000),
    () => 'n'.repeat(1 + int(130)),
  ];
  return pick(kinds)();
}

function signed() {
  const appid = pick(APPIDS);
  const token = pick(TOKENS);
  const timestamp = pick([T0, String(T0), T0 + int(900), String(T0 - int(900)), '0' + T0]);
  const version = pick([0, 'devtools', 1 + int(800), 'develop']);
  let s;
  try {
    s = api.sign({ appid, token, noncestr: nonce(), timestamp, version, strictAppid: appid !== 'touristappid' });
  } catch (e) {
    return null;
  }
  return { referer: s.referer, hostsign: s.hostsign };
}

function change(pair) {
  const p = { ...pair };
  switch (int(12)) {
    case 0: {
      const at = int(p.hostsign.length);
      p.hostsign = p.hostsign.slice(0, at) + pick(['', ' ', '\\', '"', ',', '}', '{', 'A']) + p.hostsign.slice(at + int(2));
      break;
    }
    case 1:
      p.hostsign = p.hostsign.replace(/"signature":"([0-9a-f]{40})"/, (m, s) => `"signature":"${s.toUpperCase()}"`);
      break;
    case 2:
      p.hostsign = p.hostsign.replace(/"signature":"([0-9a-f])/, (m, c) => `"signature":"${c === '0' ? '1' : '0'}`);
      break;
    case 3:
      p.hostsign = p.hostsign.replace(/,/g, ', ');
      break;
    case 4:
      p.hostsign = `${p.hostsign}, ${p.hostsign}`;
      break;
    case 5:
      p.hostsign = `${p.hostsign},${p.hostsign}`;
      break;
    case 6:
      p.referer = p.referer.replace(/\/(\d+|devtools)\/page/, `/${pick(['0', 'devtools', '7', '01', 'x'])}/page`);
      break;
    case 7:
      p.hostsign = pick(['{}', '{"noncestr":"","timestamp":"","signature":""}', '', '{"x":1}', 'null']);
      break;
    case 8:
      p.hostsign = p.hostsign.replace('{', '{ ').replace(/}$/, '\n}');
      break;
    case 9:
      p.referer = [p.referer, p.referer];
      break;
    case 10:
      p.hostsign = p.hostsign.replace(/}$/, ',"x":[1,{"signature":"a"}]}');
      break;
    default:
      break; // unchanged
  }
  return p;
}

const cases = [];
for (const v of vectors) if (v.headers) cases.push({ referer: v.headers.referer, hostsign: v.headers.hostsign, now: v.now ?? T0 });
for (let i = 0; i < GENERATED; i++) {
  const s = signed();
  if (!s) continue;
  const t = JSON.parse(s.hostsign.replace(/"timestamp":(\d+)/, '"timestamp":"$1"')).timestamp;
  const now = Number(t) + pick([0, 30, 660, 661, -60, -61, 5000]);
  const p = change(s);
  // Each pair twice or three times: it enters a cache on its second verification.
  for (let k = 0; k < 1 + int(3); k++) cases.push({ ...p, now });
}

// --- the request shapes -------------------------------------------------------------

const flat = (h) => (Array.isArray(h) ? h : h === undefined ? [] : [h]);
const shapes = {
  plain: (c) => ({ referer: c.referer, 'x-wechat-hostsign': c.hostsign }),
  Headers: (c) => {
    const h = new Headers();
    for (const r of flat(c.referer)) h.append('referer', r);
    for (const x of flat(c.hostsign)) h.append('x-wechat-hostsign', x);
    return h;
  },
  Request: (c) => new Request('http://127.0.0.1/api', { headers: shapes.Headers(c) }),
  rawHeaders: (c) => ({ rawHeaders: ['Host', 'x', ...flat(c.referer).flatMap((r) => ['Referer', r]), ...flat(c.hostsign).flatMap((x) => ['X-WECHAT-HOSTSIGN', x])] }),
  event: (c) => ({ headers: { Referer: flat(c.referer)[0], 'X-WECHAT-HOSTSIGN': flat(c.hostsign).at(-1) }, multiValueHeaders: { Referer: flat(c.referer), 'X-WECHAT-HOSTSIGN': flat(c.hostsign) } }),
  hono: (c) => ({ env: { incoming: shapes.rawHeaders(c) }, req: { raw: shapes.Request(c) } }),
  h3: (c) => ({ node: { req: shapes.rawHeaders(c) }, headers: shapes.Headers(c) }),
  koa: (c) => ({ request: { req: shapes.rawHeaders(c) }, req: shapes.rawHeaders(c) }),
  getter: (c) => ({ get: (n) => (n === 'referer' ? flat(c.referer).join(', ') || null : flat(c.hostsign).join(', ') || null) }),
};

const optionSets = [
  { token: TOKENS[0] },
  { token: TOKENS[0], cache: false },
  { token: TOKENS[0], cache: { size: 2 } },
  { tokens: [TOKENS[1], TOKENS[0], TOKENS[2]] },
  { tokens: TOKENS, maxAge: null, clockSkew: 0 },
  { token: TOKENS[3], maxAge: 30, clockSkew: 1000, strictAppid: false },
  { token: TOKENS[0], appids: [APPIDS[0], APPIDS[2]], versions: ['release', 'devtools'], strictAppid: false },
  { token: TOKENS[2], locale: 'zh-CN', strictAppid: false },
];

for (const [o, options] of optionSets.entries()) {
  let v;
  run(`create ${o}`, () => {
    v = api.createVerifier(options);
    return 'ok';
  });
  if (!v) continue;
  for (const [i, c] of cases.entries()) {
    run(`v${o} verify ${i}`, () => v.verify({ referer: c.referer, hostsign: c.hostsign }, c.now));
    const shape = Object.keys(shapes)[i % Object.keys(shapes).length];
    run(`v${o} ${shape} ${i}`, () => v.verifyRequest(shapes[shape](c), c.now));
  }
  run(`v${o} dispose`, () => v.dispose());
  run(`v${o} after dispose`, () => v.verify({ referer: cases[0].referer, hostsign: cases[0].hostsign }, T0));
}

// One-shot forms, parsing, signing.
for (const [i, c] of cases.entries()) {
  if (i % 7 === 0) run(`verify ${i}`, () => api.verify({ referer: c.referer, hostsign: c.hostsign }, { tokens: TOKENS, now: c.now, strictAppid: i % 2 === 0 }));
  if (i % 7 === 3) run(`verifyRequest ${i}`, () => api.verifyRequest(shapes.rawHeaders(c), { token: TOKENS[0], now: new Date(c.now * 1000) }));
  if (i % 5 === 0) run(`parseReferer ${i}`, () => api.parseReferer(c.referer, { strictAppid: i % 2 === 0 }));
  if (i % 5 === 1) run(`parseHostSign ${i}`, () => api.parseHostSign(c.hostsign));
}
for (let i = 0; i < 200; i++) {
  const parts = [pick(APPIDS), nonce(), String(T0 + int(100)), pick(TOKENS)];
  run(`signature ${i}`, () => api.signature(...parts));
  run(`sign ${i}`, () => api.sign({ appid: parts[0], token: parts[3], noncestr: parts[1], timestamp: parts[2], version: pick([0, 'devtools', 5, -1, 'x', 1e10]), strictAppid: i % 3 !== 0 }));
}
// Options that are refused: what is thrown.
const bad = [undefined, null, {}, { token: '' }, { tokens: [] }, { token: 'T', maxAge: -1 }, { token: 'T', versions: ['x'] }, { token: 'T', cache: { size: 1 } }, { token: 'T', locale: 'fr' }, { token: 'T', extra: 1 }, { token: 'T', appids: ['bad id'] }, { token: 'T', clockSkew: 1.5 }, { token: 'T', maxAge: 2 ** 53 }];
for (const [i, o] of bad.entries()) {
  run(`bad ${i}`, () => api.createVerifier(o));
  run(`bad verify ${i}`, () => api.verify({ referer: cases[0].referer, hostsign: cases[0].hostsign }, o));
}
for (const now of [undefined, -1, 1e12, NaN, '1', new Date(NaN), 1.5, -0]) run(`now ${show(now)}`, () => api.verify({ referer: cases[0].referer, hostsign: cases[0].hostsign }, { token: TOKENS[0], now }).code);

// The framework adapters, each in its framework (equivalence-dump-middleware.mjs).
if (!argv.includes('--no-middleware')) {
  const { dumpMiddleware } = await import('./equivalence-dump-middleware.mjs');
  await dumpMiddleware({ cases, tokens: TOKENS, show, record: (label, line) => out.push(`${label} ${line}`) });
}

const digest = createHash('sha1');
for (const line of out) digest.update(line + '\n');
const lines = flag('lines', null);
if (lines) writeFileSync(lines, out.join('\n') + '\n');
console.log(`cases ${out.length} digest ${digest.digest('hex')}`);
