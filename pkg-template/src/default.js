// Entry for Deno, Bun, browsers and bundlers: the wasm bytes are inlined
// (base64) and compiled synchronously on first use, so no file access, fetch
// or bundler plugin is needed.
import wasmBase64 from './wasm-base64.js';
import { decodeBase64 } from './base64.js';
import { setLoader } from './state.js';

setLoader({
  instantiate: (imports) =>
    new WebAssembly.Instance(new WebAssembly.Module(decodeBase64(wasmBase64)), imports).exports,
  getRandomValues: (a) => globalThis.crypto.getRandomValues(a),
  // Measured (bench/): Bun's encodeInto beats a JS loop; Deno's and
  // browsers' V8 do better with the loop.
  encodeIntoFirst: typeof globalThis.Bun !== 'undefined',
});

export * from './api.js';
