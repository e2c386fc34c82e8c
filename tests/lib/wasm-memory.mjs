// The package's WebAssembly.Memory, for tests that look inside it. The
// package does not export its memory (a hook only for tests would ship to
// every user), so this wraps the WebAssembly.Instance constructor and keeps
// the instance the package creates on first use (it instantiates lazily).
// Import this module before calling the package. (tests/soak/soak.test.mjs
// explains why this beats process.memoryUsage().)
/** Every instance created since this module loaded (the package makes one). */
export const instances = [];
const RealInstance = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(RealInstance, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget);
    instances.push(instance);
    return instance;
  },
});

/** The package's memory, after `boot()` (any call of the package) has run. */
export function wasmMemory(boot) {
  if (instances.length === 0) boot();
  if (instances.length !== 1) throw new Error(`expected one wasm instance, saw ${instances.length}`);
  return instances[0].exports.memory;
}

/** How many times `needle` (a string, as UTF-8, or bytes) occurs in `memory`. */
export function occurrences(memory, needle) {
  const bytes = Buffer.from(memory.buffer);
  const n = typeof needle === 'string' ? Buffer.from(needle, 'utf8') : Buffer.from(needle);
  let count = 0;
  for (let at = bytes.indexOf(n); at !== -1; at = bytes.indexOf(n, at + 1)) count++;
  return count;
}

/**
 * Every trace of `token` a scan can tell apart from noise: the whole token,
 * and each 8-byte window of its UTF-8 in either byte order (the message a
 * hash reads as big-endian words). Returns the number of hits.
 */
export function tokenTraces(memory, token) {
  const t = Buffer.from(token, 'utf8');
  let hits = occurrences(memory, t);
  for (let i = 0; i + 8 <= t.length; i++) {
    const w = t.subarray(i, i + 8);
    hits += occurrences(memory, w) + occurrences(memory, Buffer.from(w).reverse());
    // As two 32-bit words, each byte-swapped.
    const s = Buffer.from(w);
    s.swap32();
    hits += occurrences(memory, s);
  }
  return hits;
}
