// Entry for Node.js (18+), by import; node.cjs is this file bundled for
// require(). The wasm bytes are inlined and compiled synchronously on first
// use. Nothing slow runs at import: even reading `globalThis.crypto` loads
// Node's WebCrypto (milliseconds), so sign()'s random nonce looks it up on
// first use, falling back to node:crypto on Node 18.
import { createRequire } from 'node:module';
import wasmBase64 from './wasm-base64.js';
import { setLoader } from './state.js';

let webcrypto;

setLoader({
  instantiate: (imports) =>
    new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(wasmBase64, 'base64')), imports).exports,
  getRandomValues: (a) => {
    // Node 18 has no global crypto. In the CommonJS build (node.cjs)
    // import.meta.url is empty and __filename names the file instead.
    webcrypto ??= globalThis.crypto ?? createRequire(import.meta.url || __filename)('node:crypto').webcrypto;
    return webcrypto.getRandomValues(a);
  },
  // Measured (bench/): Node's encodeInto is faster than a JS loop here.
  encodeIntoFirst: true,
});

export * from './api.js';
