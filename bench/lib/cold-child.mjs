// One cold start (bench/cold-start.mjs runs this in fresh processes):
// from before `import` to the first verify result. With `warm` as the second
// argument, the process has first imported another package (hono), as an
// application has imported its framework: Node's ESM loader has then already
// paid for its first package resolution.
if (process.argv[3] === 'warm') await import('hono');
const c0 = process.cpuUsage();
const t0 = performance.now();
const { createVerifier } = await import('wechat-hostsign');
const r = createVerifier({ token: 'T' }).verify(JSON.parse(process.argv[2]), 1711421960);
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
if (!r.ok) throw new Error(r.code);
// CPU time of this process (all its threads): what the import and first
// verify cost, less sensitive than wall time to other load on the machine.
console.log(JSON.stringify({ importToVerify: t1 - t0, processToVerify: t1, importToVerifyCpu: (c1.user + c1.system) / 1000 }));
