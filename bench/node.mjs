// Node: the package vs (b) node:crypto vs (c) WebCrypto, same request mix,
// interleaved rounds. Prints a table; writes bench/results/node.json.
import crypto from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { createVerifier, sign } from 'wechat-hostsign';
import { nodeCryptoVerifier, webCryptoVerifier } from './lib/handwritten.mjs';
import { requestMix, TOKEN, NOW } from './lib/mix.mjs';
import { compare, table } from './lib/harness.mjs';

const quick = process.argv.includes('--quick');
const mix = requestMix(sign);
const v = createVerifier({ token: TOKEN });
const b = nodeCryptoVerifier(crypto, TOKEN);
const c = webCryptoVerifier(crypto.webcrypto.subtle, TOKEN);
const contenders = {
  'wechat-hostsign (wasm)': (r, h) => v.verify({ referer: r, hostsign: h }, NOW),
  '(b) node:crypto JS': (r, h) => b(r, h, NOW),
  '(c) WebCrypto JS': async (r, h) => c(r, h, NOW),
};
const result = await compare(contenders, mix, quick ? { rounds: 3, minMs: 20 } : {});
console.log(table(`Node ${process.version}: full-path verifies/s (2 valid : 1 forged)`, result, 'wechat-hostsign (wasm)'));
if (!quick) {
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/node.json', import.meta.url), JSON.stringify({ runtime: `node ${process.version}`, date: new Date().toISOString(), result }, null, 2) + '\n');
}
