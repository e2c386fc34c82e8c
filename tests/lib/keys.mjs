// HostSign headers with many unknown keys, the worst cases for the
// duplicate-key check (src/hostsign.rs, UnknownKeys): the review's input
// (1 KiB of distinct two-character keys), and keys built so that their
// fingerprints collide in the check's hash table, which makes it fall back
// to sorting. `collidingKeys` mirrors the fingerprint and the slot formula
// there (first seven bytes and the length; the top 9 bits of the product
// with 0x9E3779B97F4A7C15): if those change, the keys stop colliding and the
// Rust unit test keys_built_to_collide_fall_back_to_the_sort still covers
// the fallback.

const MASK = (1n << 64n) - 1n;

function slot(key) {
  const bytes = Buffer.from(key, 'utf8');
  let fp = BigInt(Math.min(bytes.length, 7) === bytes.length ? bytes.length : 0xff) << 56n;
  for (let i = 0; i < Math.min(bytes.length, 7); i++) fp |= BigInt(bytes[i]) << BigInt(8 * i);
  return ((fp * 0x9e3779b97f4a7c15n) & MASK) >> 55n;
}

/** Up to `max` three-character keys that share one slot. */
export function collidingKeys(max = 150) {
  const target = slot('aaa');
  const out = [];
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  for (const a of chars) for (const b of chars) for (const c of chars) {
    if (out.length >= max) return out;
    const k = a + b + c;
    if (slot(k) === target) out.push(k);
  }
  return out;
}

/** The review's keys: two characters each, distinct, printable ASCII. */
export function distinctKeys() {
  const out = [];
  for (let second = 0x30; second <= 0x39; second++) {
    for (let first = 0x23; first <= 0x7e; first++) if (first !== 0x5c) out.push(String.fromCharCode(first, second));
  }
  return out;
}

/** `hostsign` (a compact header) with `keys` added as members until 1 KiB, then `extra`. */
export function withKeys(hostsign, keys, extra = '') {
  let h = hostsign.slice(0, -1);
  for (const k of keys) {
    const m = `,"${k}":0`;
    if (h.length + m.length + extra.length + 1 > 1024) break;
    h += m;
  }
  return h + extra + '}';
}
