// Entry for Vercel / Next.js edge functions (condition edge-light): like
// workerd, no wasm compilation at run time; `?module` yields a WebAssembly.Module.
import wasmModule from './wechat_hostsign_bg.wasm?module';
import { setLoader } from './state.js';

setLoader({
  instantiate: (imports) => new WebAssembly.Instance(wasmModule, imports).exports,
  getRandomValues: (a) => crypto.getRandomValues(a),
});

export * from './api.js';
