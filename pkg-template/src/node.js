// Entry for Node.js (18+), by import; node.cjs is this file bundled for
// require(). The wasm bytes are inlined and compiled synchronously on first use.
import { Buffer } from 'node:buffer';
import { webcrypto } from 'node:crypto';
import wasmBase64 from './wasm-base64.js';
import { setLoader } from './state.js';

setLoader({
  instantiate: (imports) =>
    new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(wasmBase64, 'base64')), imports).exports,
  getRandomValues: (a) => webcrypto.getRandomValues(a),
});

export * from './api.js';
