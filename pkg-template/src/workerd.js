// Entry for Cloudflare Workers (workerd): the runtime forbids compiling wasm
// from bytes, so the .wasm is imported as a module (wrangler's CompiledWasm
// rule) and only instantiated here.
import wasmModule from './wechat_hostsign_bg.wasm';
import { setLoader } from './state.js';

setLoader({
  instantiate: (imports) => new WebAssembly.Instance(wasmModule, imports).exports,
  getRandomValues: (a) => crypto.getRandomValues(a),
});

export * from './api.js';
