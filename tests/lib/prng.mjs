// A small deterministic PRNG (mulberry32), so generated inputs are
// reproducible from their seed. prng(seed) → { rand, int, pick }.
export function prng(seed) {
  let state = seed >>> 0;
  function rand() {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  const int = (n) => Math.floor(rand() * n);
  const pick = (xs) => xs[int(xs.length)];
  return { rand, int, pick };
}
