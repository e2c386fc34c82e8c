// Options and arguments: the names each function takes, the limits applied
// before a value is copied into wasm memory, the checks of JavaScript types,
// and the text of an unknown option's error.

import { HostSignError, fail } from './results.js';

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

const VERIFIER_OPTIONS = ['token', 'tokens', 'maxAge', 'clockSkew', 'appids', 'versions', 'strictAppid', 'cache', 'locale'];
const SIGN_OPTIONS = ['appid', 'token', 'noncestr', 'timestamp', 'version', 'strictAppid'];
// The core's defaults (src/verifier.rs), for the cache's freshness check.
const DEFAULT_MAX_AGE = 660;
const DEFAULT_CLOCK_SKEW = 60;
// `locale`: English (the default) or Chinese (results.js localized()).
const LOCALES = ['en', 'zh-CN'];
const LOCALE_MESSAGE = "locale must be 'en' (the default) or 'zh-CN'.";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed =
  typeof String.prototype.isWellFormed === 'function'
    ? (s) => s.isWellFormed()
    : (s) => !LONE_SURROGATE.test(s);

function isObject(v) {
  return typeof v === 'object' && v !== null;
}

function isText(v) {
  return typeof v === 'string' && wellFormed(v);
}

/** A whole number of seconds (0 to 2^53), as maxAge and clockSkew take. */
function isSeconds(n) {
  return Number.isInteger(n) && n >= 0 && n <= 2 ** 53;
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

export {
  MAX_TOKENS,
  MAX_TOKEN_BYTES,
  MAX_NONCESTR_BYTES,
  MAX_APPID,
  MAX_VERSION_NAME,
  VERIFIER_OPTIONS,
  SIGN_OPTIONS,
  DEFAULT_MAX_AGE,
  DEFAULT_CLOCK_SKEW,
  LOCALES,
  LOCALE_MESSAGE,
  wellFormed,
  isObject,
  isText,
  isSeconds,
  copy,
  checkKeys,
  CALLER,
  seconds,
};
