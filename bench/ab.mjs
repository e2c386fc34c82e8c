// Two (or more) builds of the package side by side, in one process,
// interleaved rounds, the same requests: how a change to the Rust, the build
// profile or the JavaScript layer moves verifies/s.
//   cp -r pkg target/ab/before    (then change, scripts/build)
//   node bench/ab.mjs target/ab/before/dist/node.js pkg/dist/node.js
//   deno run -A bench/ab.mjs …/dist/default.js …    bun bench/ab.mjs …
// Options (after the entries):
//   --stream mix        the benchmark mix (2 valid : 1 forged, 300 pairs) (default)
//            repeated   32 valid pairs cycled (as WeChat reuses a HostSign)
//            distinct   20,000 valid pairs cycled (more than the cache holds)
//   --shape  plain      verifier.verify({ referer, hostsign }) (default)
//            fetch      verifier.verifyRequest(a Fetch Request)
//            node       verifier.verifyRequest(an IncomingMessage-like { rawHeaders })
//   --options JSON      createVerifier options besides the token, e.g. '{"cache":false}'
//   --quick             a few short rounds
//   --short-rounds      many short rounds, 20th percentile of ns per verify:
//                       steadier on a machine others are using (run it twice,
//                       the builds in both orders)
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sign } from 'wechat-hostsign';
import { requestMix, TOKEN, NOW } from './lib/mix.mjs';
import { compare, interleaved, quantile, table } from './lib/harness.mjs';

const argv = globalThis.Deno ? Deno.args : process.argv.slice(2);
const flag = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const entries = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--') && argv[i - 1] !== '--quick'));
if (entries.length < 2) {
  console.error('usage: node bench/ab.mjs <a>/dist/node.js <b>/dist/node.js [...] [--stream mix|repeated|distinct] [--shape plain|fetch|node] [--options JSON] [--short-rounds] [--quick]');
  (globalThis.Deno ?? process).exit(2);
}
const stream = flag('stream', 'mix');
const shape = flag('shape', 'plain');
const options = JSON.parse(flag('options', '{}'));

// Header strings as a server gets them: flat, each its own (sign()'s are
// slices of one string, which V8 reads more slowly).
const utf8 = new TextEncoder();
const latin = new TextDecoder();
const flat = (s) => latin.decode(utf8.encode(s));

function valid(n) {
  return Array.from({ length: n }, (_, i) => {
    const appid = 'wx' + (0x2000000000000000n + BigInt(i) * 104729n).toString(16).slice(-16);
    const s = sign({ appid, token: TOKEN, timestamp: NOW - 30 - (i % 300), version: 1 + (i % 800) });
    return { referer: flat(s.referer), hostsign: flat(s.hostsign), valid: true };
  });
}
const mix = stream === 'mix' ? requestMix(sign) : stream === 'repeated' ? valid(32) : stream === 'distinct' ? valid(20000) : null;
if (mix === null) throw new Error(`unknown stream ${stream}`);
for (const q of mix) {
  q.request =
    shape === 'fetch'
      ? new Request('http://127.0.0.1/api', { headers: { referer: q.referer, 'x-wechat-hostsign': q.hostsign } })
      : shape === 'node'
        ? { rawHeaders: ['Host', '127.0.0.1:8080', 'Referer', q.referer, 'X-WECHAT-HOSTSIGN', q.hostsign, 'Connection', 'keep-alive'] }
        : null;
}

const contenders = {};
for (const [i, entry] of entries.entries()) {
  const { createVerifier } = await import(pathToFileURL(resolve(entry)).href);
  const v = createVerifier({ token: TOKEN, ...options });
  contenders[`${String.fromCharCode(65 + i)}: ${entry}`] =
    shape === 'plain' ? (r, h) => v.verify({ referer: r, hostsign: h }, NOW) : (r, h, q) => v.verifyRequest(q.request, NOW);
}
const quick = argv.includes('--quick');
const runtime = globalThis.Deno ? `Deno ${Deno.version.deno}` : globalThis.Bun ? `Bun ${Bun.version}` : `Node ${process.version}`;
if (argv.includes('--short-rounds')) {
  const names = Object.keys(contenders);
  // One call runs the whole stream once; ns per verify is that over its length.
  const cases = names.map((n) => ({
    iters: 2,
    run: () => {
      for (const q of mix) if (contenders[n](q.referer, q.hostsign, q).ok !== (q.valid ?? true)) throw new Error(`${n} misjudged a request`);
    },
  }));
  const samples = interleaved(cases, quick ? 20 : 400);
  const ns = samples.map((x) => quantile(x, 0.2) / mix.length);
  console.log(`${runtime}: ns per verify (20th percentile of ${quick ? 20 : 400} short rounds), stream ${stream}, shape ${shape}, builds side by side`);
  for (const [i, n] of names.entries()) console.log(`  ${n.padEnd(50)} ${ns[i].toFixed(1).padStart(7)} ns  ${(ns[i] / ns[0]).toFixed(3)}× A`);
} else {
  // The process's CPU time (all threads, the GC's included) where the runtime
  // has it: on a shared machine it moves less than the wall clock.
  const cpu = typeof globalThis.process?.cpuUsage === 'function' ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; } : undefined;
  const result = await compare(contenders, mix, { ...(quick ? { rounds: 5, minMs: 50 } : {}), ...(cpu ? { now: cpu } : {}) });
  console.log(table(`${runtime}: ${shape === 'plain' ? 'verify' : `verifyRequest (${shape})`}/s, stream ${stream}${Object.keys(options).length ? `, options ${JSON.stringify(options)}` : ''}, builds side by side`, result, Object.keys(contenders)[0]));
}
