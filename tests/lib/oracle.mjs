// An independent, strict reading of the contract (CONTRACT.md, section 2),
// written in JavaScript without looking at the Rust parsers: a regular
// expression for the Referer, and JSON.parse plus a scan of the top-level
// object (its keys, raw values and nesting depth) for the HostSign. The
// hostile tests compare the package with it on generated variants.
import { createHash } from 'node:crypto';

const utf8 = (s) => Buffer.byteLength(s, 'utf8');

const STRICT_REFERER = /^https:\/\/servicewechat\.com\/(wx[0-9a-f]{16})\/(0|devtools|[1-9][0-9]{0,9})\/page-frame\.html$/;
const LOOSE_REFERER = /^https:\/\/servicewechat\.com\/([A-Za-z0-9_-]{1,64})\/(0|devtools|[1-9][0-9]{0,9})\/page-frame\.html$/;

/** `{ ok: true, appid, version }` or `{ ok: false, code }` for a Referer string. */
export function oracleReferer(s, strictAppid = true) {
  if (s === undefined || s === null) return { ok: false, code: 'MISSING_REFERER' };
  if (typeof s !== 'string' || !s.isWellFormed() || utf8(s) > 2048) return { ok: false, code: 'MALFORMED_REFERER' };
  const m = (strictAppid ? STRICT_REFERER : LOOSE_REFERER).exec(s);
  if (m === null) return { ok: false, code: 'MALFORMED_REFERER' };
  const v = m[2];
  const version = v === '0' ? { kind: 'develop' } : v === 'devtools' ? { kind: 'devtools' } : { kind: 'release', number: Number(v) };
  return { ok: true, appid: m[1], version };
}

/**
 * The top-level members of a JSON object text that JSON.parse accepted:
 * [raw key text, raw value text] in order, and the deepest nesting.
 */
function scan(text) {
  const members = [];
  let depth = 0;
  let maxDepth = 0;
  let i = 0;
  let key = null;
  let valueStart = -1;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const string = () => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return text.slice(start, i);
  };
  ws();
  for (; i < text.length; ) {
    const c = text[i];
    if (c === '"') {
      const s = string();
      if (depth === 1 && key === null && valueStart === -1) {
        key = s;
        ws();
        i++; // ':'
        ws();
        valueStart = i;
      }
      continue;
    }
    if (c === '{' || c === '[') {
      depth++;
      maxDepth = Math.max(maxDepth, depth);
    } else if (c === '}' || c === ']' || c === ',') {
      if (depth === 1 && key !== null) {
        members.push([key, text.slice(valueStart, i).trim()]);
        key = null;
        valueStart = -1;
      }
      if (c !== ',') depth--;
    }
    i++;
  }
  return { members, maxDepth };
}

function wellFormedDeep(v) {
  if (typeof v === 'string') return v.isWellFormed();
  if (v === null || typeof v !== 'object') return true;
  return Object.entries(v).every(([k, x]) => k.isWellFormed() && wellFormedDeep(x));
}

const MALFORMED = Object.freeze({ ok: false, code: 'MALFORMED_HOSTSIGN' });

/**
 * `{ ok: true, noncestr, timestamp, timestampText, signature }` (signature
 * in lowercase) or `{ ok: false, code }` for an X-WECHAT-HOSTSIGN string.
 */
export function oracleHostSign(s) {
  if (s === undefined || s === null) return { ok: false, code: 'MISSING_HOSTSIGN' };
  if (typeof s !== 'string' || !s.isWellFormed() || s === '' || utf8(s) > 1024) return MALFORMED;
  let value;
  try {
    value = JSON.parse(s);
  } catch {
    return MALFORMED;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return MALFORMED;
  const { members, maxDepth } = scan(s);
  if (maxDepth > 64 || !wellFormedDeep(value)) return MALFORMED;
  const keys = members.map(([k]) => JSON.parse(k));
  if (new Set(keys).size !== keys.length) return MALFORMED;
  const raw = Object.fromEntries(members.map(([k, v]) => [JSON.parse(k), v]));
  const has = (k) => Object.prototype.hasOwnProperty.call(raw, k);
  const n = value.noncestr;
  const t = value.timestamp;
  const g = value.signature;
  if (!has('noncestr') && !has('timestamp') && !has('signature')) return { ok: false, code: 'UNSIGNED' };
  if (n === '' && t === '' && g === '') return { ok: false, code: 'UNSIGNED' };
  if (typeof n !== 'string' || n === '' || utf8(n) > 128) return MALFORMED;
  let timestampText;
  if (typeof t === 'string') {
    if (!/^[0-9]{1,12}$/.test(t)) return MALFORMED;
    timestampText = t;
  } else if (typeof t === 'number') {
    const text = raw.timestamp;
    if (!/^(0|[1-9][0-9]*)$/.test(text) || BigInt(text) >= 2n ** 53n) return MALFORMED;
    timestampText = text;
  } else return MALFORMED;
  if (typeof g !== 'string' || !/^[0-9a-fA-F]{40}$/.test(g)) return MALFORMED;
  return { ok: true, noncestr: n, timestamp: Number(timestampText), timestampText, signature: g.toLowerCase() };
}

/** The reference signature: sha1 of the four parts in JavaScript's sort order, joined. */
export function referenceSignature(appid, noncestr, timestampText, token) {
  return createHash('sha1').update([appid, noncestr, timestampText, token].sort().join('')).digest('hex');
}

/**
 * What verify() must answer for these headers with `options` at `now`,
 * from the two oracles, the reference signature and the contract's order of
 * checks: the result, or `{ ok: false, code }`.
 */
export function oracleVerify({ referer, hostsign }, { tokens, maxAge = 660, clockSkew = 60, strictAppid = true }, now) {
  if (referer === undefined || referer === null) return { ok: false, code: 'MISSING_REFERER' };
  if (hostsign === undefined || hostsign === null) return { ok: false, code: 'MISSING_HOSTSIGN' };
  const r = oracleReferer(referer, strictAppid);
  if (!r.ok) return r;
  const h = oracleHostSign(hostsign);
  if (!h.ok) return h;
  const tokenIndex = tokens.findIndex((t) => referenceSignature(r.appid, h.noncestr, h.timestampText, t) === h.signature);
  if (tokenIndex < 0) return { ok: false, code: 'BAD_SIGNATURE' };
  const age = now - h.timestamp;
  if (maxAge !== null && age > maxAge) return { ok: false, code: 'EXPIRED' };
  if (-age > clockSkew) return { ok: false, code: 'NOT_YET_VALID' };
  return { ok: true, appid: r.appid, version: r.version, noncestr: h.noncestr, timestamp: h.timestamp, age, tokenIndex };
}
