// Where a verifying request's time goes, in-process, per request shape: the
// same steps a server's handler takes (bare, reading the two headers,
// verifyRequest), each on a fresh request object as the runtime makes one per
// request, timed in short interleaved rounds. The server-side figures
// (bench/overhead/run.mjs) say how much a request costs; this says which step
// costs it. One or more builds side by side (before/after a change):
//
//   node bench/overhead/breakdown.mjs pkg/dist/node.js [target/ab/before/dist/node.js …]
//   deno run -A bench/overhead/breakdown.mjs pkg/dist/default.js …
//   bun bench/overhead/breakdown.mjs pkg/dist/default.js …
//   options: --rounds N (default 41), --ms N (time per sample, default 20), --json FILE,
//            --thrash KB: before each request, write one byte in every 64 of a
//            KB buffer (evicting the processor's caches as a server's own work
//            between two requests does; every step pays it alike)
//
// Shapes: `node` (an http.IncomingMessage; Node only), `fetch` (a Fetch
// Request), `event` (a serverless event with a plain `headers` object:
// CloudBase, SCF). Steps, each a case of its own (ns per request):
//   bare      make the request object (what every case pays)
//   read      + read Referer and X-WECHAT-HOSTSIGN the runtime's way
//              (req.headers.x, request.headers.get(x), event.headers.x)
//   lookup    + read them the runtime's way, then verifier.verify({ referer,
//              hostsign }): verify − lookup is what finding the headers in
//              the request (verifyRequest's own read) costs
//   verify    + verifier.verifyRequest(request), default cache (a hit)
//   uncached  + the same with { cache: false } (parse, SHA-1, every request)
// The same 32 signed pairs are cycled (as WeChat reuses one HostSign per
// client), so `verify` is a cache hit, as on a server.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileSync } from 'node:fs';
import { interleaved, quantile } from '../lib/harness.mjs';

const argv = globalThis.Deno ? Deno.args : process.argv.slice(2);
const flag = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const entries = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--')));
if (entries.length < 1) {
  console.error('usage: node bench/overhead/breakdown.mjs <dist entry> [<dist entry> …] [--rounds N] [--ms N] [--json FILE]');
  (globalThis.Deno ?? process).exit(2);
}
const ROUNDS = Number(flag('rounds', 41));
const MS = Number(flag('ms', 20));
const JSON_OUT = flag('json', null);
const THRASH = Number(flag('thrash', 0)) * 1024;
const junk = new Uint8Array(Math.max(THRASH, 64));
let junkAt = 0;
function thrash() {
  for (let k = 0; k < THRASH; k += 64) junk[k] = junkAt;
  junkAt = (junkAt + 1) & 255;
}
const TOKEN = 'breakdown-plugin-token-7d1e';
const runtime = globalThis.Deno ? `Deno ${Deno.version.deno}` : globalThis.Bun ? `Bun ${Bun.version}` : `Node ${process.versions.node}`;
const isNode = !globalThis.Deno && !globalThis.Bun;

// Header strings as a server gets them: each its own flat string.
const utf8 = new TextEncoder();
const latin = new TextDecoder();
const flat = (s) => latin.decode(utf8.encode(s));

const builds = [];
for (const entry of entries) builds.push({ entry, mod: await import(pathToFileURL(resolve(entry)).href) });
const { sign } = builds[0].mod;
const now = Math.floor(Date.now() / 1000);
const pairs = Array.from({ length: 32 }, (_, i) => {
  const appid = 'wx' + (0x3000000000000000n + BigInt(i) * 7919n).toString(16).slice(-16);
  const s = sign({ appid, token: TOKEN, timestamp: now - 30 - i, version: 1 + i });
  return { referer: flat(s.referer), hostsign: flat(s.hostsign) };
});
// What a phone's wx.request carries besides the two headers.
const other = [
  ['Host', '127.0.0.1:8080'],
  ['Connection', 'keep-alive'],
  ['User-Agent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN'],
  ['Content-Type', 'application/json'],
  ['Accept-Encoding', 'gzip,compress,br,deflate'],
];
const rawOf = (p) => [...other.flat(), 'Referer', p.referer, 'X-WECHAT-HOSTSIGN', p.hostsign];
const raws = pairs.map(rawOf);
const inits = pairs.map((p) => Object.fromEntries([...other, ['referer', p.referer], ['x-wechat-hostsign', p.hostsign]]));

let http = null;
if (isNode) http = await import('node:http');
const socket = isNode ? new (await import('node:net')).Socket() : null;

// Each shape: make(i) a fresh request; read(req) the runtime's own read.
const shapes = {
  fetch: {
    make: (i) => new Request('http://127.0.0.1:8080/api', { headers: inits[i] }),
    read: (req) => {
      const h = req.headers;
      return h.get('referer') !== null && h.get('x-wechat-hostsign') !== null;
    },
    pick: (req) => {
      const h = req.headers;
      return { referer: h.get('referer'), hostsign: h.get('x-wechat-hostsign') };
    },
  },
  event: {
    // CloudBase / SCF: the platform parses the event JSON per invocation.
    make: (i) => ({ httpMethod: 'GET', path: '/api', headers: { ...inits[i] } }),
    read: (ev) => ev.headers.referer !== undefined && ev.headers['x-wechat-hostsign'] !== undefined,
    pick: (ev) => ({ referer: ev.headers.referer, hostsign: ev.headers['x-wechat-hostsign'] }),
  },
};
if (isNode) {
  shapes.node = {
    make: (i) => {
      const m = new http.IncomingMessage(socket);
      const raw = raws[i].slice();
      // As node:http's parser hands them over (headers are built on first read).
      m._addHeaderLines(raw, raw.length);
      return m;
    },
    read: (m) => {
      const h = m.headers;
      return h.referer !== undefined && h['x-wechat-hostsign'] !== undefined;
    },
    pick: (m) => ({ referer: m.headers.referer, hostsign: m.headers['x-wechat-hostsign'] }),
  };
}

const sink = { n: 0 };
function casesFor(shape, build) {
  const { make, read, pick } = shapes[shape];
  const v = build.mod.createVerifier({ token: TOKEN });
  const u = build.mod.createVerifier({ token: TOKEN, cache: false });
  const iters = 2000;
  let i = 0;
  const step = (fn) => ({
    iters,
    run() {
      i = (i + 1) & 31;
      if (THRASH > 0) thrash();
      if (fn(make(i)) !== true) throw new Error(`${shape}: a step failed`);
    },
  });
  return {
    bare: step((req) => req !== null),
    read: step(read),
    lookup: step((req) => v.verify(pick(req)).ok),
    verify: step((req) => v.verifyRequest(req).ok),
    uncached: step((req) => u.verifyRequest(req).ok),
  };
}

const report = { runtime, date: new Date().toISOString(), rounds: ROUNDS, shapes: {} };
const lines = [`${runtime}: ns per request, median of ${ROUNDS} interleaved rounds (interquartile range); same 32 signed pairs cycled${THRASH ? `; caches evicted before each request (${THRASH / 1024} KiB written)` : ''}`];
for (const shape of Object.keys(shapes)) {
  const all = [];
  for (const build of builds) for (const [step, c] of Object.entries(casesFor(shape, build))) all.push({ build: build.entry, step, ...c });
  // Calibrate: iterations for about MS ms per sample.
  for (const c of all) {
    const t0 = performance.now();
    for (let k = 0; k < c.iters; k++) c.run();
    const dt = performance.now() - t0;
    c.iters = Math.max(200, Math.round((c.iters * MS) / Math.max(dt, 0.01)));
  }
  const samples = interleaved(all, ROUNDS);
  report.shapes[shape] = {};
  lines.push('', `shape ${shape}:`, `| build | bare | read | verify | uncached | verify − read | verify − lookup |`, '|---|---:|---:|---:|---:|---:|---:|');
  for (const build of builds) {
    const get = (step) => samples[all.findIndex((c) => c.build === build.entry && c.step === step)];
    const med = (step) => quantile(get(step), 0.5);
    const iqr = (step) => [quantile(get(step), 0.25), quantile(get(step), 0.75)];
    // Per-round differences (a round's cases run back to back).
    const diff = (a, b) => get(a).map((x, r) => x - get(b)[r]);
    const dv = diff('verify', 'read');
    const dl = diff('verify', 'lookup');
    const f = (x) => x.toFixed(0);
    const fr = (xs) => `${f(quantile(xs, 0.5))} (${f(quantile(xs, 0.25))} … ${f(quantile(xs, 0.75))})`;
    lines.push(`| ${build.entry} | ${f(med('bare'))} | ${f(med('read'))} | ${f(med('verify'))} | ${f(med('uncached'))} | ${fr(dv)} | ${fr(dl)} |`);
    report.shapes[shape][build.entry] = Object.fromEntries(['bare', 'read', 'lookup', 'verify', 'uncached'].map((s) => [s, { median: med(s), iqr: iqr(s) }]));
    report.shapes[shape][build.entry].verifyBeyondRead = { median: quantile(dv, 0.5), iqr: [quantile(dv, 0.25), quantile(dv, 0.75)] };
  }
}
console.log(lines.join('\n'));
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(report, null, 2) + '\n');
