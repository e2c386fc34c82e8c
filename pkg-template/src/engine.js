// The wasm instance and every call into it.
//
// One instance per realm, created on first use (the runtime's entry says how
// to get the compiled module: state.js). A verifier's options are staged in
// wasm memory and built into a slot there; header values are written into
// one reused I/O buffer and read by Engine.verify, parseReferer and
// parseHostSign, and the result comes back as a few numbers in a
// Float64Array; strings in a successful result are slices of the inputs.
//
// Every call into wasm marks the instance `busy` by a plain assignment (see
// below), which only this module can make, so every function that calls
// into wasm (verifying, parsing, signing, building and releasing slots)
// lives here.

import * as glue from './wechat_hostsign_bg.js';
import { loader } from './state.js';
import { CACHE_MESSAGE, PairCache, cacheSize } from './cache.js';
import { JOINED, JOINED_HOSTSIGN, unjoined } from './headers.js';
import { HostSignError, KINDS, REPEATED_HOSTSIGN, cached, fail, failure, localized } from './results.js';
import {
  CALLER,
  DEFAULT_CLOCK_SKEW,
  DEFAULT_MAX_AGE,
  LOCALES,
  LOCALE_MESSAGE,
  MAX_APPID,
  MAX_NONCESTR_BYTES,
  MAX_TOKEN_BYTES,
  MAX_TOKENS,
  MAX_VERSION_NAME,
  SIGN_OPTIONS,
  VERIFIER_OPTIONS,
  checkKeys,
  copy,
  isObject,
  isSeconds,
  isText,
  seconds,
  wellFormed,
} from './options.js';

// Header states understood by Engine (crates/wasm).
const ABSENT = 0;
const VALUE = 1;
const REPEATED = 2;
const TOO_LARGE = 3;
const NOT_TEXT = 4;

// What Engine.verify returns for a verifier that was disposed (crates/wasm).
const NO_VERIFIER = 0xffffffff;
// What Engine.stage takes (crates/wasm).
const STAGE_TOKEN = 0;
const STAGE_APPID = 1;
const STAGE_VERSION = 2;
const STAGE_APPIDS = 3;
const STAGE_VERSIONS = 4;

// Result slot indices (crates/wasm).
const S_APPID = 0;
const S_VERSION_KIND = 2;
const S_VERSION_NUMBER = 3;
const S_NONCE = 4;
const S_TS_SECONDS = 6;
const S_TS_TEXT = 7;
const S_AGE = 10;
const S_TOKEN_INDEX = 11;
const S_SIGNATURE = 12;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

// ---------------------------------------------------------------------------
// The wasm instance (one per realm, created on first use).

let W = null;
// Instances made so far: a verifier's slot belongs to the instance it was
// built in (W.gen), and is rebuilt from its options in a newer one.
let generation = 0;
// The instance a call is in, set just before the call and cleared just after
// it returns: still set when the call threw (a trap, or a RangeError when the
// caller's stack ran out in the middle of it). That instance's state cannot be
// trusted (a half-done call, wasm-bindgen's borrow flag left set, its stack
// pointer not restored), so the next use gives it up (current()), makes a new
// one, and each verifier rebuilds its slot there from its options. Only
// assignments mark it: no function call, which could itself throw at a
// stack's limit.
let busy = null;
// Instances given up, until boot() has wiped their memory (it may hold a
// token).
const abandoned = [];

/** The instance, null when there is none or the last one was given up. */
function current() {
  if (busy !== null) {
    // busy is only ever the current instance: it is set to W right before a
    // call into it.
    W = null;
    abandoned[abandoned.length] = busy;
    busy = null;
  }
  return W;
}

function boot() {
  if (current() !== null) return W;
  wipe();
  const { instantiate, encodeIntoFirst = false } = loader();
  const exports = instantiate({ './wechat_hostsign_bg.js': glue });
  // The engine lives as long as its instance, so the glue never frees one:
  // its finalizer, run for the Engine object of an instance given up, would
  // otherwise free that pointer in the instance then current.
  glue.__wbg_set_wasm({ ...exports, __wbg_engine_free() {} });
  const engine = new glue.Engine();
  const outPtr = engine.outPtr();
  engine.layout();
  const [REF_OFF, REF_CAP, HS_OFF, HS_CAP, TEXT_OFF, IO_LEN, MAX_REFERER, MAX_HOSTSIGN, SLOTS] =
    new Float64Array(exports.memory.buffer, outPtr, 9);
  const w = {
    gen: generation + 1,
    encodeIntoFirst,
    memory: exports.memory,
    engine,
    io: engine.ioPtr(),
    outPtr,
    slots: SLOTS,
    u8: null,
    out: null,
    refView: null,
    hsView: null,
    ioView: null,
    REF_OFF,
    REF_CAP,
    HS_OFF,
    HS_CAP,
    TEXT_OFF,
    IO_LEN,
    MAX_REFERER,
    MAX_HOSTSIGN,
  };
  views(w);
  generation = w.gen;
  W = w;
  return W;
}

function views(w) {
  // Every view is made before any is stored: an exception here (a stack at
  // its limit) leaves the old, detached ones, which fresh() replaces.
  const buffer = w.memory.buffer;
  const u8 = new Uint8Array(buffer);
  const out = new Float64Array(buffer, w.outPtr, w.slots);
  // The two input regions, as encodeInto targets.
  const refView = u8.subarray(w.io + w.REF_OFF, w.io + w.REF_OFF + w.REF_CAP);
  const hsView = u8.subarray(w.io + w.HS_OFF, w.io + w.HS_OFF + w.HS_CAP);
  // The whole buffer, where option values are staged.
  const ioView = u8.subarray(w.io, w.io + w.IO_LEN);
  w.out = out;
  w.refView = refView;
  w.hsView = hsView;
  w.ioView = ioView;
  w.u8 = u8;
}

/**
 * The instance, its views re-made if the memory grew. Any call into wasm may
 * grow it (an escaped noncestr is decoded into a new string), which detaches
 * every view: call this again after each call whose results are read.
 */
function fresh() {
  const w = boot();
  if (w.u8.byteLength === 0) views(w);
  return w;
}

/** Wipes the memory of the instances given up. */
function wipe() {
  while (abandoned.length > 0) {
    const w = abandoned[abandoned.length - 1];
    new Uint8Array(w.memory.buffer).fill(0);
    // Growing detaches the buffer under the glue's cached views, so that it
    // takes new ones of the next instance's memory.
    w.memory.grow(1);
    abandoned.length--;
  }
}

// ---------------------------------------------------------------------------
// Header values into wasm memory.

let putLen = 0;
let putAscii = false;

/**
 * A header value as frameworks give it: a one-element array is its element
 * (read once, so a getter cannot answer twice differently).
 */
function single(value) {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

/**
 * Writes one header value into `view` (an input region of the I/O buffer).
 * Returns its state; the byte length is left in putLen and whether it was
 * ASCII in putAscii.
 */
function put(view, value, limit) {
  putLen = 0;
  putAscii = false;
  if (typeof value !== 'string') {
    if (value === undefined || value === null) return ABSENT;
    if (!Array.isArray(value)) return NOT_TEXT;
    // (A one-element array was unwrapped by single().)
    return value.length === 0 ? ABSENT : value.length > 1 ? REPEATED : NOT_TEXT;
  }
  // More UTF-16 units than the limit has bytes: too large, without copying.
  const n = value.length;
  if (n > limit) return TOO_LARGE;
  if (!W.encodeIntoFirst) {
    // A plain loop beats encodeInto's call overhead on short strings in some
    // engines (workerd, browsers); non-ASCII text goes to encodeInto.
    let any = 0;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      any |= c;
      view[i] = c;
    }
    if (any < 0x80) {
      putLen = n;
      putAscii = true;
      return VALUE;
    }
  }
  // The view holds limit + 4 bytes: a value that does not fit is too large.
  const r = encoder.encodeInto(value, view);
  if (r.read < value.length) return TOO_LARGE;
  putLen = r.written;
  putAscii = r.written === value.length;
  if (!putAscii && !wellFormed(value)) return NOT_TEXT;
  return VALUE;
}

/** A string of the result: a slice of the ASCII input, else decoded bytes. */
function text(w, off, len, source, sourceOff, ascii, sourceLen) {
  if (ascii && off >= sourceOff && off + len <= sourceOff + sourceLen) {
    return source.substring(off - sourceOff, off - sourceOff + len);
  }
  const start = w.io + off;
  return decoder.decode(w.u8.subarray(start, start + len));
}

function version(out) {
  const kind = out[S_VERSION_KIND];
  return kind === 2 ? { kind: 'release', number: out[S_VERSION_NUMBER] } : KINDS[kind];
}

// ---------------------------------------------------------------------------
// Verifier slots.

const DISPOSED = 'This verifier was disposed; create another with createVerifier() to verify more requests.';

/** Writes one option value into the I/O buffer of `w` and stages it (crates/wasm Engine.stage). */
function stage(w, what, value) {
  if (w.u8.byteLength === 0) views(w); // staging may have grown the memory
  const { written } = encoder.encodeInto(value, w.ioView);
  w.engine.stage(what, written);
}

/**
 * Builds a verifier in the current instance from a spec (buildInner's
 * checked copy of the options): `{ tokens, appids, versions, maxAge,
 * clockSkew, strict }`. Returns the engine's answer (`slot << 8`, or a
 * reason below 256). Anything thrown on the way (only a stack at its limit
 * can) gives the instance up (busy), so that no staged value outlives it.
 */
function build(spec) {
  const w = boot();
  // Staged values left by a call that threw go with its instance (busy).
  busy = w;
  for (const t of spec.tokens) stage(w, STAGE_TOKEN, t);
  if (spec.appids !== undefined) {
    stage(w, STAGE_APPIDS, '');
    for (const a of spec.appids) stage(w, STAGE_APPID, a);
  }
  if (spec.versions !== undefined) {
    stage(w, STAGE_VERSIONS, '');
    for (const v of spec.versions) stage(w, STAGE_VERSION, v);
  }
  const r = w.engine.build(spec.maxAge, spec.clockSkew, spec.strict);
  busy = null;
  return r;
}

/**
 * A verifier's slot in instance `w`: `held` is `{ slot, gen, spec, cache }`
 * (slot -1 once disposed). A slot built in an instance given up since
 * (current()) is rebuilt here from the spec.
 */
function slotIn(held, w) {
  if (held.gen !== w.gen && held.slot >= 0) {
    const r = build(held.spec);
    if (r & 0xff) throw fail(r & 0xff);
    held.slot = r >>> 8;
    held.gen = w.gen;
  }
  return held.slot;
}

/**
 * Checks the JavaScript types of verifier options, stages the values in
 * wasm memory and builds the verifier there, which applies the core's
 * checks (empty or too many tokens, AppID format, version names, empty
 * lists). Returns the verifier's slot and, for createVerifier, its cache
 * (made from the same reads of the options, so that both judge freshness
 * alike), or null.
 */
function newInner(options, withCache) {
  const caller = isObject(options) ? options[CALLER] : undefined;
  if (caller === undefined) return buildInner(options, VERIFIER_OPTIONS, 'createVerifier()', withCache);
  try {
    return buildInner(options, VERIFIER_OPTIONS.concat(caller.options), caller.name, withCache);
  } catch (e) {
    // Every option error names the middleware the user called.
    if (e instanceof HostSignError && !e.message.startsWith('Unknown option')) e.message = `${caller.name}: ${e.message}`;
    throw e;
  }
}

function buildInner(options, names, what, withCache) {
  if (!isObject(options) || Array.isArray(options)) throw fail('OptionsNotObject');
  checkKeys(options, names, what);
  // Every option is read once, here, before anything reaches wasm memory.
  const { token, maxAge, clockSkew, strictAppid, cache, locale } = options;
  const tokens = copy(options.tokens);
  const appids = copy(options.appids);
  const versions = copy(options.versions);
  let list;
  if (token !== undefined && tokens !== undefined) throw fail('OptionsTokenAndTokens');
  if (token !== undefined) list = [token];
  else if (tokens !== undefined) {
    if (!Array.isArray(tokens)) throw fail('OptionsTokenType');
    list = tokens;
  } else throw fail('token' in options ? 'OptionsTokenUndefined' : 'OptionsNoToken');
  if (list.length > MAX_TOKENS) throw fail('OptionsTooManyTokens');
  for (const t of list) {
    if (typeof t !== 'string') throw fail('OptionsTokenType');
    if (!wellFormed(t)) throw fail('OptionsTokenNotUnicode');
    // More UTF-16 units than the byte limit: refused before it is copied
    // into wasm memory. The core checks the bytes.
    if (t.length > MAX_TOKEN_BYTES) throw fail('OptionsTokenTooLong');
  }
  if (maxAge !== undefined && maxAge !== null && !isSeconds(maxAge)) throw fail('OptionsMaxAge');
  if (clockSkew !== undefined && !isSeconds(clockSkew)) throw fail('OptionsClockSkew');
  if (strictAppid !== undefined && typeof strictAppid !== 'boolean') throw fail('OptionsStrictAppid');
  if (appids !== undefined && !(Array.isArray(appids) && appids.every(isText))) throw fail('OptionsAppids');
  if (appids !== undefined && appids.some((a) => a.length > MAX_APPID)) throw fail('OptionsAppidInvalid');
  if (versions !== undefined && !(Array.isArray(versions) && versions.every(isText))) throw fail('OptionsVersions');
  if (versions !== undefined && versions.some((v) => v.length > MAX_VERSION_NAME)) throw fail('OptionsUnknownVersion');
  const size = cacheSize(cache);
  if (size === null) throw new HostSignError(CACHE_MESSAGE);
  if (locale !== undefined && !LOCALES.includes(locale)) throw new HostSignError(LOCALE_MESSAGE);

  // Everything staged fits the I/O buffer (3 bytes per unit at most), so
  // nothing can fail between the first stage() and build().
  // NaN: the core's default.
  const spec = { tokens: list, appids, versions, maxAge: maxAge === undefined ? NaN : maxAge === null ? -1 : maxAge, clockSkew: clockSkew ?? NaN, strict: strictAppid !== false };
  const w = boot();
  const r = build(spec);
  if (r & 0xff) throw fail(r & 0xff);
  const pairs =
    withCache && size > 0
      ? new PairCache(size, maxAge === undefined ? DEFAULT_MAX_AGE : maxAge, clockSkew === undefined ? DEFAULT_CLOCK_SKEW : clockSkew)
      : null;
  return { slot: r >>> 8, gen: w.gen, spec, cache: pairs, zh: locale === 'zh-CN' };
}

/**
 * Gives back a verifier's slot, if it is one of the current instance. A
 * disposed verifier's slot is -1, which the engine ignores (no such slot).
 */
function release(held) {
  const w = current();
  if (w === null || held.gen !== w.gen) return;
  busy = w;
  w.engine.release(held.slot);
  busy = null;
}

/** Runs `fn` with a one-shot verifier built from `options` (and `now` taken out of them), then releases it. */
function oneShot(options, fn, name) {
  let now;
  let rest = options;
  if (isObject(options) && !Array.isArray(options)) {
    ({ now, ...rest } = options);
    if (rest[CALLER] === undefined) rest[CALLER] = { name, options: ['now'] };
  }
  const held = newInner(rest, false);
  try {
    return localized(fn(held, now), held.zh);
  } finally {
    // At the depth where newInner() has just built it (deeper calls than
    // these), so the stack's limit cannot cut this short.
    release(held);
  }
}

// ---------------------------------------------------------------------------
// Verification.

/**
 * Verifies at `now` with a verifier's slot (`held`, see slotIn); with a
 * cache (a verifier's PairCache, else null), a repeated pair is answered
 * from it and a verified one enters it.
 */
function verifyWith(held, headers, now, cache, joinable) {
  const t = seconds(now);
  let rawReferer;
  let rawHostsign;
  if (isObject(headers)) {
    rawReferer = headers.referer;
    rawHostsign = headers.hostsign;
  }
  let referer = single(rawReferer);
  let hostsign = single(rawHostsign);
  if (cache !== null && typeof referer === 'string' && typeof hostsign === 'string') {
    const hit = cache.get(referer, hostsign);
    // A cached pair is these exact strings, so whether they read as a join
    // (headers.js) was decided when it entered.
    if (hit !== undefined && (hit.clean || !joinable)) return cached(cache, hit, t);
  }
  if (joinable) {
    referer = single(unjoined(rawReferer));
    hostsign = single(unjoined(rawHostsign));
  }
  const slot = slotIn(held, boot());
  let w = fresh();
  const rs = put(w.refView, referer, w.MAX_REFERER);
  const rl = putLen;
  const hs = put(w.hsView, hostsign, w.MAX_HOSTSIGN);
  const hl = putLen;
  const ha = putAscii;
  busy = w;
  const result = w.engine.verify(slot, rs, rl, hs, hl, t);
  busy = null;
  if (result !== 0) {
    if (result === NO_VERIFIER) throw new HostSignError(DISPOSED);
    const f = failure(result);
    return f === REPEATED_HOSTSIGN && hostsign === JOINED ? JOINED_HOSTSIGN : f;
  }
  w = fresh();
  const out = w.out;
  // A valid Referer is ASCII, so its byte offsets are string offsets.
  const appid = text(w, out[S_APPID], out[S_APPID + 1], referer, w.REF_OFF, true, rl);
  const noncestr = text(w, out[S_NONCE], out[S_NONCE + 1], hostsign, w.HS_OFF, ha, hl);
  const timestamp = out[S_TS_SECONDS];
  const tokenIndex = out[S_TOKEN_INDEX];
  if (cache !== null) cache.set(referer, hostsign, appid, out[S_VERSION_KIND], out[S_VERSION_NUMBER], noncestr, timestamp, tokenIndex);
  return { ok: true, appid, version: version(out), noncestr, timestamp, age: out[S_AGE], tokenIndex };
}

// ---------------------------------------------------------------------------
// Parsing.

/** Parses a Referer: `{ ok: true, appid, version }` or a failure. */
export function parseReferer(referer, options) {
  let strict = true;
  if (options !== undefined) {
    if (!isObject(options)) throw fail('OptionsNotObject');
    if (options.strictAppid !== undefined) {
      if (typeof options.strictAppid !== 'boolean') throw fail('OptionsStrictAppid');
      strict = options.strictAppid;
    }
  }
  referer = single(referer);
  let w = fresh();
  const state = put(w.refView, referer, w.MAX_REFERER);
  const len = putLen;
  busy = w;
  const result = w.engine.parseReferer(state, len, strict);
  busy = null;
  if (result !== 0) return failure(result);
  w = fresh();
  const out = w.out;
  return {
    ok: true,
    appid: text(w, out[S_APPID], out[S_APPID + 1], referer, w.REF_OFF, true, len),
    version: version(out),
  };
}

/**
 * Parses an X-WECHAT-HOSTSIGN value: `{ ok: true, noncestr, timestamp,
 * timestampText, signature }` (signature in lowercase hex, timestampText the
 * digits as signed) or a failure.
 */
export function parseHostSign(hostsign) {
  hostsign = single(hostsign);
  let w = fresh();
  const state = put(w.hsView, hostsign, w.MAX_HOSTSIGN);
  const len = putLen;
  const ascii = putAscii;
  busy = w;
  const result = w.engine.parseHostSign(state, len);
  busy = null;
  if (result !== 0) return failure(result);
  w = fresh();
  const out = w.out;
  return {
    ok: true,
    noncestr: text(w, out[S_NONCE], out[S_NONCE + 1], hostsign, w.HS_OFF, ascii, len),
    timestamp: out[S_TS_SECONDS],
    timestampText: text(w, out[S_TS_TEXT], out[S_TS_TEXT + 1], hostsign, w.HS_OFF, ascii, len),
    signature: text(w, out[S_SIGNATURE], out[S_SIGNATURE + 1], '', -1, false, 0),
  };
}

// ---------------------------------------------------------------------------
// Signing.

/**
 * `sha1([appid, noncestr, timestamp, token].sort().join(''))` in lowercase
 * hex. `timestamp` may be a string or a non-negative integer.
 */
export function signature(appid, noncestr, timestamp, token) {
  if (typeof timestamp === 'number' && Number.isSafeInteger(timestamp) && timestamp >= 0) {
    timestamp = String(timestamp);
  }
  if (!(isText(appid) && isText(noncestr) && isText(timestamp) && isText(token))) {
    throw fail('ArgumentNotString');
  }
  const w = boot();
  busy = w;
  w.engine.signatureHex(appid, noncestr, timestamp, token);
  busy = null;
  // Copying the strings in may have grown the memory.
  const at = fresh().io + w.TEXT_OFF;
  return decoder.decode(w.u8.subarray(at, at + 40));
}

function randomNonce() {
  const bytes = new Uint8Array(16);
  loader().getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += (b < 16 ? '0' : '') + b.toString(16);
  return s;
}

/**
 * Makes a valid header pair, as WeChat would send it:
 * `{ referer, hostsign, headers, signature }`.
 */
export function sign(options) {
  if (!isObject(options) || Array.isArray(options)) throw fail('OptionsNotObject');
  checkKeys(options, SIGN_OPTIONS, 'sign()');
  const { appid, token, noncestr = randomNonce(), timestamp, version = 0, strictAppid = true } = options;
  if (!isText(appid) || appid.length > MAX_APPID) throw fail('SignAppid');
  if (typeof token !== 'string') throw fail('OptionsTokenType');
  if (!wellFormed(token)) throw fail('OptionsTokenNotUnicode');
  if (token.length > MAX_TOKEN_BYTES) throw fail('OptionsTokenTooLong');
  if (!isText(noncestr) || noncestr.length > MAX_NONCESTR_BYTES) throw fail('SignNoncestr');
  if (typeof strictAppid !== 'boolean') throw fail('OptionsStrictAppid');
  let tsNumber = 0;
  let tsDigits;
  if (timestamp === undefined) tsNumber = Math.floor(Date.now() / 1000);
  else if (typeof timestamp === 'number') tsNumber = timestamp;
  else if (typeof timestamp === 'string' && timestamp.length <= 12) tsDigits = timestamp;
  else throw fail('SignTimestamp');
  let v;
  if (version === 'develop') v = 0;
  else if (version === 'devtools') v = -1;
  else if (typeof version === 'number') v = version;
  else if (typeof version === 'string' && /^(0|[1-9][0-9]{0,9})$/.test(version)) v = Number(version);
  else throw fail('SignVersion');
  // -1 is the wasm's devtools; as a number it is no version at all.
  if (!((v === -1 && version === 'devtools') || (Number.isInteger(v) && v >= 0))) throw fail('SignVersion');
  const w = boot();
  busy = w;
  const refused = w.engine.sign(appid, token, noncestr, tsNumber, tsDigits, v, strictAppid);
  busy = null;
  if (refused !== 0) throw fail(refused);
  fresh();
  const out = decoder.decode(w.u8.subarray(w.io, w.io + w.out[0]));
  const [referer, hostsign, sig] = out.split('\n');
  return {
    referer,
    hostsign,
    signature: sig,
    headers: { referer, 'x-wechat-hostsign': hostsign },
  };
}
export { verifyWith, newInner, release, oneShot };
