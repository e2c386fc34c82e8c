// How many times the package called into the wasm to verify: a live count of
// the engine's `engine_verify` calls, for tests that check what the pair
// cache answers (tests/js/cache*.test.mjs, api-decisions.test.mjs). It wraps
// the WebAssembly.Instance constructor, so import it before the package's
// first use (the package instantiates lazily).
import assert from 'node:assert/strict';

/** engine_verify calls since this module loaded (a live binding). */
export let wasmVerifies = 0;

const RealInstance = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(RealInstance, {
  construct(target, args, newTarget) {
    const real = Reflect.construct(target, args, newTarget).exports;
    const exports = { ...real };
    assert.equal(typeof real.engine_verify, 'function', 'the wasm has no engine_verify export');
    exports.engine_verify = (...a) => {
      wasmVerifies++;
      return real.engine_verify(...a);
    };
    return { exports };
  },
});
