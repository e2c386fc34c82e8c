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
import { ZH_REASONS, ZH_JOINED_HOSTSIGN } from './reasons-zh.js';
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
const VERIFIER_OPTIONS = ['token', 'tokens', 'maxAge', 'clockSkew', 'appids', 'versions', 'strictAppid', 'cache', 'locale'];
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
// `locale: 'zh-CN'`: each failure's Chinese twin, the same code (reasons-zh.js).
const LOCALES = ['en', 'zh-CN'];
const LOCALE_MESSAGE = "locale must be 'en' (the default) or 'zh-CN'.";
const ZH_FAILURES = new Map(
  REASONS.map(([name, code, message], i) => [FAILURES[i], Object.freeze({ ok: false, code, message: ZH_REASONS[name] ?? message })]),
);
ZH_FAILURES.set(JOINED_HOSTSIGN, Object.freeze({ ok: false, code: JOINED_HOSTSIGN.code, message: ZH_JOINED_HOSTSIGN }));
/** A result in the verifier's language: a failure's Chinese twin when `zh`. */
function localized(result, zh) {
  return zh && !result.ok ? (ZH_FAILURES.get(result) ?? result) : result;
}

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
    if (W === busy) W = null;
    abandoned[abandoned.length] = busy;
    busy = null;
  }
  return W;
}

function boot() {
  if (current() !== null) return W;
  if (abandoned.length > 0) wipe();
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
  // + 0: `now` -0 is 0 (a cached result's age would be -0).
  return Math.floor(t) + 0;
}

// ---------------------------------------------------------------------------
// Verification.

function isObject(v) {
  return typeof v === 'object' && v !== null;
}

/**
 * Verifies at `now` with a verifier's slot (`held`, see slotIn); with a
 * cache (a verifier's PairCache, else null), a repeated pair is answered
 * from it and a verified one enters it.
 */
function verifyWith(held, headers, now, cache) {
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
// plain object of headers. Each header is a string, an array when repeated,
// or undefined. Every container is read once (a getter cannot answer a check
// and the lookup differently).

/** Both headers of a plain object, names in any case, in one pass. */
function fromObject(obj) {
  let referer;
  let hostsign;
  let r = 0;
  let h = 0;
  for (const k of Object.keys(obj)) {
    if (k.length === 7 && k.toLowerCase() === 'referer') {
      r++;
      referer = obj[k];
    } else if (k.length === 17 && k.toLowerCase() === 'x-wechat-hostsign') {
      h++;
      hostsign = obj[k];
    }
  }
  // The same header under two spellings is a repeated header.
  return { referer: r > 1 ? [referer, referer] : referer, hostsign: h > 1 ? [hostsign, hostsign] : hostsign };
}

/** Both headers through a get(name) (Fetch Headers, or anything like it), which may join a repeated one (headers.js). */
function fromGet(target, get) {
  return { referer: unjoined(get.call(target, 'referer') ?? undefined), hostsign: unjoined(get.call(target, 'x-wechat-hostsign') ?? undefined) };
}

/** Node's raw header lines of `v`, if it has them, else null. */
function rawOf(v) {
  if (!isObject(v)) return null;
  const raw = v.rawHeaders;
  return Array.isArray(raw) ? raw : null;
}

/**
 * The Referer and X-WECHAT-HOSTSIGN of a request-like value, from the
 * runtime's request inside a framework's wrapper: Koa's ctx and ctx.request
 * (.req), Fastify's request (.raw), Hono's c.req (.raw) and c (.req.raw),
 * SvelteKit's and Astro's event (.request). Reading the wrapper's own header
 * helpers instead would lose repeated headers (Node's req.headers keeps one
 * Referer) or absence (Koa's ctx.get gives '').
 */
function requestHeaders(request) {
  if (!isObject(request)) return { referer: undefined, hostsign: undefined };
  let source = request;
  for (let depth = 0; ; depth++) {
    const raw = source.rawHeaders;
    if (Array.isArray(raw)) return fromRawPair(raw);
    // Hono's c on @hono/node-server: the IncomingMessage, which keeps
    // repeated headers that c.req.raw (a Fetch Request) joins.
    const env = source.env;
    const incoming = rawOf(isObject(env) ? env.incoming : undefined);
    if (incoming !== null) return fromRawPair(incoming);
    // An h3 event (Nitro, Nuxt) on Node: its IncomingMessage, whose raw
    // header lines keep the repeated Referer that event.headers (built from
    // Node's req.headers) has dropped.
    const node = source.node;
    const nodeReq = rawOf(isObject(node) ? node.req : undefined);
    if (nodeReq !== null) return fromRawPair(nodeReq);
    const h = source.headers;
    if (isObject(h)) {
      const get = h.get;
      if (typeof get === 'function') return fromGet(h, get);
    }
    let inner = null;
    if (depth < 4) {
      inner = source.raw;
      if (!isObject(inner)) inner = source.req;
      if (!isObject(inner)) inner = source.request;
      if (!isObject(inner)) inner = null;
    }
    if (inner === null) return fromPlain(source, h);
    source = inner;
  }
}

/** The headers of a value with neither raw lines nor Fetch Headers. */
function fromPlain(source, h) {
  const get = source.get;
  if (typeof get === 'function') return fromGet(source, get);
  // An API gateway's event (Tencent SCF, AWS): multiValueHeaders keeps a
  // repeated header that headers shows once.
  const mv = source.multiValueHeaders;
  const multi = isObject(mv) ? fromObject(mv) : { referer: undefined, hostsign: undefined };
  const plain = fromObject(isObject(h) ? h : source);
  return {
    referer: unjoined(multi.referer !== undefined ? multi.referer : plain.referer),
    hostsign: unjoined(multi.hostsign !== undefined ? multi.hostsign : plain.hostsign),
  };
}

/** Both headers from Node's rawHeaders in one pass (names in any case; a repeated one as an array). */
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

const DISPOSED = 'This verifier was disposed; create another with createVerifier() to verify more requests.';

/** A whole number of seconds (0 to 2^53), as maxAge and clockSkew take. */
function isSeconds(n) {
  return Number.isInteger(n) && n >= 0 && n <= 2 ** 53;
}

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
  if (unreleased !== null) {
    const u = unreleased;
    unreleased = null;
    release(u);
  }
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
 * A copy of an option's list, each element read once (a getter or a Proxy
 * cannot answer the checks and the staging differently), or the value
 * itself when it is not an array.
 */
function copy(list) {
  if (!Array.isArray(list)) return list;
  const n = list.length;
  const out = [];
  for (let i = 0; i < n; i++) out.push(list[i]);
  return out;
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

// A one-shot verifier whose release was cut short (a stack at its limit):
// released by the next build().
let unreleased = null;

/** Gives back a verifier's slot, if it is one of the current instance. */
function release(held) {
  const w = current();
  if (w === null || held.gen !== w.gen || held.slot < 0) return;
  busy = w;
  w.engine.release(held.slot);
  busy = null;
}

// A verifier nobody disposed releases its slot when it is collected.
const collected = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry(release) : null;

/**
 * A configured verifier. Create one and reuse it; verifiers with the same
 * options share their state in wasm memory, so making one per request
 * (disposed or not) costs little and holds no more memory.
 */
class Verifier {
  // Its slot in wasm memory, the instance it is in, the checked options that
  // rebuild it in another, and its cache: `{ slot, gen, spec, cache }`.
  #held;

  constructor(held) {
    this.#held = held;
    collected?.register(this, held, this);
  }

  /** Verifies `{ referer, hostsign }` header values at `now` (default: the clock). */
  verify(headers, now) {
    const held = this.#held;
    return localized(verifyWith(held, headers, now, held.cache), held.zh);
  }

  /** Verifies a Fetch Request or Headers, a Node IncomingMessage, or a plain header object. */
  verifyRequest(request, now) {
    const held = this.#held;
    return localized(verifyWith(held, requestHeaders(request), now, held.cache), held.zh);
  }

  /**
   * Releases the verifier now instead of when it is collected (its tokens
   * are then wiped from wasm memory, unless another verifier has the same
   * options). Calling it again does nothing; verifying afterwards throws
   * HostSignError.
   */
  dispose() {
    const held = this.#held;
    if (held.slot < 0) return;
    // Released first: if that throws (a stack at its limit), nothing has
    // changed, and the finalizer still holds the slot.
    release(held);
    held.slot = -1;
    held.spec = null;
    const cache = held.cache;
    held.cache = null;
    collected?.unregister(this);
    if (cache !== null) cache.clear();
  }
}

/** Builds a verifier; throws HostSignError (INVALID_OPTIONS) for bad options. */
export function createVerifier(options) {
  return new Verifier(newInner(options, true));
}

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
    unreleased = held;
    release(held);
    unreleased = null;
  }
}

/** One-shot verify: `verify({ referer, hostsign }, { token, now, ...options })`. */
export function verify(headers, options) {
  return oneShot(options, (held, now) => verifyWith(held, headers, now, null), 'verify()');
}

/** One-shot verifyRequest: `verifyRequest(request, { token, now, ...options })`. */
export function verifyRequest(request, options) {
  return oneShot(options, (held, now) => verifyWith(held, requestHeaders(request), now, null), 'verifyRequest()');
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
