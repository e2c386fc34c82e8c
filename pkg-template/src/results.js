// Results and errors: the outcome codes, one frozen failure per reason (and
// its Chinese twin for `locale: 'zh-CN'`), the one error class this package
// throws, and a verified result answered from a verifier's cache.

import REASONS from './reasons.js';
import { ZH_REASONS, ZH_JOINED_HOSTSIGN } from './reasons-zh.js';
import { JOINED_HOSTSIGN } from './headers.js';

const KINDS = [Object.freeze({ kind: 'develop' }), Object.freeze({ kind: 'devtools' })];

// One frozen failure result per reason, indexed by the wasm's reason number - 1.
const FAILURES = REASONS.map(([, code, message]) => Object.freeze({ ok: false, code, message }));
const BY_NAME = Object.create(null);
REASONS.forEach(([name], i) => {
  BY_NAME[name] = FAILURES[i];
});
const EXPIRED = BY_NAME.Expired;
const NOT_YET_VALID = BY_NAME.NotYetValid;
const REPEATED_HOSTSIGN = BY_NAME.HostsignRepeated;
// `locale: 'zh-CN'`: each failure's Chinese twin, the same code (reasons-zh.js).
const ZH_FAILURES = new Map(
  REASONS.map(([name, code, message], i) => [FAILURES[i], Object.freeze({ ok: false, code, message: ZH_REASONS[name] ?? message })]),
);
ZH_FAILURES.set(JOINED_HOSTSIGN, Object.freeze({ ok: false, code: JOINED_HOSTSIGN.code, message: ZH_JOINED_HOSTSIGN }));
/** A result in the verifier's language: a failure's Chinese twin when `zh`. */
function localized(result, zh) {
  return zh && !result.ok ? (ZH_FAILURES.get(result) ?? result) : result;
}

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

/** The HostSignError for a reason, by name or by the wasm's number. */
function fail(reason) {
  return new HostSignError((typeof reason === 'number' ? FAILURES[reason - 1] : BY_NAME[reason]).message);
}

function failure(result) {
  return FAILURES[result - 1];
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

export { KINDS, REPEATED_HOSTSIGN, localized, fail, failure, cached };
