// One cold start (bench/cold-start.mjs runs this in fresh processes):
// from before `import` to the first verify result. With `warm` as the second
// argument, the process has first imported another package (hono), as an
// application has imported its framework: Node's ESM loader has then already
// paid for its first package resolution.
if (process.argv[3] === 'warm') await import('hono');
const t0 = performance.now();
const { createVerifier } = await import('wechat-hostsign');
const r = createVerifier({ token: 'T' }).verify(JSON.parse(process.argv[2]), 1711421960);
const t1 = performance.now();
if (!r.ok) throw new Error(r.code);
console.log(JSON.stringify({ importToVerify: t1 - t0, processToVerify: t1 }));
