// Generates the test vectors under tests/vectors/ with an implementation
// that shares nothing with the package: node:crypto and the seed's own
// formula, sha1([appid, noncestr, timestamp, token].sort().join('')).
//
//   node tests/vectors/generate.mjs        rewrite signature.json and cases.json
//   node tests/vectors/generate.mjs --check exit 1 if they are out of date
//
// signature.json: quadruples (full Unicode, astral characters, empty strings,
// case and prefix order) with their signature.
// cases.json: whole requests with options, a clock, and the expected outcome,
// one or more per outcome code and per attack the contract lists. Every
// runtime's test runner (Rust, Node, Deno, Bun, workerd, Chromium) reads them.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { prng } from '../lib/prng.mjs';

const seedSignature = (a, n, t, k) => createHash('sha1').update([a, n, t, k].sort().join('')).digest('hex');

// Deterministic, so the files are reproducible.
const { rand, int, pick } = prng(0x5eed1e55);

// Characters chosen to make sort orders disagree: case, digits, a prefix,
// BMP below the surrogates, private use and specials above them, astral.
const TRICKY = ['a', 'A', 'z', 'Z', '0', '9', '_', ' ', '\u00e9', '\u07ff', '\ud7ff', '\ue000', '\uff01', '\ufffd', '\uffff',
  '\u{10000}', '\u{1f600}', '\u{10ffff}', '\u0000', '"', '\\'];
function codePointString(max) {
  let s = '';
  const n = int(max + 1);
  for (let i = 0; i < n; i++) {
    if (rand() < 0.5) s += pick(TRICKY);
    else {
      let cp = int(0x110000);
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0x41; // no lone surrogates
      s += String.fromCodePoint(cp);
    }
  }
  return s;
}

function signatureVectors() {
  const out = [
    { appid: 'wx0123456789abcdef', noncestr: 'abc', timestamp: '1711421951', token: 'token' },
    { appid: '', noncestr: '', timestamp: '', token: '' },
    { appid: 'a', noncestr: 'A', timestamp: 'ab', token: 'B' },
    { appid: '\u{1f600}', noncestr: '\uff01', timestamp: '\ue000', token: '\ud7ff' },
    { appid: 'wx0123456789abcdef', noncestr: '99', timestamp: '1711421951', token: '100' },
  ];
  while (out.length < 400) {
    out.push({ appid: codePointString(6), noncestr: codePointString(6), timestamp: codePointString(4), token: codePointString(6) });
  }
  return out.map((v) => ({ ...v, signature: seedSignature(v.appid, v.noncestr, v.timestamp, v.token) }));
}

// --- Whole requests ---------------------------------------------------------

const A = 'wx0123456789abcdef';
const B = 'wxfedcba9876543210';
const TOKEN = 'T0k3n-for-vectors-7f3a9c';
const OLD = 'old-T0k3n-for-vectors-11';
const NONCE = '0123456789abcdef0123456789abcdef';
const TS = 1711421951;
const NOW = TS + 30;

const referer = (appid = A, version = '7') => `https://servicewechat.com/${appid}/${version}/page-frame.html`;
/** JSON string with every non-ASCII character escaped (headers are ASCII). */
const jstr = (s) => JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
function hostsign({ appid = A, token = TOKEN, noncestr = NONCE, ts = TS, tsText, sig, form = 'number' } = {}) {
  const text = tsText ?? String(ts);
  const s = sig ?? seedSignature(appid, noncestr, text, token);
  const t = form === 'number' ? text : jstr(text);
  return `{"noncestr":${jstr(noncestr)},"timestamp":${t},"signature":"${s}"}`;
}
const ok = (extra = {}) => ({ ok: true, appid: A, version: { kind: 'release', number: 7 }, noncestr: NONCE, timestamp: TS, age: 30, tokenIndex: 0, ...extra });
const no = (code) => ({ ok: false, code });

function cases() {
  const c = [];
  const add = (name, headers, expect, options = { token: TOKEN }, now = NOW) => c.push({ name, headers, options, now, expect });
  const good = { referer: referer(), hostsign: hostsign() };
  const sig = seedSignature(A, NONCE, String(TS), TOKEN);

  // Valid shapes.
  add('real traffic: numeric timestamp', good, ok());
  add('documented: string timestamp', { referer: referer(), hostsign: hostsign({ form: 'string' }) }, ok());
  add('uppercase signature', { referer: referer(), hostsign: hostsign({ sig: sig.toUpperCase() }) }, ok());
  add('whitespace, other key order, unknown keys',
    { referer: referer(), hostsign: ` {\n "signature" : "${sig}" ,\t"x":{"y":[1,2,{"z":null}]}, "timestamp" : ${TS}, "noncestr" : "${NONCE}" , "v": true } ` }, ok());
  add('escaped key \\u006eoncestr', { referer: referer(), hostsign: `{"\\u006eoncestr":"${NONCE}","timestamp":${TS},"signature":"${sig}"}` }, ok());
  add('escaped nonce value', { referer: referer(), hostsign: hostsign({ noncestr: 'A/b' }).replace('"A/b"', '"\\u0041\\/b"') }, ok({ noncestr: 'A/b' }));
  add('string timestamp with leading zeros is signed as written',
    { referer: referer(), hostsign: hostsign({ tsText: '001711421951', form: 'string' }) }, ok());
  add('develop build (0)', { referer: referer(A, '0'), hostsign: hostsign() }, ok({ version: { kind: 'develop' } }));
  add('devtools with touristappid, strictAppid false',
    { referer: referer('touristappid', 'devtools'), hostsign: hostsign({ appid: 'touristappid' }) },
    ok({ appid: 'touristappid', version: { kind: 'devtools' } }), { token: TOKEN, strictAppid: false });
  add('largest release number', { referer: referer(A, '9999999999'), hostsign: hostsign() }, ok({ version: { kind: 'release', number: 9999999999 } }));
  add('rotation: the old token matches second',
    { referer: referer(), hostsign: hostsign({ token: OLD }) }, ok({ tokenIndex: 1 }), { tokens: [TOKEN, OLD] });
  add('rotation: the new token matches first', good, ok({ tokenIndex: 0 }), { tokens: [TOKEN, OLD] });
  add('allowlists that include the request', good, ok(), { token: TOKEN, appids: [B, A], versions: ['release'] });
  for (const [name, noncestr] of [
    ['JS sort: astral before U+FF01', '\uff01\u{1f600}'],
    ['JS sort: uppercase first', 'Zeta'],
    ['JS sort: a number-like nonce sorts as text', '99'],
    ['JS sort: empty-prefix order', 'T0k3n'],
    ['non-ASCII nonce, escaped', '\u00e9\u4e2d\u{1f600}'],
  ]) {
    add(name, { referer: referer(), hostsign: hostsign({ noncestr }) }, ok({ noncestr }));
  }
  const maxNonce = 'n'.repeat(128);
  add('128-byte nonce', { referer: referer(), hostsign: hostsign({ noncestr: maxNonce }) }, ok({ noncestr: maxNonce }));
  add('largest JSON timestamp parses (and is in the future)', { referer: referer(), hostsign: hostsign({ ts: 2 ** 53 - 1 }) },
    no('NOT_YET_VALID'), { token: TOKEN, maxAge: null });

  // Freshness boundaries.
  add('exactly maxAge old', good, ok({ age: 660 }), { token: TOKEN }, TS + 660);
  add('one second past maxAge', good, no('EXPIRED'), { token: TOKEN }, TS + 661);
  add('custom maxAge 60: 61 s old', good, no('EXPIRED'), { token: TOKEN, maxAge: 60 }, TS + 61);
  add('exactly clockSkew in the future', good, ok({ age: -60 }), { token: TOKEN }, TS - 60);
  add('one second beyond clockSkew', good, no('NOT_YET_VALID'), { token: TOKEN }, TS - 61);
  add('clockSkew 0: one second ahead', good, no('NOT_YET_VALID'), { token: TOKEN, clockSkew: 0 }, TS - 1);
  add('maxAge null: a year old is fine', good, ok({ age: 31536000 }), { token: TOKEN, maxAge: null }, TS + 31536000);
  add('maxAge 0: same second only', good, ok({ age: 0 }), { token: TOKEN, maxAge: 0 }, TS);

  // Missing.
  add('no Referer', { hostsign: hostsign() }, no('MISSING_REFERER'));
  add('Referer null', { referer: null, hostsign: hostsign() }, no('MISSING_REFERER'));
  add('no HostSign', { referer: referer() }, no('MISSING_HOSTSIGN'));
  add('neither header: Referer first', {}, no('MISSING_REFERER'));
  add('no HostSign, malformed Referer: missing first', { referer: 'x' }, no('MISSING_HOSTSIGN'));

  // The Referer, exactly.
  const badReferers = {
    'empty Referer': '',
    'http scheme': `http://servicewechat.com/${A}/7/page-frame.html`,
    'port': `https://servicewechat.com:443/${A}/7/page-frame.html`,
    'userinfo': `https://user@servicewechat.com/${A}/7/page-frame.html`,
    'other host': `https://servicewechat.com.evil.example/${A}/7/page-frame.html`,
    'subdomain': `https://evil.servicewechat.com/${A}/7/page-frame.html`,
    'unanchored match (query)': `https://evil.example/?https://servicewechat.com/${A}/7/page-frame.html`,
    'unanchored match (path)': `https://evil.example/https://servicewechat.com/${A}/7/page-frame.html`,
    'uppercase host': `https://SERVICEWECHAT.COM/${A}/7/page-frame.html`,
    'percent-encoded AppID': `https://servicewechat.com/wx%30123456789abcdef/7/page-frame.html`,
    'query': `${referer()}?a=1`,
    'fragment': `${referer()}#x`,
    'trailing slash': `${referer()}/`,
    'extra segment': `https://servicewechat.com/${A}/7/x/page-frame.html`,
    'missing version': `https://servicewechat.com/${A}/page-frame.html`,
    'other page': `https://servicewechat.com/${A}/7/index.html`,
    'uppercase AppID': `https://servicewechat.com/WX0123456789ABCDEF/7/page-frame.html`,
    'short AppID': `https://servicewechat.com/wx0123456789abcde/7/page-frame.html`,
    'touristappid when strict': `https://servicewechat.com/touristappid/devtools/page-frame.html`,
    'leading zero version': `https://servicewechat.com/${A}/07/page-frame.html`,
    'negative version': `https://servicewechat.com/${A}/-1/page-frame.html`,
    'eleven-digit version': `https://servicewechat.com/${A}/10000000000/page-frame.html`,
    'leading space': ` ${referer()}`,
    'over 2 KiB': `https://servicewechat.com/${A}/7/page-frame.html?${'a'.repeat(2048)}`,
  };
  for (const [name, r] of Object.entries(badReferers)) add(`Referer: ${name}`, { referer: r, hostsign: hostsign() }, no('MALFORMED_REFERER'));
  add('loose AppID over 64 characters', { referer: referer('a'.repeat(65)), hostsign: hostsign() }, no('MALFORMED_REFERER'), { token: TOKEN, strictAppid: false });

  // Unsigned.
  add('HostSign {}', { referer: referer(), hostsign: '{}' }, no('UNSIGNED'));
  add('HostSign { } with spaces', { referer: referer(), hostsign: ' { } ' }, no('UNSIGNED'));
  add('HostSign with three empty fields', { referer: referer(), hostsign: '{"noncestr":"","timestamp":"","signature":""}' }, no('UNSIGNED'));

  // Malformed HostSign.
  const badHostsigns = {
    'empty': '',
    'over 1 KiB': `{"noncestr":"${NONCE}","timestamp":${TS},"signature":"${sig}","pad":"${'p'.repeat(1024)}"}`,
    'not JSON': 'noncestr=a&timestamp=1',
    'truncated': hostsign().slice(0, -1),
    'trailing comma': hostsign().replace(/}$/, ',}'),
    'trailing data': hostsign() + 'x',
    'two objects (a repeated header joined)': `${hostsign()}, ${hostsign()}`,
    'JSON array': `[${hostsign()}]`,
    'JSON string': JSON.stringify(hostsign()),
    'single quotes': hostsign().replaceAll('"', "'"),
    'duplicate signature key': `{"noncestr":"${NONCE}","timestamp":${TS},"signature":"${'0'.repeat(40)}","signature":"${sig}"}`,
    'duplicate key via escape': `{"noncestr":"${NONCE}","timestamp":${TS},"\\u0073ignature":"${'0'.repeat(40)}","signature":"${sig}"}`,
    'duplicate unknown key': `{"x":1,"x":2,"noncestr":"${NONCE}","timestamp":${TS},"signature":"${sig}"}`,
    'fractional timestamp': hostsign({ tsText: `${TS}.0` }),
    'negative timestamp': hostsign({ tsText: `-${TS}` }),
    'exponent timestamp': hostsign({ tsText: '1.711421951e9' }),
    'timestamp 2^53': hostsign({ tsText: String(2 ** 53) }),
    'timestamp with a leading zero (not JSON)': hostsign({ tsText: `0${TS}` }),
    '13-digit string timestamp': hostsign({ tsText: `0${TS}00`, form: 'string' }),
    'timestamp string with a space': hostsign({ tsText: ` ${TS}`, form: 'string' }),
    'timestamp true': hostsign({ tsText: 'true' }),
    'noncestr a number': `{"noncestr":123,"timestamp":${TS},"signature":"${sig}"}`,
    'noncestr empty, others set': hostsign({ noncestr: '' }),
    'noncestr 129 bytes': hostsign({ noncestr: 'n'.repeat(129) }),
    'signature 39 hex': hostsign({ sig: sig.slice(1) }),
    'signature 41 hex': hostsign({ sig: sig + '0' }),
    'signature not hex': hostsign({ sig: 'g' + sig.slice(1) }),
    'signature missing': `{"noncestr":"${NONCE}","timestamp":${TS}}`,
    'timestamp missing': `{"noncestr":"${NONCE}","signature":"${sig}"}`,
    'lone surrogate escape': hostsign().replace(`"${NONCE}"`, '"\\ud800"'),
    'control character in a string': hostsign().replace(`"${NONCE}"`, '"a\u0001"'),
    'nested 100 deep': `{"x":${'['.repeat(100)}${']'.repeat(100)},"noncestr":"${NONCE}","timestamp":${TS},"signature":"${sig}"}`,
  };
  for (const [name, h] of Object.entries(badHostsigns)) add(`HostSign: ${name}`, { referer: referer(), hostsign: h }, no('MALFORMED_HOSTSIGN'));

  // Allowlists.
  add('AppID not in appids', good, no('APPID_NOT_ALLOWED'), { token: TOKEN, appids: [B] });
  add('release not in versions', good, no('VERSION_NOT_ALLOWED'), { token: TOKEN, versions: ['develop', 'devtools'] });
  add('develop not in versions', { referer: referer(A, '0'), hostsign: hostsign() }, no('VERSION_NOT_ALLOWED'), { token: TOKEN, versions: ['release'] });

  // Forgeries.
  add('wrong token', { referer: referer(), hostsign: hostsign({ token: 'not-the-token' }) }, no('BAD_SIGNATURE'));
  add('AppID swapped in the Referer', { referer: referer(B), hostsign: hostsign() }, no('BAD_SIGNATURE'));
  add('nonce changed', { referer: referer(), hostsign: hostsign({ sig }).replace(NONCE, NONCE.replace('0', '1')) }, no('BAD_SIGNATURE'));
  add('timestamp changed', { referer: referer(), hostsign: hostsign({ sig, ts: TS + 1 }) }, no('BAD_SIGNATURE'), { token: TOKEN }, TS + 1);
  add('signature of a byte-order (non-JS) sort', { referer: referer(), hostsign: hostsign({ noncestr: '\uff01', sig: createHash('sha1').update(Buffer.concat([A, '\uff01', String(TS), '\u{1f600}'].map((s) => Buffer.from(s)).sort(Buffer.compare))).digest('hex') }) },
    no('BAD_SIGNATURE'), { token: '\u{1f600}' });
  add('old token after rotation finished', { referer: referer(), hostsign: hostsign({ token: OLD }) }, no('BAD_SIGNATURE'));
  add('version rewritten is still authentic (unsigned segment)', { referer: referer(A, '0'), hostsign: hostsign() }, ok({ version: { kind: 'develop' } }));

  // Order of checks.
  add('order: malformed Referer before malformed HostSign', { referer: 'https://evil.example/', hostsign: 'x' }, no('MALFORMED_REFERER'));
  add('order: allowlist before HostSign', { referer: referer(), hostsign: 'x' }, no('APPID_NOT_ALLOWED'), { token: TOKEN, appids: [B] });
  add('order: allowlist before UNSIGNED', { referer: referer(), hostsign: '{}' }, no('VERSION_NOT_ALLOWED'), { token: TOKEN, versions: ['develop'] });
  add('order: signature before freshness (forged and stale)', { referer: referer(), hostsign: hostsign({ token: 'x' }) }, no('BAD_SIGNATURE'), { token: TOKEN }, TS + 100000);
  add('order: EXPIRED only when authentic', good, no('EXPIRED'), { token: TOKEN }, TS + 100000);
  return c;
}

const files = {
  'signature.json': signatureVectors(),
  'cases.json': cases(),
};
const dir = new URL('.', import.meta.url);
let stale = false;
for (const [name, data] of Object.entries(files)) {
  const text = JSON.stringify(data, null, 1) + '\n';
  const url = new URL(name, dir);
  if (process.argv.includes('--check')) {
    let old = '';
    try { old = readFileSync(url, 'utf8'); } catch {}
    if (old !== text) { console.error(`tests/vectors/${name} is out of date: run node tests/vectors/generate.mjs`); stale = true; }
  } else {
    writeFileSync(url, text);
    console.log(`tests/vectors/${name}: ${data.length} entries`);
  }
}
process.exit(stale ? 1 : 0);
