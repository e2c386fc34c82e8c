// One cold start of the hand-written node:crypto verifier (b), for
// comparison: from before importing it (and node:crypto) to its first result.
// `warm` as in cold-child.mjs.
if (process.argv[3] === 'warm') await import('hono');
const t0 = performance.now();
const [{ default: crypto }, { nodeCryptoVerifier }] = await Promise.all([import('node:crypto'), import('./handwritten.mjs')]);
const { referer, hostsign } = JSON.parse(process.argv[2]);
const r = nodeCryptoVerifier(crypto, 'T')(referer, hostsign, 1711421960);
const t1 = performance.now();
if (!r.ok) throw new Error(r.code);
console.log(JSON.stringify({ importToVerify: t1 - t0, processToVerify: t1 }));
