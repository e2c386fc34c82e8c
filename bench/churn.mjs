// A verifier per request, never disposed: seconds per 10,000 creations (each
// verifying one request) and the wasm memory, as the count grows.
//   node bench/churn.mjs [entry] [count] [--yield] [--distinct]
//   entry: a build's dist/node.js (default pkg/dist/node.js); count: 100000
//   --yield     give the event loop a turn every 100 creations, as a server
//               does between requests (the garbage collector then frees
//               collected verifiers, which is what fragmented the old
//               allocator: 0.12 s for the first 10,000, up to 10 s later)
//   --distinct  a different token for each verifier (nothing to share)
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const [entry = 'pkg/dist/node.js', count = '100000'] = args.filter((a) => !a.startsWith('--'));
const yieldEvery = args.includes('--yield') ? 100 : 0;
const distinct = args.includes('--distinct');

// The package's memory: keep the instance it creates (tests/lib/wasm-memory.mjs says why).
const instances = [];
WebAssembly.Instance = new Proxy(WebAssembly.Instance, {
  construct(target, a, newTarget) {
    const instance = Reflect.construct(target, a, newTarget);
    instances.push(instance);
    return instance;
  },
});
const { createVerifier, parseReferer, sign } = await import(pathToFileURL(resolve(entry)).href);
parseReferer('');
const memory = instances[0].exports.memory;
const s = sign({ appid: 'wx0123456789abcdef', token: 'T', timestamp: 1000 });

console.log(`${process.version} ${entry}: ${count} undisposed verifiers${distinct ? ', each with its own token' : ''}${yieldEvery ? ', yielding every 100' : ''}`);
let t = performance.now();
const rows = [];
for (let i = 1; i <= Number(count); i++) {
  const v = createVerifier(distinct ? { tokens: ['T', `token-${i}`] } : { token: 'T' });
  if (!v.verify(s, 1000).ok) throw new Error(`verification ${i} failed`);
  if (yieldEvery && i % yieldEvery === 0) await new Promise((r) => setImmediate(r));
  if (i % 10_000 === 0) {
    const now = performance.now();
    rows.push(`${String(i).padStart(8)}  ${((now - t) / 1000).toFixed(2).padStart(6)} s per 10,000  ${(memory.buffer.byteLength / 1048576).toFixed(1).padStart(6)} MB wasm memory`);
    t = now;
  }
}
console.log(rows.join('\n'));
