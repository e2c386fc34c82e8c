// The JavaScript a careful developer would write instead of this package:
// the same checks (anchored Referer, strict field types, numeric or string
// timestamp, constant-time compare, freshness), with JSON.parse for the
// header. (JSON.parse cannot refuse duplicate keys; that is the one check it
// lacks.) Two hash back ends: node:crypto (b) and WebCrypto (c).

const REFERER = /^https:\/\/servicewechat\.com\/(wx[0-9a-f]{16})\/(0|devtools|[1-9][0-9]{0,9})\/page-frame\.html$/;
const HEX40 = /^[0-9a-fA-F]{40}$/;
const DIGITS = /^[0-9]{1,12}$/;

function parse(referer, hostsign, now, maxAge, clockSkew) {
  if (typeof referer !== 'string') return { ok: false, code: 'MISSING_REFERER' };
  if (typeof hostsign !== 'string') return { ok: false, code: 'MISSING_HOSTSIGN' };
  if (referer.length > 2048) return { ok: false, code: 'MALFORMED_REFERER' };
  const m = REFERER.exec(referer);
  if (!m) return { ok: false, code: 'MALFORMED_REFERER' };
  if (hostsign.length > 1024) return { ok: false, code: 'MALFORMED_HOSTSIGN' };
  let h;
  try {
    h = JSON.parse(hostsign);
  } catch {
    return { ok: false, code: 'MALFORMED_HOSTSIGN' };
  }
  if (typeof h !== 'object' || h === null || Array.isArray(h)) return { ok: false, code: 'MALFORMED_HOSTSIGN' };
  const { noncestr, timestamp, signature } = h;
  let ts;
  if (typeof timestamp === 'number' && Number.isSafeInteger(timestamp) && timestamp >= 0) ts = String(timestamp);
  else if (typeof timestamp === 'string' && DIGITS.test(timestamp)) ts = timestamp;
  if (typeof noncestr !== 'string' || !noncestr || noncestr.length > 128 || ts === undefined || typeof signature !== 'string' || !HEX40.test(signature)) {
    return { ok: false, code: 'MALFORMED_HOSTSIGN' };
  }
  const version = m[2] === '0' ? { kind: 'develop' } : m[2] === 'devtools' ? { kind: 'devtools' } : { kind: 'release', number: Number(m[2]) };
  return { ok: true, appid: m[1], version, noncestr, ts, signature: signature.toLowerCase(), now, maxAge, clockSkew };
}

function finish(p, matched) {
  if (!matched) return { ok: false, code: 'BAD_SIGNATURE' };
  const age = p.now - Number(p.ts);
  if (age > p.maxAge) return { ok: false, code: 'EXPIRED' };
  if (-age > p.clockSkew) return { ok: false, code: 'NOT_YET_VALID' };
  return { ok: true, appid: p.appid, version: p.version, noncestr: p.noncestr, timestamp: Number(p.ts), age, tokenIndex: 0 };
}

/** (b) node:crypto: createHash + timingSafeEqual. */
export function nodeCryptoVerifier(crypto, token, { maxAge = 660, clockSkew = 60 } = {}) {
  return function verify(referer, hostsign, now) {
    const p = parse(referer, hostsign, now, maxAge, clockSkew);
    if (!p.ok) return p;
    const expected = crypto.createHash('sha1').update([p.appid, p.noncestr, p.ts, token].sort().join('')).digest();
    const got = Buffer.from(p.signature, 'hex');
    return finish(p, crypto.timingSafeEqual(expected, got));
  };
}

const encoder = new TextEncoder();
function hexBytes(hex) {
  const out = new Uint8Array(20);
  for (let i = 0; i < 20; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

/** (c) WebCrypto: subtle.digest (asynchronous), XOR-accumulate compare. */
export function webCryptoVerifier(subtle, token, { maxAge = 660, clockSkew = 60 } = {}) {
  return async function verify(referer, hostsign, now) {
    const p = parse(referer, hostsign, now, maxAge, clockSkew);
    if (!p.ok) return p;
    const digest = new Uint8Array(await subtle.digest('SHA-1', encoder.encode([p.appid, p.noncestr, p.ts, token].sort().join(''))));
    const got = hexBytes(p.signature);
    let diff = 0;
    for (let i = 0; i < 20; i++) diff |= digest[i] ^ got[i];
    return finish(p, diff === 0);
  };
}
