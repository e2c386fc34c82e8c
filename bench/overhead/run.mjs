// What verification costs a request, beyond reading its two headers: the
// same bare endpoint ("hello"), the same endpoint reading Referer and
// X-WECHAT-HOSTSIGN, and the same endpoint verifying them, under wrk, in each
// runtime, measured by the server's own CPU time per request:
//
//   node       node:http (verifier.verifyRequest(req))
//   hono-node  Hono on @hono/node-server (the wechat-hostsign/hono middleware)
//   bun        Bun.serve
//   deno       Deno.serve
//   workerd    a Worker's fetch handler (workerd itself, as wrangler runs it)
//
// Each server answers (handler.mjs): /b bare, /h reading the two headers the
// runtime's way, /v verifying with the default options, /n verifying with
// { cache: false }; node:http also /r, the two headers found in the raw
// header lines (as verifyRequest finds them). Two request streams, every
// request signed and valid:
//   repeated  32 header pairs cycled, as WeChat sends them: one HostSign per
//             client, reused for up to ten minutes (every path)
//   distinct  DISTINCT (default 100,000) pairs cycled, many more than the
//             cache holds: every verification a miss (bare, read, verify)
// One run per runtime: a warm-up of each path, then ROUNDS interleaved rounds
// (each runs every stream and path once, in a rotating order) of wrk -t1
// -c32 -d<seconds>. The measure is the server's CPU time per request (every
// thread of its process, /proc/PID/task/*/schedstat, over the requests
// served): what the request cost the server, whatever else the machine did.
// The goal: (verify − read) / bare, per round, at most 2 %; the report gives
// its median over the rounds with a 95 % confidence interval for that median
// (order statistics, no assumption on the distribution), requests/s beside.
// Any refused request or socket error fails the run.
//
//   node bench/overhead/run.mjs [--quick] [--rounds 12] [--seconds 2]
//        [--connections 32] [--distinct 100000] [--only node,bun,...]
//
// Writes bench/results/overhead.json and .md (not with --quick). Needs wrk
// (scripts/setup load) and a built package (scripts/build).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { sign } from 'wechat-hostsign';
import { bundleWorker, startWorkerd, WORKERD } from '../../tests/lib/workerd.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const bin = (name) => join(root, 'node_modules/.bin', name);
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const QUICK = process.argv.includes('--quick');
const ROUNDS = Number(arg('rounds', QUICK ? 1 : 12));
const SECONDS = Number(arg('seconds', QUICK ? 1 : 2));
const CONNECTIONS = Number(arg('connections', 32));
const DISTINCT = Number(arg('distinct', QUICK ? 20_000 : 100_000));
const REPEATED = 32;
const ONLY = arg('only', 'node,hono-node,bun,deno,workerd').split(',');
const TOKEN = 'overhead-bench-token-5f0c';
const PATHS = { bare: '/b', read: '/h', verify: '/v', uncached: '/n' };
// Paths per stream (and node:http's raw read).
const pathsOf = (name, stream) =>
  stream === 'distinct' ? ['bare', 'read', 'verify'] : name === 'node' ? ['bare', 'read', 'raw', 'verify', 'uncached'] : ['bare', 'read', 'verify', 'uncached'];
PATHS.raw = '/r';

if (spawnSync('wrk', ['-v']).error) {
  console.error('overhead: wrk is not installed (scripts/setup load)');
  process.exit(2);
}

const version = (cmd, args) => (spawnSync(cmd, args, { encoding: 'utf8' }).stdout || '').trim().split('\n')[0];

// --- The servers ----------------------------------------------------------------

/** Starts a server script that prints {"port":N}; returns { url, stop }. */
async function child(cmd, args) {
  const p = spawn(cmd, args, { env: { ...process.env, HOSTSIGN_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  p.stderr.on('data', (d) => (output += d));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start in 60 s:\n${output}`)), 60_000);
    createInterface({ input: p.stdout }).on('line', (line) => {
      output += line + '\n';
      const m = /^\{"port":(\d+)\}$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    p.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited (${code}) before listening:\n${output}`));
    });
  });
  const stop = () =>
    new Promise((resolve) => {
      if (p.exitCode !== null || p.signalCode !== null) return resolve();
      p.once('exit', resolve);
      p.kill('SIGKILL');
    });
  return { url: `http://127.0.0.1:${port}`, pid: p.pid, stop };
}

/**
 * The server's CPU time so far, in ns: the sum over its threads of
 * /proc/PID/task/TID/schedstat (time on a CPU). On a shared machine a
 * server's CPU time per request moves much less than its requests/s, which
 * also count the time it waited for a core.
 */
function cpuNs(pid) {
  let sum = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      sum += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended meanwhile
    }
  }
  return sum;
}

const TARGETS = {
  node: { label: () => `Node ${process.version.slice(1)}, node:http`, start: () => child(process.execPath, [here('node-http.mjs')]) },
  'hono-node': {
    label: () => `Node ${process.version.slice(1)}, Hono on @hono/node-server`,
    start: () => child(process.execPath, [here('hono-node.mjs')]),
  },
  bun: { label: () => `Bun ${version(bin('bun'), ['--version'])}, Bun.serve`, start: () => child(bin('bun'), ['run', here('fetch-server.mjs')]) },
  deno: {
    label: () => `Deno ${version(bin('deno'), ['--version']).split(' ')[1]}, Deno.serve`,
    start: () => child(bin('deno'), ['run', '--no-prompt', '--allow-net=127.0.0.1', '--allow-env=HOSTSIGN_TOKEN', here('fetch-server.mjs')]),
  },
  workerd: {
    label: () => `workerd ${version(WORKERD, ['--version']).split(' ').at(-1)}, a Worker's fetch`,
    async start(dir) {
      const { modules } = await bundleWorker(here('worker.mjs'), join(dir, 'worker.js'));
      return startWorkerd({ modules, bindings: { HOSTSIGN_TOKEN: TOKEN } });
    },
  },
};

// --- The request streams ----------------------------------------------------------

function pairs(n, now, seed) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const x = (seed * 0x9e3779b1 + i * 7919) >>> 0;
    const appid = 'wx' + x.toString(16).padStart(8, '0') + i.toString(16).padStart(8, '0');
    // Timestamps up to 5 minutes old, the form real traffic has (a JSON number).
    const s = sign({ appid, token: TOKEN, timestamp: now - (i % 300), version: 1 + (i % 800) });
    out.push(`${s.referer}\t${s.hostsign}`);
  }
  return out.join('\n') + '\n';
}

/** The two stream files, signed now (each runtime gets fresh ones: maxAge is 660 s). */
function streams(dir) {
  const now = Math.floor(Date.now() / 1000);
  const files = { repeated: join(dir, 'repeated.txt'), distinct: join(dir, 'distinct.txt') };
  writeFileSync(files.repeated, pairs(REPEATED, now, 1));
  writeFileSync(files.distinct, pairs(DISTINCT, now, 2));
  return files;
}

function wrk(server, path, file, seconds) {
  const url = server.url + path;
  const cpu0 = cpuNs(server.pid);
  return new Promise((resolve, reject) => {
    const args = ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '5s', '-s', here('stream.lua'), url, '--', file];
    const p = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', () => {
      const line = out.split('\n').find((l) => l.startsWith('OVERHEAD-RESULT '));
      if (!line) return reject(new Error(`wrk printed no result:\n${out}`));
      const r = JSON.parse(line.slice('OVERHEAD-RESULT '.length));
      const errors = Object.values(r.errors).reduce((a, b) => a + b, 0);
      if (errors > 0 || r.requests === 0) return reject(new Error(`${url}: ${r.requests} requests, errors ${JSON.stringify(r.errors)}`));
      resolve({ rps: r.requests / (r.duration_us / 1e6), cpu: (cpuNs(server.pid) - cpu0) / r.requests, p50: r.p50_us, p99: r.p99_us });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * A 95 % confidence interval for the median of `xs`: the k-th smallest and
 * k-th largest values, k the largest with P(k <= B <= n - k + 1) >= 0.95 for
 * B ~ Binomial(n, 1/2) (the order-statistic interval; needs n >= 6).
 */
function medianInterval(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const pmf = (j) => {
    let c = 1;
    for (let i = 0; i < j; i++) c = (c * (n - i)) / (i + 1);
    return c / 2 ** n;
  };
  let k = 0;
  for (let cand = 1; cand <= n / 2; cand++) {
    let tail = 0;
    for (let j = 0; j < cand; j++) tail += pmf(j);
    if (1 - 2 * tail >= 0.95) k = cand;
  }
  return k === 0 ? [s[0], s[n - 1]] : [s[k - 1], s[n - k]];
}

async function measure(name, dir) {
  const files = streams(dir);
  const server = await TARGETS[name].start(dir);
  try {
    const samples = {};
    for (const stream of Object.keys(files)) {
      samples[stream] = Object.fromEntries(pathsOf(name, stream).map((p) => [p, { rps: [], cpu: [] }]));
      if (!QUICK) for (const p of pathsOf(name, stream)) await wrk(server, PATHS[p], files[stream], 1); // warm-up
    }
    for (let r = 0; r < ROUNDS; r++) {
      for (const stream of Object.keys(files)) {
        const names = pathsOf(name, stream);
        for (let k = 0; k < names.length; k++) {
          const p = names[(k + r) % names.length];
          const { rps, cpu } = await wrk(server, PATHS[p], files[stream], SECONDS);
          samples[stream][p].rps.push(rps);
          samples[stream][p].cpu.push(cpu);
        }
      }
    }
    const result = {};
    for (const [stream, s] of Object.entries(samples)) {
      // Per round, relative to that round's bare endpoint: CPU added beyond
      // `base` (a round's runs are seconds apart, so drift cancels).
      const beyond = (p, base) => s[p].cpu.map((v, i) => (v - s[base].cpu[i]) / s.bare.cpu[i]);
      const summary = (xs) => ({ median: median(xs), ci95: medianInterval(xs), min: Math.min(...xs), max: Math.max(...xs) });
      const paths = pathsOf(name, stream);
      result[stream] = {
        rps: Object.fromEntries(paths.map((p) => [p, median(s[p].rps)])),
        cpuNsPerRequest: Object.fromEntries(paths.map((p) => [p, median(s[p].cpu)])),
        verifyBeyondRead: summary(beyond('verify', 'read')),
        verifyBeyondBare: summary(beyond('verify', 'bare')),
        readBeyondBare: summary(beyond('read', 'bare')),
        ...(paths.includes('uncached') ? { uncachedBeyondRead: summary(beyond('uncached', 'read')) } : {}),
        ...(paths.includes('raw') ? { verifyBeyondRawRead: summary(beyond('verify', 'raw')) } : {}),
        samples: s,
      };
    }
    return result;
  } finally {
    await server.stop();
  }
}

// --- Run and report -------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'hostsign-overhead-'));
const results = {};
const labels = {};
try {
  for (const name of ONLY) {
    if (!TARGETS[name]) throw new Error(`unknown target ${name}; one of ${Object.keys(TARGETS).join(', ')}`);
    labels[name] = TARGETS[name].label();
    process.stderr.write(`overhead: ${labels[name]} ...\n`);
    results[name] = await measure(name, dir);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const k = (x) => (x / 1000).toFixed(1) + ' k';
const pct = (x) => (x * 100).toFixed(1) + ' %';
const ci = (o) => `**${pct(o.median)}** (${pct(o.ci95[0])} … ${pct(o.ci95[1])})`;
const us = (ns) => (ns / 1000).toFixed(2) + ' µs';
const lines = [
  `overhead: wrk -t1 -c${CONNECTIONS} -d${SECONDS}s, ${ROUNDS} interleaved rounds; the server's CPU time per request (all its threads, /proc schedstat).`,
  `"beyond the read": (verifying − reading) / bare, per round; its median over the rounds and a 95 % confidence interval for that median.`,
  `CPU per request and requests/s: medians over the rounds.`,
];
for (const stream of ['repeated', 'distinct']) {
  lines.push(
    '',
    stream === 'repeated'
      ? `Repeated headers (${REPEATED} signed pairs cycled: one HostSign per client, reused as WeChat does)`
      : `All-distinct headers (${DISTINCT} signed pairs cycled, far more than the default cache's 1024: every verification a miss)`,
    '| runtime | CPU per request: bare → read → verify | verify beyond the read | the read itself | verify beyond bare | requests/s: bare, read, verify |' +
      (stream === 'repeated' ? ' { cache: false } beyond the read |' : ''),
    '|---|---:|---:|---:|---:|---:|' + (stream === 'repeated' ? '---:|' : ''),
  );
  for (const [name, r] of Object.entries(results)) {
    const x = r[stream];
    const c = x.cpuNsPerRequest;
    lines.push(
      `| ${labels[name]} | ${us(c.bare)} → ${us(c.read)} → ${us(c.verify)} | ${ci(x.verifyBeyondRead)} | ${pct(x.readBeyondBare.median)} | ${pct(x.verifyBeyondBare.median)} | ${k(x.rps.bare)}, ${k(x.rps.read)}, ${k(x.rps.verify)} |` +
        (stream === 'repeated' ? ` ${pct(x.uncachedBeyondRead.median)} |` : ''),
    );
  }
  if (results.node && results.node[stream].verifyBeyondRawRead) {
    const o = results.node[stream].verifyBeyondRawRead;
    lines.push('', `node:http, verifying beyond finding the two headers in the raw header lines (/r, as verifyRequest finds them, without building req.headers): ${ci(o)}, ${us(results.node[stream].cpuNsPerRequest.raw)} per request read so.`);
  }
}
console.log(lines.join('\n'));
if (!QUICK) {
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    join(root, 'bench/results/overhead.json'),
    JSON.stringify({ date: new Date().toISOString(), wrk: { threads: 1, connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS }, repeated: REPEATED, distinct: DISTINCT, labels, results }, null, 2) + '\n',
  );
  writeFileSync(join(root, 'bench/results/overhead.md'), lines.join('\n') + '\n');
}
