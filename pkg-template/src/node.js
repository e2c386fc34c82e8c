// Entry for Node.js (18+), by import; node.cjs is this file bundled for
// require(). The wasm bytes are inlined and compiled synchronously on first
// use. Nothing heavy is imported at load: node:crypto costs milliseconds, so
// sign()'s random nonce uses the global WebCrypto (Node 19+) or, on Node 18,
// node:crypto loaded on first use.
import { createRequire } from 'node:module';
import wasmBase64 from './wasm-base64.js';
import { setLoader } from './state.js';

let webcrypto = globalThis.crypto;

setLoader({
  instantiate: (imports) =>
    new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(wasmBase64, 'base64')), imports).exports,
  getRandomValues: (a) => {
    webcrypto ??= createRequire(import.meta.url)('node:crypto').webcrypto;
    return webcrypto.getRandomValues(a);
  },
  // Measured (bench/): Node's encodeInto is faster than a JS loop here.
  encodeIntoFirst: true,
});

export * from './api.js';
