// Loopback load test: the demo server (www/server.mjs, `/api/*` protected by
// the package) under wrk, with a mixed stream of valid, forged, expired, not
// yet valid, malformed, unsigned, missing and repeated-header requests.
// Every response is checked against what its request deserved (200, or 401
// with {"error": CODE}); the report gives requests/s, latency percentiles,
// misjudged responses, socket errors, and the server's RSS after warm-up and
// at the end; the server's output is scanned for the token.
//
//   node bench/load/run.mjs [--seconds 20] [--max 2000000] [--warmup 3] [--threads 4] [--out FILE]
//
// Bounded in time (--seconds, wrk's --timeout 5s, a watchdog) and in count
// (--max responses); 127.0.0.1 and an ephemeral port only. Needs wrk
// (`scripts/setup load`) and a built package (`scripts/build`). Exits 1 if a
// response was misjudged, a socket error occurred, the token appeared in the
// server's output, or the server's RSS grew by more than 64 MB after warm-up.
// The expectations are made by construction and cross-checked, before the
// run, against the package's own verdict in this process.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVerifier, sign } from 'wechat-hostsign';

const root = fileURLToPath(new URL('../..', import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const SECONDS = Number(arg('seconds', 20));
const MAX = Number(arg('max', 2_000_000));
const WARMUP = Number(arg('warmup', 3));
const THREADS = Number(arg('threads', 4));
const OUT = arg('out', null);
const TOKEN = 'L0ad-Test-Token-\u00e9-7c2b';
const MARKERS = [TOKEN, 'L0ad-Test-Token', 'Test-Token-\u00e9'];

if (spawnSync('wrk', ['-v']).error) {
  console.error('load: wrk is not installed (scripts/setup load)');
  process.exit(2);
}

// --- The request list ---------------------------------------------------------

let seed = 0x10ad;
const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const int = (n) => Math.floor(rand() * n);
const pick = (xs) => xs[int(xs.length)];
const now = Math.floor(Date.now() / 1000);
const appid = () => 'wx' + Array.from({ length: 16 }, () => '0123456789abcdef'[int(16)]).join('');
const version = () => pick([0, 'devtools', 1 + int(800)]);
const sig40 = () => Array.from({ length: 40 }, () => '0123456789abcdef'[int(16)]).join('');
const signed = (over = {}) => sign({ appid: appid(), token: TOKEN, timestamp: now - int(300), version: version(), ...over });
const REFERER_NAMES = ['Referer', 'referer', 'REFERER'];
const HOSTSIGN_NAMES = ['X-WECHAT-HOSTSIGN', 'x-wechat-hostsign', 'X-WeChat-HostSign'];

/** [kind, expected code ('ok' or an outcome code), header lines] */
function entry() {
  const r = rand();
  const lines = (referer, hostsign) => [
    ...(referer === undefined ? [] : [[pick(REFERER_NAMES), referer]]),
    ...(hostsign === undefined ? [] : [[pick(HOSTSIGN_NAMES), hostsign]]),
  ];
  if (r < 0.45) {
    const s = rand() < 0.8 ? signed() : signed({ timestamp: String(now - int(300)).padStart(12, '0'), noncestr: pick(['n\u00e9\u4e2d\u{1f600}', 'a"b\\c', 'x'.repeat(128)]) });
    return ['valid', 'ok', lines(s.referer, s.hostsign)];
  }
  if (r < 0.57) {
    const s = signed();
    const forged = pick([
      () => signed({ token: 'not-the-token' }),
      () => ({ referer: s.referer.replace(/wx[0-9a-f]{16}/, appid()), hostsign: s.hostsign }),
      () => ({ referer: s.referer, hostsign: s.hostsign.replace(/"noncestr":"[0-9a-f]/, '"noncestr":"Z') }),
      () => ({ referer: s.referer, hostsign: s.hostsign.replace(/"signature":"[0-9a-f]{40}"/, `"signature":"${sig40()}"`) }),
    ])();
    return ['forged', 'BAD_SIGNATURE', lines(forged.referer, forged.hostsign)];
  }
  if (r < 0.65) {
    const s = signed({ timestamp: now - 700 - int(1e6) });
    return ['expired', 'EXPIRED', lines(s.referer, s.hostsign)];
  }
  if (r < 0.69) {
    const s = signed({ timestamp: now + 120 + int(1e6) });
    return ['not-yet-valid', 'NOT_YET_VALID', lines(s.referer, s.hostsign)];
  }
  if (r < 0.79) {
    const s = signed();
    const bad = pick([
      'https://evil.example/?' + s.referer,
      s.referer.replace('https:', 'http:'),
      s.referer.replace('servicewechat.com', 'servicewechat.com:443'),
      s.referer.replace('servicewechat.com', 'evil.servicewechat.com'),
      s.referer + '?x=1',
      s.referer.replace('/page-frame.html', '/x/page-frame.html'),
      s.referer.replace(/\/[^/]+\/page-frame/, '/01/page-frame'),
      'https://servicewechat.com/touristappid/devtools/page-frame.html',
      s.referer.replace('wx', 'WX'),
      s.referer + 'a'.repeat(2100),
      '',
    ]);
    return ['malformed-referer', 'MALFORMED_REFERER', lines(bad, s.hostsign)];
  }
  if (r < 0.89) {
    const s = signed();
    const sig = sig40();
    const bad = pick([
      '',
      'null',
      '[]',
      '{',
      s.hostsign + 'x',
      s.hostsign.replace('{', '{"noncestr":"dup",'),
      s.hostsign.replace('{', '{"\\u006eoncestr":"dup",'),
      s.hostsign.replace(/"timestamp":\d+/, '"timestamp":1e400'),
      s.hostsign.replace(/"timestamp":\d+/, '"timestamp":9007199254740992'),
      s.hostsign.replace(/"timestamp":\d+/, '"timestamp":-1'),
      s.hostsign.replace(/"timestamp":\d+/, '"timestamp":"1234567890123"'),
      `{"noncestr":"a","timestamp":1,"signature":"${sig}","x":${'['.repeat(70)}${']'.repeat(70)}}`,
      `{"noncestr":"\\ud800","timestamp":1,"signature":"${sig}"}`,
      `{"noncestr":"${'n'.repeat(129)}","timestamp":1,"signature":"${sig}"}`,
      `{"noncestr":"a","timestamp":1,"signature":"${sig.slice(1)}"}`,
      `{"noncestr":"a","timestamp":1}`,
      `{"noncestr":"a","timestamp":1,"signature":"${sig}","pad":"${'p'.repeat(1100)}"}`,
    ]);
    return ['malformed-hostsign', 'MALFORMED_HOSTSIGN', lines(s.referer, bad)];
  }
  if (r < 0.93) {
    const s = signed();
    return ['unsigned', 'UNSIGNED', lines(s.referer, pick(['{}', ' { } ', '{"noncestr":"","timestamp":"","signature":""}']))];
  }
  if (r < 0.97) {
    const s = signed();
    return rand() < 0.5 ? ['missing', 'MISSING_REFERER', lines(undefined, s.hostsign)] : ['missing', 'MISSING_HOSTSIGN', lines(s.referer, undefined)];
  }
  const s = signed();
  return rand() < 0.5
    ? ['repeated', 'MALFORMED_HOSTSIGN', [...lines(s.referer, s.hostsign), [pick(HOSTSIGN_NAMES), s.hostsign]]]
    : ['repeated', 'MALFORMED_REFERER', [...lines(s.referer, s.hostsign), [pick(REFERER_NAMES), s.referer]]];
}

const entries = Array.from({ length: 5000 }, entry);

// Cross-check the expectations with the package itself (rawHeaders, as the
// server's middleware sees them).
const local = createVerifier({ token: TOKEN });
for (const [kind, want, headerLines] of entries) {
  const result = local.verifyRequest({ rawHeaders: headerLines.flat() }, now);
  const got = result.ok ? 'ok' : result.code;
  if (got !== want) {
    console.error(`load: generator bug: ${kind} expected ${want}, the package says ${got}: ${JSON.stringify(headerLines)}`);
    process.exit(2);
  }
}

// --- The server ---------------------------------------------------------------

async function freePort() {
  const s = createServer();
  await new Promise((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address();
  await new Promise((ok) => s.close(ok));
  return port;
}
const port = await freePort();
const server = spawn(process.execPath, [join(root, 'www/server.mjs')], {
  env: { ...process.env, PORT: String(port), HOSTSIGN_TOKEN: TOKEN },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let serverOutput = '';
server.stdout.on('data', (d) => (serverOutput += d));
server.stderr.on('data', (d) => (serverOutput += d));
const watchdog = setTimeout(() => {
  console.error('load: watchdog: stopping');
  server.kill('SIGKILL');
  process.exit(1);
}, (SECONDS + WARMUP + 60) * 1000);
watchdog.unref();
process.on('exit', () => server.kill('SIGKILL'));

for (let i = 0; ; i++) {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/api/hello`);
    await r.arrayBuffer();
    break;
  } catch {
    if (i > 100) throw new Error('the demo server did not start');
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

const rssMB = () => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

// --- wrk ----------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'hostsign-load-'));
const lua = (s) => '"' + [...Buffer.from(s, 'utf8')].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : '\\' + String(b).padStart(3, '0'))).join('') + '"';
const rawRequest = (headerLines) =>
  `GET /api/hello HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` + headerLines.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
const listFile = join(dir, 'requests.lua');
writeFileSync(
  listFile,
  'return {\n' +
    entries.map(([kind, want, h]) => `{k=${lua(kind)},c=${lua(want)},s=${want === 'ok' ? 200 : 401},r=${lua(rawRequest(h))}},`).join('\n') +
    '\n}\n',
);

function wrk(seconds, max) {
  return new Promise((resolve, reject) => {
    const args = ['-t', String(THREADS), '-c', String(THREADS), '-d', `${seconds}s`, '--timeout', '5s', '--latency',
      '-s', join(root, 'bench/load/mixed.lua'), `http://127.0.0.1:${port}/api/hello`, '--', listFile, String(Math.ceil(max / THREADS))];
    const p = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', () => {
      const line = out.split('\n').find((l) => l.startsWith('LOAD-RESULT '));
      if (!line) return reject(new Error(`wrk printed no result:\n${out}`));
      resolve(JSON.parse(line.slice('LOAD-RESULT '.length)));
    });
  });
}

const rssStart = rssMB();
const warm = await wrk(WARMUP, MAX);
const rssWarm = rssMB();
let rssPeak = rssWarm;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMB())), 250);
const res = await wrk(SECONDS, MAX);
clearInterval(sampler);
const rssEnd = rssMB();
rssPeak = Math.max(rssPeak, rssEnd);
server.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });

// --- Report ---------------------------------------------------------------------

const seconds = res.duration_us / 1e6;
const errors = Object.values(res.errors).reduce((a, b) => a + b, 0) + warm.errors.connect + warm.errors.read + warm.errors.write + warm.errors.timeout;
const leaked = MARKERS.some((m) => serverOutput.includes(m));
const byKind = {};
for (const [k, v] of Object.entries(res.counts)) byKind[k] = v;
const ms = (us) => (us / 1000).toFixed(2);
const lines = [
  `load: ${new Date().toISOString()}, node ${process.version}, wrk -t${THREADS} -c${THREADS} (one connection per thread), ${entries.length} distinct requests`,
  `load: ${res.responses} responses in ${seconds.toFixed(1)} s = ${Math.round(res.requests / seconds)} req/s; latency p50 ${ms(res.latency_us.p50)} ms, p90 ${ms(res.latency_us.p90)} ms, p99 ${ms(res.latency_us.p99)} ms, max ${ms(res.latency_us.max)} ms`,
  `load: misjudged ${res.misjudged + warm.misjudged} (warm-up ${warm.responses} responses included), unpaired ${res.unpaired + warm.unpaired}, socket errors ${errors}`,
  `load: verdicts (kind:got) ${JSON.stringify(Object.fromEntries(Object.entries(byKind).sort()))}`,
  `load: server RSS ${rssStart.toFixed(1)} MB at start, ${rssWarm.toFixed(1)} MB after warm-up, ${rssEnd.toFixed(1)} MB at end (peak ${rssPeak.toFixed(1)} MB, ${(rssEnd - rssWarm >= 0 ? '+' : '') + (rssEnd - rssWarm).toFixed(1)} MB)`,
  `load: token in the server's output: ${leaked ? 'YES' : 'no'} (${serverOutput.length} bytes scanned)`,
];
if (res.samples) lines.push(`load: misjudged samples: ${res.samples}`);
console.log(lines.join('\n'));
if (OUT) writeFileSync(OUT, lines.join('\n') + '\n');

const failed = res.misjudged + warm.misjudged > 0 || res.unpaired + warm.unpaired > 0 || errors > 0 || leaked || rssEnd - rssWarm > 64 || res.responses === 0;
process.exit(failed ? 1 : 0);
