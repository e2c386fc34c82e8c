// The loader both Node entries share: the wasm bytes inlined (base64),
// decoded with Buffer and compiled synchronously on first use. `webcrypto`
// gives the Web Crypto object for sign()'s random nonce and is called on
// first use only: even reading `globalThis.crypto` loads Node's WebCrypto,
// which takes milliseconds.
import wasmBase64 from './wasm-base64.js';

export function nodeLoader(webcrypto) {
  let cached;
  return {
    instantiate: (imports) =>
      new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(wasmBase64, 'base64')), imports).exports,
    getRandomValues: (a) => (cached ??= webcrypto()).getRandomValues(a),
    // Measured (bench/): Node's encodeInto is faster than a JS loop here.
    encodeIntoFirst: true,
  };
}
