// Entry for the Node.js versions with the `module-sync` export condition
// (20.19+, 22.12+), by import. All of them have a global `crypto`, so this
// entry imports no built-in module: importing `node:module` cost 0.4 ms of a
// cold start (bench/cold-steps.mjs). Older versions get node-legacy.js.
import { nodeLoader } from './node-loader.js';
import { setLoader } from './state.js';

setLoader(nodeLoader(() => globalThis.crypto));

export * from './api.js';
