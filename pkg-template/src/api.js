// The runtime-independent API over the WebAssembly core.
//
// Each runtime's entry (node.js, default.js, workerd.js, edge-light.js) only
// says how to get the compiled wasm module; everything else lives in the
// modules this one gathers, one per concept:
//   results.js          outcome codes, failures and their messages, HostSignError
//   options.js          option names, limits and type checks; `now`
//   request-headers.js  the two headers of a request-like value (verifyRequest)
//   engine.js           the wasm instance and every call into it: verifier
//                       slots, verifying, parsing, signing
//   verifier.js         createVerifier(), verify(), verifyRequest()
// The wasm is instantiated synchronously on first use, so there is no init()
// and no top-level await.

export { HostSignError, CODES } from './results.js';
export { createVerifier, verify, verifyRequest } from './verifier.js';
export { parseReferer, parseHostSign, signature, sign } from './engine.js';
