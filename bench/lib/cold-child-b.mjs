// One cold start of the hand-written node:crypto verifier (b), for
// comparison: from before importing it (and node:crypto) to its first result.
// `warm` as in cold-child.mjs.
if (process.argv[3] === 'warm') await import('hono');
const c0 = process.cpuUsage();
const t0 = performance.now();
const [{ default: crypto }, { nodeCryptoVerifier }] = await Promise.all([import('node:crypto'), import('./handwritten.mjs')]);
const { referer, hostsign } = JSON.parse(process.argv[2]);
const r = nodeCryptoVerifier(crypto, 'T')(referer, hostsign, 1711421960);
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
if (!r.ok) throw new Error(r.code);
// CPU time of this process (all its threads): what the import and first
// verify cost, less sensitive than wall time to other load on the machine.
console.log(JSON.stringify({ importToVerify: t1 - t0, processToVerify: t1, importToVerifyCpu: (c1.user + c1.system) / 1000 }));
