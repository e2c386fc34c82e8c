// The per-verifier cache of verified (Referer, X-WECHAT-HOSTSIGN) pairs.
//
// Why: WeChat sends one HostSign per client for up to ten minutes, so in real
// traffic most requests repeat a header pair this verifier has already found
// authentic. A repeat is answered from here: no copy into wasm memory, no
// parse, no SHA-1.
//
// It cannot change a verdict:
// - Only pairs that verified (ok) enter, so a flood of forged headers never
//   grows it, and every hit is a pair the core accepted with this verifier's
//   options. Each verifier has its own cache (options never mix).
// - A hit requires the exact strings: the Referer compared with ===, the
//   HostSign by its key (below) and then its signature.
// - Freshness is decided again at every hit, against that call's `now`, with
//   the core's rule (src/verifier.rs): age = now - timestamp; age > maxAge is
//   EXPIRED, -age > clockSkew is NOT_YET_VALID. The result (age included) is
//   the one an uncached verify gives at that `now`; tests/js/cache.test.mjs
//   runs both side by side over a long mixed stream.
// - Bounded: a fixed table of `size` slots in buckets of two (a 2-way
//   set-associative cache): a pair's bucket comes from a few characters of
//   its HostSign (for real traffic, the random noncestr); a new pair takes
//   the bucket's first slot and moves the one there to the second, whose
//   pair is forgotten. No chains, no eviction list: inserting and looking up
//   cost the same whatever the traffic, and a flood of distinct valid pairs
//   (anyone holding one valid header can make many: the version in the
//   Referer is unsigned, JSON whitespace and key order are free) only
//   replaces entries. Each entry holds two header strings (at most 2 KiB and
//   1 KiB) and a small record.
//
// Timing: a forged header must never be compared byte by byte (with an early
// exit) against a valid signature. The lookup compares strings with an early
// exit (===), so what it compares must not contain the signature. Only the
// compact shape real traffic has is cached: the HostSign ends with
//   ,"signature":"<40 hex>"}   (or {"signature":… when it is the only field).
// What makes those 40 characters the signature that was checked, in any JSON
// the core accepts: the last character closes the top-level object, and the
// `"` before it closes a string that is the value of the object's last
// member, at the top level (a member of a nested object would need that
// object's own `}` before the last one). The 13 characters before the value
// are its key, exactly "signature" (not escaped), after `,` or `{`; the
// core refuses a duplicate key, so it is the one signature the core read,
// and it is 40 characters long, so it holds no escape. The same text may
// appear earlier as a nested object's key, or inside a string: that is an
// unknown key the core ignores, in the prefix, public like the nonce. (It
// does not rest on the value being the "last 40 characters" of a string:
// the shape check reads the key.) The lookup compares the Referer and the HostSign WITHOUT
// those 40 characters (the prefix: nonce and timestamp are public, they
// travel beside the signature) with ===, and then the 40 signature
// characters in constant time (every character, OR of XORs). A forgery that
// differs from a cached header only in its signature reaches that comparison
// and learns nothing from its time; it then goes on to the full verify,
// which refuses it (a refused pair never enters, nor displaces a cached one).
// The bucket is chosen from characters of the prefix, never of the signature.

import { unjoined } from './headers.js';

/** Default number of cached pairs; about 0.4 KiB each for real headers. */
export const DEFAULT_CACHE_SIZE = 1024;
export const MAX_CACHE_SIZE = 1 << 20;

export const CACHE_MESSAGE = `cache must be true, false, or { size } with size a whole number of header pairs from 2 to ${MAX_CACHE_SIZE}.`;

const SIG_LEN = 40;
// `"signature":"` + 40 + `"}`
const TAIL = 55;
const MARKER = '"signature":"';
// Shortest cached HostSign: its prefix (length - 42) must hold the hashed
// characters, 13 to 28. A valid header with all three fields is longer (85+).
const MIN_LEN = 71;
// The longest HostSign the core accepts (src/hostsign.rs), in bytes.
const MAX_LEN = 1024;

/**
 * The cache size an option value asks for: 0 for off, or null when the
 * value is not valid (the caller throws INVALID_OPTIONS with CACHE_MESSAGE).
 */
export function cacheSize(option) {
  if (option === undefined || option === true) return DEFAULT_CACHE_SIZE;
  if (option === false) return 0;
  if (typeof option !== 'object' || option === null || Array.isArray(option)) return null;
  const keys = Object.keys(option);
  if (keys.length === 0) return DEFAULT_CACHE_SIZE;
  if (keys.length !== 1 || keys[0] !== 'size') return null;
  const { size } = option;
  return Number.isInteger(size) && size >= 2 && size <= MAX_CACHE_SIZE ? size : null;
}

/** Whether a HostSign of length n may be (or be in) the cache. */
function shaped(hostsign, n) {
  return n >= MIN_LEN && n <= MAX_LEN && hostsign.charCodeAt(n - 1) === 125 /* } */ && hostsign.charCodeAt(n - 2) === 34; /* " */
}

/**
 * The pair's 32-bit tag (never 0: 0 marks an empty slot), from characters 13
 * to 20 (after `{"noncestr":"` in real traffic: 8 of the 32 random hex
 * digits), the two before the signature's key (the timestamp's last digit
 * and a comma) and the length: all outside the signature.
 */
function tag(hostsign, n) {
  let x = n;
  for (let i = 13; i < 21; i++) x = Math.imul(x ^ hostsign.charCodeAt(i), 0x01000193);
  x = Math.imul(x ^ hostsign.charCodeAt(n - TAIL - 2), 0x01000193);
  x = Math.imul(x ^ hostsign.charCodeAt(n - TAIL - 1), 0x01000193);
  x ^= x >>> 15;
  return x === 0 ? 1 : x;
}

/**
 * The verified pairs of one verifier. `tags` (a typed array) is read first,
 * so that a miss touches no entry: on a busy server the entries are rarely
 * in the processor's cache. `seen` holds, per bucket, the tags of the last
 * two pairs that verified there for the first time: a pair enters when it
 * verifies a second time while still remembered there. (With one tag per
 * bucket, two clients whose pairs share a bucket and alternate would each
 * push the other out and never be cached: with 32 clients cycled through 512
 * buckets, one or two of them in most runs.) So a stream of pairs
 * that never repeat (a flood, or traffic the cache cannot serve) costs one
 * store per miss instead of an insertion, and real traffic (a HostSign
 * reused for minutes) is served from its third request on.
 */
export class PairCache {
  // Nothing is allocated until it is needed (a verifier made per request
  // verifies once and never caches): `first` holds the first tag seen, `seen`
  // is made for a second one, `tags` and `slots` on the first insertion.
  constructor(size, maxAge, clockSkew) {
    // A power of two: the bucket is the tag's low bits.
    this.mask = 2 ** Math.floor(Math.log2(size / 2)) - 1;
    this.first = 0;
    this.seen = null;
    this.tags = null;
    this.slots = null;
    // null: no age check (maxAge: null).
    this.maxAge = maxAge;
    this.clockSkew = clockSkew;
  }

  /** The cached record of exactly this pair (two strings), or undefined. */
  get(referer, hostsign) {
    const tags = this.tags;
    if (tags === null) return undefined;
    const n = hostsign.length;
    if (!shaped(hostsign, n)) return undefined;
    const t = tag(hostsign, n);
    const i = (t & this.mask) << 1;
    let e;
    if (tags[i] === t) e = this.slots[i];
    else if (tags[i + 1] === t) e = this.slots[i + 1];
    else return undefined;
    // (slice and ===: V8 compares two flat strings with memcmp, and
    // startsWith would avoid the copy at twice the time.)
    const prefix = hostsign.slice(0, n - SIG_LEN - 2);
    if (e.prefix !== prefix || e.referer !== referer) {
      if (e !== this.slots[i] || tags[i + 1] !== t) return undefined;
      e = this.slots[i + 1];
      if (e.prefix !== prefix || e.referer !== referer) return undefined;
    }
    // The same prefix and the same `"}`: the same length. The signature's
    // characters in constant time, against the entry's copy of them in a
    // typed array (half the string reads: 25 to 60 ns less a hit).
    const sig = e.sig;
    const at = n - SIG_LEN - 2;
    let diff = 0;
    for (let j = 0; j < SIG_LEN; j++) diff |= sig[j] ^ hostsign.charCodeAt(at + j);
    return diff === 0 ? e : undefined;
  }

  /**
   * Caches a pair that verified, with what its result needs; pairs of another
   * shape than real traffic's are not cached.
   */
  set(referer, hostsign, appid, kind, number, noncestr, timestamp, tokenIndex) {
    const n = hostsign.length;
    if (!shaped(hostsign, n)) return;
    const t = tag(hostsign, n);
    const b = t & this.mask;
    const i = b << 1;
    if (this.seen === null) {
      // The first tag is remembered without a table.
      if (this.first === 0) {
        this.first = t;
        return;
      }
      if (this.first !== t) {
        this.seen = new Int32Array((this.mask + 1) * 2);
        this.seen[(this.first & this.mask) << 1] = this.first;
      }
    }
    const seen = this.seen;
    if (seen !== null && seen[i] !== t && seen[i + 1] !== t) {
      seen[i + 1] = seen[i];
      seen[i] = t;
      return;
    }
    if (!hostsign.startsWith(MARKER, n - TAIL)) return;
    const before = hostsign.charCodeAt(n - TAIL - 1);
    if (before !== 44 /* , */ && before !== 123 /* { */) return;
    // Everything that can throw (the stack may run out at any call: the
    // entry, its signature copy, the tables) is made before the table
    // changes, so that a throw leaves no tag without its entry.
    const prefix = hostsign.slice(0, n - SIG_LEN - 2);
    // clean: the HostSign does not read as a repeated header joined by the
    // runtime (a Referer that verified is the exact URL: no comma, no brace).
    const clean = unjoined(hostsign) === hostsign;
    const sig = new Uint16Array(SIG_LEN);
    for (let j = 0; j < SIG_LEN; j++) sig[j] = hostsign.charCodeAt(n - SIG_LEN - 2 + j);
    const entry = { referer, hostsign, prefix, sig, clean, appid, kind, number, noncestr, timestamp, tokenIndex };
    if (this.tags === null) {
      const tags = new Int32Array((this.mask + 1) * 2);
      const slots = new Array((this.mask + 1) * 2).fill(null);
      this.tags = tags;
      this.slots = slots;
    }
    const { tags, slots } = this;
    // The same pair but for its signature (another token's, or the other
    // case) replaces it; any other pair in the first slot moves to the second.
    if (tags[i] !== 0 && !(tags[i] === t && slots[i].prefix === prefix && slots[i].referer === referer)) {
      tags[i + 1] = tags[i];
      slots[i + 1] = slots[i];
    }
    tags[i] = t;
    slots[i] = entry;
  }

  /** Forgets an entry (one found EXPIRED: it stays so while the clock runs forward). */
  delete(e) {
    // (Only ever an entry get() returned: the tables exist.)
    const i = (tag(e.hostsign, e.hostsign.length) & this.mask) << 1;
    for (let j = i; j < i + 2; j++) {
      if (this.slots[j] === e) {
        this.slots[j] = null;
        this.tags[j] = 0;
      }
    }
  }
}
