// Entry for Node.js 18+ without the `module-sync` export condition (18, 20
// before 20.19, 22 before 22.12), by import; node.cjs is this file bundled
// for require() on every version. Node 18 has no global `crypto`, so sign()'s
// random nonce may come from node:crypto.
import { createRequire } from 'node:module';
import { nodeLoader } from './node-loader.js';
import { setLoader } from './state.js';

// In the CommonJS build import.meta.url is empty and __filename names the file.
setLoader(nodeLoader(() => globalThis.crypto ?? createRequire(import.meta.url || __filename)('node:crypto').webcrypto));

export * from './api.js';
