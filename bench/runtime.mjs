// One runtime (Node, Deno or Bun): the package vs (b) node:crypto vs (c)
// WebCrypto, the same request mix, interleaved rounds. Prints a table and
// writes bench/results/<runtime>.json. (workerd: bench/workerd/.)
//   node bench/runtime.mjs [--quick]
//   deno run -A bench/runtime.mjs     bun bench/runtime.mjs
import crypto from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { createVerifier, sign } from 'wechat-hostsign';
import { nodeCryptoVerifier, webCryptoVerifier } from './lib/handwritten.mjs';
import { requestMix, TOKEN, NOW } from './lib/mix.mjs';
import { compare, table } from './lib/harness.mjs';

const runtime = globalThis.Deno ? `deno ${Deno.version.deno}` : globalThis.Bun ? `bun ${Bun.version}` : `node ${process.version}`;
const name = runtime.split(' ')[0];
const quick = (globalThis.Deno ? Deno.args : process.argv).includes('--quick');
const mix = requestMix(sign);
const v = createVerifier({ token: TOKEN });
const b = nodeCryptoVerifier(crypto, TOKEN);
const c = webCryptoVerifier(globalThis.crypto.subtle, TOKEN);
const contenders = {
  'wechat-hostsign (wasm)': (r, h) => v.verify({ referer: r, hostsign: h }, NOW),
  '(b) node:crypto JS': (r, h) => b(r, h, NOW),
  '(c) WebCrypto JS': async (r, h) => c(r, h, NOW),
};
const result = await compare(contenders, mix, quick ? { rounds: 3, minMs: 20 } : {});
console.log(table(`${runtime}: full-path verifies/s (2 valid : 1 forged)`, result, 'wechat-hostsign (wasm)'));
if (!quick) {
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL(`./results/${name}.json`, import.meta.url), JSON.stringify({ runtime, date: new Date().toISOString(), result }, null, 2) + '\n');
}
