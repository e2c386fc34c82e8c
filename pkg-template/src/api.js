// The runtime-independent API over the WebAssembly core.
//
// Each runtime's entry (node.js, default.js, workerd.js, edge-light.js) only
// says how to get the compiled wasm module; everything else lives here. The
// wasm is instantiated synchronously on first use, so there is no init() and
// no top-level await.
//
// Hot path: the two header strings are written into one reused buffer inside
// wasm memory, Engine.verify reads them there, and the result comes back as a
// few numbers in a Float64Array; strings in a successful result are slices of
// the inputs. Failures are shared frozen objects, one per reason.

import * as glue from './wechat_hostsign_bg.js';
import REASONS from './reasons.js';
import { loader } from './state.js';
import { CACHE_MESSAGE, PairCache, cacheSize } from './cache.js';
import { JOINED, JOINED_HOSTSIGN, unjoined } from './headers.js';

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

// Limits the core enforces (src/verifier.rs, src/hostsign.rs, src/referer.rs),
// applied here too to values longer in UTF-16 units than the limit in bytes,
// so that an oversize argument is refused before it is copied into wasm
// memory. Every value within them still gets the core's exact check.
const MAX_TOKENS = 16;
const MAX_TOKEN_BYTES = 1024;
const MAX_NONCESTR_BYTES = 128;
const MAX_APPID = 64;
// Longer than any version kind's name (develop, devtools, release).
const MAX_VERSION_NAME = 16;

const KINDS = [Object.freeze({ kind: 'develop' }), Object.freeze({ kind: 'devtools' })];
const VERIFIER_OPTIONS = ['token', 'tokens', 'maxAge', 'clockSkew', 'appids', 'versions', 'strictAppid', 'cache'];
const SIGN_OPTIONS = ['appid', 'token', 'noncestr', 'timestamp', 'version', 'strictAppid'];

// One frozen failure result per reason, indexed by the wasm's reason number - 1.
const FAILURES = REASONS.map(([, code, message]) => Object.freeze({ ok: false, code, message }));
const BY_NAME = Object.create(null);
REASONS.forEach(([name], i) => {
  BY_NAME[name] = FAILURES[i];
});
const EXPIRED = BY_NAME.Expired;
const NOT_YET_VALID = BY_NAME.NotYetValid;
// The core's defaults (src/verifier.rs), for the cache's freshness check.
const DEFAULT_MAX_AGE = 660;
const DEFAULT_CLOCK_SKEW = 60;
const REPEATED_HOSTSIGN = BY_NAME.HostsignRepeated;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed =
  typeof String.prototype.isWellFormed === 'function'
    ? (s) => s.isWellFormed()
    : (s) => !LONE_SURROGATE.test(s);

// The only error this package throws: a configuration or argument problem.
// One class per realm, registered under a global symbol: `import` and
// `require()` load two copies of the package in Node (node.js and
// node.cjs), and an error thrown by either must be `instanceof` both.
const ERROR_CLASS = Symbol.for('wechat-hostsign.HostSignError.v1');
/** @type {typeof Error & (new (message: string) => Error & { code: 'INVALID_OPTIONS' })} */
export const HostSignError =
  globalThis[ERROR_CLASS] ??
  (() => {
    class HostSignError extends Error {
      constructor(message) {
        super(message);
        this.name = 'HostSignError';
        /** @type {'INVALID_OPTIONS'} */
        this.code = 'INVALID_OPTIONS';
      }
    }
    // Its name, whatever a bundler or minifier renames the binding to (esbuild
    // makes it HostSignError2 beside the exported const): logs print the
    // constructor's name.
    Object.defineProperty(HostSignError, 'name', { value: 'HostSignError' });
    Object.defineProperty(globalThis, ERROR_CLASS, { value: HostSignError });
    return HostSignError;
  })();

/** Every outcome code, in the order of the contract. */
export const CODES = Object.freeze([
  'MISSING_REFERER',
  'MISSING_HOSTSIGN',
  'MALFORMED_REFERER',
  'UNSIGNED',
  'MALFORMED_HOSTSIGN',
  'APPID_NOT_ALLOWED',
  'VERSION_NOT_ALLOWED',
  'BAD_SIGNATURE',
  'EXPIRED',
  'NOT_YET_VALID',
  'INVALID_OPTIONS',
]);

// ---------------------------------------------------------------------------
// The wasm instance (one per realm, created on first use).

let W = null;

function boot() {
  if (W !== null) return W;
  const { instantiate, encodeIntoFirst = false } = loader();
  const exports = instantiate({ './wechat_hostsign_bg.js': glue });
  glue.__wbg_set_wasm(exports);
  const engine = new glue.Engine();
  const outPtr = engine.outPtr();
  engine.layout();
  const [REF_OFF, REF_CAP, HS_OFF, HS_CAP, TEXT_OFF, IO_LEN, MAX_REFERER, MAX_HOSTSIGN, SLOTS] =
    new Float64Array(exports.memory.buffer, outPtr, 9);
  W = {
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
  views();
  return W;
}

function views() {
  const buffer = W.memory.buffer;
  W.u8 = new Uint8Array(buffer);
  W.out = new Float64Array(buffer, W.outPtr, W.slots);
  // The two input regions, as encodeInto targets.
  W.refView = W.u8.subarray(W.io + W.REF_OFF, W.io + W.REF_OFF + W.REF_CAP);
  W.hsView = W.u8.subarray(W.io + W.HS_OFF, W.io + W.HS_OFF + W.HS_CAP);
  // The whole buffer, where option values are staged.
  W.ioView = W.u8.subarray(W.io, W.io + W.IO_LEN);
}

/** Memory grows only on rare paths (new verifiers, sign); re-view if it did. */
function fresh() {
  const w = boot();
  if (w.u8.byteLength === 0) views();
  return w;
}

/** The HostSignError for a reason, by name or by the wasm's number. */
function fail(reason) {
  return new HostSignError((typeof reason === 'number' ? FAILURES[reason - 1] : BY_NAME[reason]).message);
}

function failure(result) {
  return FAILURES[result - 1];
}

/** Refuses option names that do not exist (a misspelt allowlist would fail open). */
function checkKeys(options, names, what) {
  for (const k of Object.keys(options)) {
    if (!names.includes(k)) throw new HostSignError(unknownOption(k, names, what, options));
  }
}

/**
 * The text for an unknown option: the function, every option it takes, and
 * the one most likely meant (`onerror` → `onError`, `max_age` → `maxAge`).
 */
function unknownOption(key, names, what, options) {
  const shown = shownName(key, options);
  const tail = `; ${what} takes ${names.slice(0, -1).join(', ')} and ${names.at(-1)}.`;
  if (shown === null) return `An option name is not recognised (not shown: it is not a plain identifier, or it matches a token)${tail}`;
  const squash = (s) => s.toLowerCase().replace(/[-_]/g, '');
  const near = names.find((n) => squash(n) === squash(key)) ?? names.find((n) => n.length > 3 && editDistance(n, key) <= 2);
  const hint = near === undefined ? '' : ` (did you mean '${near}'?)`;
  return `Unknown option '${shown}'${hint}${tail}`;
}

const OPTION_NAME = /^[A-Za-z_$][\w$]{0,39}$/;

/**
 * An unknown option's name as an error message may show it: only when it
 * looks like an identifier (a misspelt option does), and never when it
 * contains, or is contained in, a configured token (`{ [token]: true }`).
 */
function shownName(name, options) {
  if (!OPTION_NAME.test(name)) return null;
  const tokens = Array.isArray(options.tokens) ? [options.token, ...options.tokens] : [options.token];
  for (const t of tokens) {
    if (typeof t === 'string' && t !== '' && (t.includes(name) || name.includes(t))) return null;
  }
  return name;
}

/** Levenshtein distance, for option names (short strings; capped at 64 units). */
function editDistance(a, b) {
  a = a.slice(0, 64);
  b = b.slice(0, 64);
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

// A middleware made by this package passes, under this key of its options,
// its own name and extra options (`{ name: 'hostsign() of wechat-hostsign/koa',
// options: ['onError'] }`), so that an option error names the function the
// user called and every option it takes.
const CALLER = Symbol.for('wechat-hostsign.caller');

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
// Time.

/** `now` as whole seconds; throws INVALID_OPTIONS when it is not a time. */
function seconds(now) {
  let t;
  if (now === undefined) return Math.floor(Date.now() / 1000);
  if (typeof now === 'number') t = now;
  else if (now instanceof Date) t = now.getTime() / 1000;
  else throw fail('OptionsNow');
  // Beyond 1e11 s (year 5138) it is surely milliseconds.
  if (!(t >= 0 && t < 1e11)) throw fail('OptionsNow');
  return Math.floor(t);
}

// ---------------------------------------------------------------------------
// Verification.

function isObject(v) {
  return typeof v === 'object' && v !== null;
}

/**
 * Verifies at `now`; with a cache (a verifier's PairCache, else null), a
 * repeated pair is answered from it and a verified one enters it.
 */
function verifyWith(slot, headers, now, cache) {
  const t = seconds(now);
  let referer;
  let hostsign;
  if (isObject(headers)) {
    referer = single(headers.referer);
    hostsign = single(headers.hostsign);
  }
  if (cache !== null && typeof referer === 'string' && typeof hostsign === 'string') {
    const hit = cache.get(referer, hostsign);
    if (hit !== undefined) return cached(cache, hit, t);
  }
  const w = fresh();
  const rs = put(w.refView, referer, w.MAX_REFERER);
  const rl = putLen;
  const hs = put(w.hsView, hostsign, w.MAX_HOSTSIGN);
  const hl = putLen;
  const ha = putAscii;
  const result = w.engine.verify(slot, rs, rl, hs, hl, t);
  if (result !== 0) {
    if (result === NO_VERIFIER) throw new HostSignError(DISPOSED);
    const f = failure(result);
    return f === REPEATED_HOSTSIGN && hostsign === JOINED ? JOINED_HOSTSIGN : f;
  }
  const out = w.out;
  // A valid Referer is ASCII, so its byte offsets are string offsets.
  const appid = text(w, out[S_APPID], out[S_APPID + 1], referer, w.REF_OFF, true, rl);
  const noncestr = text(w, out[S_NONCE], out[S_NONCE + 1], hostsign, w.HS_OFF, ha, hl);
  const timestamp = out[S_TS_SECONDS];
  const tokenIndex = out[S_TOKEN_INDEX];
  if (cache !== null) cache.set(referer, hostsign, appid, out[S_VERSION_KIND], out[S_VERSION_NUMBER], noncestr, timestamp, tokenIndex);
  return { ok: true, appid, version: version(out), noncestr, timestamp, age: out[S_AGE], tokenIndex };
}

/** A cached pair's result at `t`: freshness decided as the core does (src/verifier.rs). */
function cached(cache, e, t) {
  const age = t - e.timestamp;
  if (cache.maxAge !== null && age > cache.maxAge) {
    cache.delete(e);
    return EXPIRED;
  }
  if (-age > cache.clockSkew) return NOT_YET_VALID;
  return {
    ok: true,
    appid: e.appid,
    version: e.kind === 2 ? { kind: 'release', number: e.number } : KINDS[e.kind],
    noncestr: e.noncestr,
    timestamp: e.timestamp,
    age,
    tokenIndex: e.tokenIndex,
  };
}

// Header lookup for verifyRequest: Fetch Request/Headers, Node
// IncomingMessage (rawHeaders, which keeps duplicates Node would drop), or a
// plain object of headers. Returns a string, an array when repeated, or
// undefined.
function fromRaw(raw, name) {
  let found;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i];
    if (typeof k === 'string' && k.length === name.length && k.toLowerCase() === name) {
      found = found === undefined ? raw[i + 1] : [].concat(found, raw[i + 1]);
    }
  }
  return found;
}

function fromObject(obj, name) {
  let found;
  let count = 0;
  for (const k of Object.keys(obj)) {
    if (k.length === name.length && k.toLowerCase() === name) {
      count++;
      found = obj[k];
    }
  }
  // The same header under two spellings is a repeated header.
  return count > 1 ? [found, found] : found;
}

/**
 * The runtime's request inside a framework's wrapper: Koa's ctx and
 * ctx.request (.req), Fastify's request (.raw), Hono's c.req (.raw) and c
 * (.req.raw), SvelteKit's and Astro's event (.request). Reading the wrapper's
 * own header helpers instead would lose repeated headers (Node's
 * req.headers keeps one Referer) or absence (Koa's ctx.get gives '').
 */
function unwrap(source) {
  for (let depth = 0; depth < 4; depth++) {
    if (Array.isArray(source.rawHeaders)) return source;
    // Hono's c on @hono/node-server: the IncomingMessage, which keeps
    // repeated headers that c.req.raw (a Fetch Request) joins.
    const incoming = isObject(source.env) ? source.env.incoming : undefined;
    if (isObject(incoming) && Array.isArray(incoming.rawHeaders)) return incoming;
    if (isObject(source.headers) && typeof source.headers.get === 'function') return source;
    const inner = isObject(source.raw) ? source.raw : isObject(source.req) ? source.req : isObject(source.request) ? source.request : null;
    if (inner === null) return source;
    source = inner;
  }
  return source;
}

/** One header of an unwrapped request-like value (requestHeaders unwraps it once). */
function header(source, name) {
  if (Array.isArray(source.rawHeaders)) return fromRaw(source.rawHeaders, name);
  // Every other source may hold repeated values joined with ", " (headers.js).
  const h = source.headers;
  if (isObject(h) && typeof h.get === 'function') return unjoined(h.get(name) ?? undefined);
  if (typeof source.get === 'function') return unjoined(source.get(name) ?? undefined);
  // An API gateway's event (Tencent SCF, AWS): multiValueHeaders keeps a
  // repeated header that headers shows once.
  const multi = isObject(source.multiValueHeaders) ? fromObject(source.multiValueHeaders, name) : undefined;
  if (multi !== undefined) return unjoined(multi);
  if (isObject(h)) return unjoined(fromObject(h, name));
  return unjoined(fromObject(source, name));
}

/** The Referer and X-WECHAT-HOSTSIGN of a request-like value. */
function requestHeaders(request) {
  if (!isObject(request)) return { referer: undefined, hostsign: undefined };
  const source = unwrap(request);
  const raw = source.rawHeaders;
  if (Array.isArray(raw)) return fromRawPair(raw);
  const h = source.headers;
  if (isObject(h) && typeof h.get === 'function') {
    // Fetch joins a repeated header with ", " (headers.js).
    return { referer: unjoined(h.get('referer') ?? undefined), hostsign: unjoined(h.get('x-wechat-hostsign') ?? undefined) };
  }
  return { referer: header(source, 'referer'), hostsign: header(source, 'x-wechat-hostsign') };
}

/** Both headers from Node's rawHeaders in one pass (fromRaw's rules). */
function fromRawPair(raw) {
  let referer;
  let hostsign;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i];
    if (typeof k !== 'string') continue;
    if (k.length === 7) {
      if (k === 'Referer' || k.toLowerCase() === 'referer') referer = referer === undefined ? raw[i + 1] : [].concat(referer, raw[i + 1]);
    } else if (k.length === 17 && (k === 'X-WECHAT-HOSTSIGN' || k.toLowerCase() === 'x-wechat-hostsign')) {
      hostsign = hostsign === undefined ? raw[i + 1] : [].concat(hostsign, raw[i + 1]);
    }
  }
  return { referer, hostsign };
}

const SLOT = Symbol('wechat-hostsign.slot');
const CACHE = Symbol('wechat-hostsign.cache');

const DISPOSED = 'This verifier was disposed; create another with createVerifier() to verify more requests.';

/** A whole number of seconds (0 to 2^53), as maxAge and clockSkew take. */
function isSeconds(n) {
  return Number.isInteger(n) && n >= 0 && n <= 2 ** 53;
}

/** Writes one option value into the I/O buffer and stages it (crates/wasm Engine.stage). */
function stage(what, value = '') {
  const w = fresh(); // staging may have grown the memory
  const { written } = encoder.encodeInto(value, w.ioView);
  w.engine.stage(what, written);
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
  const { token, tokens, maxAge, clockSkew, appids, versions, strictAppid, cache } = options;
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

  // Everything staged fits the I/O buffer (3 bytes per unit at most), so
  // nothing can fail between the first stage() and build().
  boot();
  for (const t of list) stage(STAGE_TOKEN, t);
  if (appids !== undefined) {
    stage(STAGE_APPIDS);
    for (const a of appids) stage(STAGE_APPID, a);
  }
  if (versions !== undefined) {
    stage(STAGE_VERSIONS);
    for (const v of versions) stage(STAGE_VERSION, v);
  }
  // NaN: the core's default.
  const r = W.engine.build(maxAge === undefined ? NaN : maxAge === null ? -1 : maxAge, clockSkew ?? NaN, strictAppid !== false);
  if (r & 0xff) throw fail(r & 0xff);
  const pairs =
    withCache && size > 0
      ? new PairCache(size, maxAge === undefined ? DEFAULT_MAX_AGE : maxAge, clockSkew === undefined ? DEFAULT_CLOCK_SKEW : clockSkew)
      : null;
  return { slot: r >>> 8, cache: pairs };
}

function release(slot) {
  W.engine.release(slot);
}

// A verifier nobody disposed releases its slot when it is collected.
const collected = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry(release) : null;

/**
 * A configured verifier. Create one and reuse it; verifiers with the same
 * options share their state in wasm memory, so making one per request
 * (disposed or not) costs little and holds no more memory.
 */
class Verifier {
  constructor(slot, cache) {
    Object.defineProperty(this, SLOT, { value: slot, writable: true });
    Object.defineProperty(this, CACHE, { value: cache, writable: true });
    collected?.register(this, slot, this);
  }

  /** Verifies `{ referer, hostsign }` header values at `now` (default: the clock). */
  verify(headers, now) {
    return verifyWith(this[SLOT], headers, now, this[CACHE]);
  }

  /** Verifies a Fetch Request or Headers, a Node IncomingMessage, or a plain header object. */
  verifyRequest(request, now) {
    return verifyWith(this[SLOT], requestHeaders(request), now, this[CACHE]);
  }

  /**
   * Releases the verifier now instead of when it is collected (its tokens
   * are then wiped from wasm memory, unless another verifier has the same
   * options). Calling it again does nothing; verifying afterwards throws
   * HostSignError.
   */
  dispose() {
    const slot = this[SLOT];
    if (slot < 0) return;
    this[SLOT] = -1;
    if (this[CACHE] !== null) this[CACHE].clear();
    this[CACHE] = null;
    collected?.unregister(this);
    release(slot);
  }
}

/** Builds a verifier; throws HostSignError (INVALID_OPTIONS) for bad options. */
export function createVerifier(options) {
  const { slot, cache } = newInner(options, true);
  return new Verifier(slot, cache);
}

function oneShot(options, fn, name) {
  let now;
  let rest = options;
  if (isObject(options) && !Array.isArray(options)) {
    ({ now, ...rest } = options);
    if (rest[CALLER] === undefined) rest[CALLER] = { name, options: ['now'] };
  }
  const { slot } = newInner(rest, false);
  try {
    return fn(slot, now);
  } finally {
    release(slot);
  }
}

/** One-shot verify: `verify({ referer, hostsign }, { token, now, ...options })`. */
export function verify(headers, options) {
  return oneShot(options, (slot, now) => verifyWith(slot, headers, now, null), 'verify()');
}

/** One-shot verifyRequest: `verifyRequest(request, { token, now, ...options })`. */
export function verifyRequest(request, options) {
  return oneShot(options, (slot, now) => verifyWith(slot, requestHeaders(request), now, null), 'verifyRequest()');
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
  const w = fresh();
  const state = put(w.refView, referer, w.MAX_REFERER);
  const len = putLen;
  const result = w.engine.parseReferer(state, len, strict);
  if (result !== 0) return failure(result);
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
  const w = fresh();
  const state = put(w.hsView, hostsign, w.MAX_HOSTSIGN);
  const len = putLen;
  const ascii = putAscii;
  const result = w.engine.parseHostSign(state, len);
  if (result !== 0) return failure(result);
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

function isText(v) {
  return typeof v === 'string' && wellFormed(v);
}

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
  w.engine.signatureHex(appid, noncestr, timestamp, token);
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
  const refused = w.engine.sign(appid, token, noncestr, tsNumber, tsDigits, v, strictAppid);
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
