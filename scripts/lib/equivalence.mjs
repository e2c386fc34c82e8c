// The differential proof behind mutants/equivalent.md: for every mutant an
// entry documents, the original and the mutant are built side by side and
// run over the same inputs; the entry stands only when every output is the
// same. Run by scripts/equivalence.
//
//   node scripts/lib/equivalence.mjs rust [--generated N]
//       cargo mutants --list names the mutants of src/*.rs; each one an entry
//       matches is applied to a scratch copy of the crate (target/equivalence/
//       rust/work), and fuzz/examples/equivalence-dump.rs (every output of the
//       public API over the fuzz corpus, the seeds and N generated cases) is
//       built against it; its digest must equal the original's.
//
//   node scripts/lib/equivalence.mjs js [--report FILE] [--generated N]
//       The JavaScript mutants come from a Stryker report (default
//       target/stryker/mutation.json, of a run over the sources as they are:
//       scripts/mutants js). Each survivor an entry matches is applied to a
//       scratch copy of pkg-template/src (target/equivalence/js/work-K), the
//       package is assembled there as scripts/build does (the wasm is the
//       project's last build), and scripts/lib/equivalence-dump.mjs (every
//       output of the API over the test vectors and N generated cases, each
//       verifier fed the whole stream, then every framework adapter in its
//       framework over a slice of the same cases) runs against it.
//
// Writes bench/results/equivalence-<rust|js>.txt; exits 1 when a documented
// mutant changes an output (a false equivalent: it needs a test), when one
// has no proof, or when an entry matches no mutant (Rust: of the code as it
// is; JavaScript: of the report).
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findEquivalent, readEquivalents, squash } from './equivalents.mjs';

const root = new URL('../..', import.meta.url).pathname;
const [tool, ...rest] = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : dflt;
};
const GENERATED = arg('generated', tool === 'js' ? '6000' : '150000');
const started = Date.now();
const say = (s) => process.stderr.write(`equivalence: [+${Math.round((Date.now() - started) / 1000)}s] ${s}\n`);

/** Applies a change known to alter outputs; throws unless the digest changes. */
async function control(file, from, to, dump, original) {
  const before = readFileSync(file, 'utf8');
  if (!before.includes(from)) throw new Error(`the control's line is gone from ${file}: ${from}`);
  writeFileSync(file, before.replace(from, to));
  const r = await dump();
  writeFileSync(file, before);
  if (r.error || r.digest === original.digest) throw new Error(`the control mutant (${to} in ${file}) ${r.error ? `failed: ${r.error}` : 'gave the same digest: the dump proves nothing'}`);
  say(`control: ${to} -> digest ${r.digest} (differs, as it must)`);
  controlLines.push(`control (a change known to alter results: ${to} in ${file.slice(file.lastIndexOf('/work/') + 6)}): digest ${r.digest}, not the original's, as it must`);
}
const controlLines = [];

async function rust() {
  const base = join(root, 'target/equivalence/rust');
  const work = join(base, 'work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  // The core as a path dependency of the fuzz crate: its manifest, sources
  // and the files its docs include; the fuzz crate with its corpus.
  for (const f of ['Cargo.toml', 'Cargo.lock', 'README.md', 'README.zh-CN.md', 'CHANGELOG.md', 'LICENSE-MIT', 'LICENSE-APACHE', 'src']) {
    if (existsSync(join(root, f))) cpSync(join(root, f), join(work, f), { recursive: true });
  }
  // The workspace's other members are not needed to build the core as a
  // dependency, but cargo reads the root manifest's member list.
  for (const m of /members = \[([^\]]*)\]/.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))[1].match(/"[^"]+"/g).map((s) => s.slice(1, -1))) {
    cpSync(join(root, m, 'Cargo.toml'), join(work, m, 'Cargo.toml'), { recursive: true });
  }
  for (const f of ['Cargo.toml', 'Cargo.lock', 'src', 'examples', 'corpus-min', 'seeds']) cpSync(join(root, 'fuzz', f), join(work, 'fuzz', f), { recursive: true });

  // No debug info: a mutant that moves lines in code left out of the build
  // then leaves the binary byte for byte the same.
  const env = { ...process.env, CARGO_TARGET_DIR: join(base, 'target'), CARGO_TERM_COLOR: 'never', CARGO_PROFILE_RELEASE_DEBUG: '0' };
  const dump = () => {
    const r = spawnSync('cargo', ['run', '-q', '--release', '--example', 'equivalence-dump', '--manifest-path', join(work, 'fuzz/Cargo.toml'), '--', '--generated', GENERATED], {
      env,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (r.status !== 0) return { error: (r.stderr || '').split('\n').slice(-15).join('\n') };
    const m = /^cases (\d+) digest ([0-9a-f]{40})$/m.exec(r.stdout);
    // The binary's own hash: a mutant that leaves it unchanged (the compiler
    // emits the same code, or the code is not in this build, as a
    // cfg(not(feature = "std")) stub) is said so.
    const binary = createHash('sha1').update(readFileSync(join(base, 'target/release/examples/equivalence-dump'))).digest('hex');
    return m ? { cases: Number(m[1]), digest: m[2], binary } : { error: r.stdout };
  };

  say('listing the mutants (cargo mutants --list --json)');
  const list = JSON.parse(execFileSync('cargo', ['mutants', '--list', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 }));
  const entries = readEquivalents(root, 'rust');
  const sources = new Map();
  const lineOf = (file, n) => {
    if (!sources.has(file)) sources.set(file, readFileSync(join(root, file), 'utf8').split('\n'));
    return squash(sources.get(file)[n - 1] ?? '');
  };
  const todo = [];
  for (const m of list) {
    const mutant = { key: squash(m.name.replace(/^([^:]+):\d+:\d+: /, '$1: ')), where: m.name.replace(/^([^:]+:\d+:\d+): .*$/, '$1'), line: lineOf(m.file, m.span.start.line) };
    const e = findEquivalent(entries, mutant);
    if (e) {
      e.used++;
      todo.push({ m, mutant, e });
    }
  }
  say(`${list.length} mutants, ${entries.length} entries, ${todo.length} mutants documented as equivalent`);

  say('the original');
  const original = await dump();
  if (original.error) throw new Error(`the original does not build or run:\n${original.error}`);
  say(`original: ${original.cases} cases, digest ${original.digest}`);
  // The control: a change known to alter results (no freshness check) must
  // change the digest, or the dump proves nothing.
  await control(join(work, 'src/verifier.rs'), 'if age > i128::from(max_age.as_secs()) {', 'if false && age > i128::from(max_age.as_secs()) {', dump, original);

  const results = [];
  for (const [i, { m, mutant, e }] of todo.slice(0, Number(arg('limit', todo.length))).entries()) {
    // The dump builds the core with its default features: `http`
    // (src/http.rs) is not compiled there, so a mutant in it proves nothing.
    if (m.file === 'src/http.rs') {
      results.push({ where: mutant.where, key: mutant.key, entry: e.line, verdict: 'NO PROOF', detail: 'src/http.rs is not built by the dump' });
      say(`${i + 1}/${todo.length} NO PROOF ${m.name}`);
      continue;
    }
    const file = join(work, m.file);
    const before = readFileSync(file, 'utf8');
    const p = spawnSync('patch', ['-s', '-p0', '--no-backup-if-mismatch', file], { input: m.diff, encoding: 'utf8' });
    let r;
    if (p.status !== 0) r = { error: `patch failed: ${p.stdout}${p.stderr}` };
    else r = dump();
    writeFileSync(file, before);
    let verdict = r.error ? (/error(\[E\d+\])?:/.test(r.error) ? 'unviable' : 'error') : r.digest === original.digest && r.cases === original.cases ? 'same' : 'DIFFERS';
    if (verdict === 'same' && r.binary === original.binary) verdict = 'same binary';
    results.push({ where: mutant.where, key: mutant.key, entry: e.line, verdict, detail: r.error ?? r.digest });
    say(`${i + 1}/${todo.length} ${verdict.padEnd(11)} ${m.name}`);
  }
  return { original, results, entries, total: list.length };
}


// The files the dump drives (the API and what it bundles).
// The files the dump drives: the API and what it bundles, and each framework
// adapter in its framework (equivalence-dump-middleware.mjs).
const DUMPED = ['api.js', 'results.js', 'options.js', 'request-headers.js', 'engine.js', 'verifier.js', 'cache.js', 'headers.js', 'middleware.js', 'hono.js', 'express.js', 'koa.js', 'fastify.js', 'nestjs.js', 'egg.js'].map((f) => `pkg-template/src/${f}`);

/** A scratch copy of what the package is assembled from, with the dump. */
function jsWork(work) {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'node_modules'), { recursive: true });
  cpSync(join(root, 'pkg-template'), join(work, 'pkg-template'), { recursive: true });
  cpSync(join(root, 'scripts/lib'), join(work, 'scripts/lib'), { recursive: true });
  cpSync(join(root, 'tests/vectors/cases.json'), join(work, 'tests/vectors/cases.json'));
  cpSync(join(root, 'tests/lib/prng.mjs'), join(work, 'tests/lib/prng.mjs'));
  cpSync(join(root, 'tests/lib/http-cases.mjs'), join(work, 'tests/lib/http-cases.mjs'));
  cpSync(join(root, 'tests/lib/nest-stub'), join(work, 'tests/lib/nest-stub'), { recursive: true });
  for (const f of ['LICENSE-MIT', 'LICENSE-APACHE']) cpSync(join(root, f), join(work, f));
  for (const f of ['wechat_hostsign_bg.js', 'reasons.js']) cpSync(join(root, 'target/wasm-bindgen', f), join(work, 'target/wasm-bindgen', f));
  cpSync(join(root, 'pkg/dist/wechat_hostsign_bg.wasm'), join(work, 'pkg/dist/wechat_hostsign_bg.wasm'));
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name === 'wechat-hostsign' || name.startsWith('.')) continue;
    symlinkSync(join(root, 'node_modules', name), join(work, 'node_modules', name));
  }
  symlinkSync('../pkg', join(work, 'node_modules/wechat-hostsign'));
  const version = JSON.parse(readFileSync(join(root, 'pkg/package.json'), 'utf8')).version;
  // Assembles the package in `work` and runs the dump against it.
  const run = (args, options) =>
    new Promise((resolve) => {
      execFile(process.execPath, args, { cwd: work, encoding: 'utf8', maxBuffer: 1 << 26, ...options }, (error, stdout, stderr) => resolve({ error, stdout, stderr }));
    });
  return async () => {
    const b = await run([join(work, 'scripts/lib/assemble.mjs')], { env: { ...process.env, ASSEMBLE_VERSION: version } });
    if (b.error) return { error: `assemble: ${b.stderr.split('\n').slice(-8).join('\n')}` };
    const r = await run([join(work, 'scripts/lib/equivalence-dump.mjs'), '--generated', GENERATED], { timeout: 600_000 });
    const m = /^cases (\d+) digest ([0-9a-f]{40})$/m.exec(r.stdout);
    return m ? { cases: Number(m[1]), digest: m[2] } : { error: `${r.stdout}${r.stderr}`.split('\n').slice(-8).join('\n') };
  };
}

async function js() {
  const reportFile = arg('report', join(root, 'target/stryker/mutation.json'));
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const entries = readEquivalents(root, 'js');
  const base = join(root, 'target/equivalence/js');
  // Several scratch copies, one mutant at a time each (--jobs, default 2).
  const works = Array.from({ length: Math.max(1, Number(arg('jobs', 2))) }, (_, k) => join(base, `work-${k}`));
  const dumps = works.map(jsWork);
  const [work] = works;
  const [dump] = dumps;

  const todo = [];
  let total = 0;
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const current = readFileSync(join(root, file), 'utf8');
    if (current !== source) throw new Error(`${reportFile} is of another ${file} than the one in the tree: run scripts/mutants js first`);
    const lines = source.split('\n');
    const offset = (p) => lines.slice(0, p.line - 1).reduce((n, l) => n + l.length + 1, 0) + p.column - 1;
    for (const m of mutants) {
      total++;
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const [from, to] = [offset(m.location.start), offset(m.location.end)];
      const mutant = {
        key: squash(`${file}: ${m.mutatorName}: ${source.slice(from, to)} → ${m.replacement}`),
        where: `${file}:${m.location.start.line}:${m.location.start.column}`,
        line: squash(lines[m.location.start.line - 1] ?? ''),
      };
      const e = findEquivalent(entries, mutant);
      if (!e) continue;
      e.used++;
      todo.push({ file, mutated: source.slice(0, from) + m.replacement + source.slice(to), mutant, e });
    }
  }
  say(`${total} mutants in the report, ${entries.length} entries, ${todo.length} survivors documented as equivalent`);
  const original = await dump();
  if (original.error) throw new Error(`the original does not build or run:\n${original.error}`);
  say(`original: ${original.cases} outputs, digest ${original.digest}`);
  // The control: a cache that serves a forged signature must change the digest.
  await control(join(work, 'pkg-template/src/cache.js'), 'return diff === 0 ? e : undefined;', 'return e;', dump, original);
  // And one the middleware part alone can see: Koa's onError that set a body is overwritten.
  await control(join(work, 'pkg-template/src/koa.js'), 'if (called || ctx.body != null) return;', 'if (called) return;', dump, original);
  const chosen = todo.slice(0, Number(arg('limit', todo.length)));
  const results = new Array(chosen.length);
  let next = 0;
  let done = 0;
  // Each scratch copy takes the next mutant until none is left.
  await Promise.all(
    works.map(async (w, k) => {
      for (let i = next++; i < chosen.length; i = next++) {
        const { file, mutated, mutant, e } = chosen[i];
        let verdict;
        let detail = '';
        if (!DUMPED.includes(file)) verdict = 'NO PROOF';
        else {
          const path = join(w, file);
          const before = readFileSync(path, 'utf8');
          writeFileSync(path, mutated);
          const r = await dumps[k]();
          writeFileSync(path, before);
          verdict = r.error ? 'error' : r.digest === original.digest && r.cases === original.cases ? 'same' : 'DIFFERS';
          detail = r.error ?? r.digest;
        }
        results[i] = { where: mutant.where, key: mutant.key, entry: e.line, verdict, detail };
        say(`${++done}/${chosen.length} ${verdict.padEnd(8)} ${mutant.where} ${mutant.key.replace(/^[^:]+: /, '')}`);
      }
    }),
  );
  return { original, results, entries, total };
}

if (tool !== 'rust' && tool !== 'js') {
  console.error('usage: node scripts/lib/equivalence.mjs rust|js [--generated N] [--limit K] [--report FILE] [--jobs N (js)]');
  process.exit(2);
}
const { original, results, entries, total } = await (tool === 'rust' ? rust() : js());
const unused = entries.filter((e) => e.used === 0);
const differs = results.filter((r) => r.verdict === 'DIFFERS' || r.verdict === 'error' || r.verdict === 'NO PROOF');
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const lines = [
  `# Differential proof of the ${tool === 'rust' ? 'Rust' : 'JavaScript'} equivalent mutants (scripts/equivalence ${tool})`,
  '',
  `command: scripts/equivalence ${tool} --generated ${GENERATED}`,
  `commit: ${commit}`,
  `date: ${new Date().toISOString().slice(0, 10)}`,
  `run time: ${Math.round((Date.now() - started) / 1000)} s`,
  tool === 'rust'
    ? `inputs: ${original.cases} cases (fuzz/corpus-min, fuzz/seeds, ${GENERATED} generated structured cases and as many byte edits), every output of verify, parse_referer, parse_hostsign, signature, js_cmp and sign (fuzz/examples/equivalence-dump.rs)`
    : `inputs: the test vectors and ${GENERATED} generated cases; ${original.cases} outputs of createVerifier (8 option sets, each fed the whole stream through verify and verifyRequest in 9 request shapes), the one-shot forms, parsing, signing and refused options (scripts/lib/equivalence-dump.mjs); every framework adapter (Express 5 and 4, node:http, Koa, Egg, Fastify, Hono, NestJS) over a slice of the cases with each onError behaviour, and the configurations each refuses (scripts/lib/equivalence-dump-middleware.mjs)`,
  `original digest: ${original.digest}`,
  ...controlLines,
  '',
  `mutants ${tool === 'rust' ? 'listed' : 'in the report'}: ${total}; documented as equivalent: ${results.length} (entries: ${entries.length}, matching nothing: ${unused.length})`,
  `same output as the original: ${results.filter((r) => r.verdict.startsWith('same')).length}${results.some((r) => r.verdict === 'same binary') ? ` (of which the very same binary: ${results.filter((r) => r.verdict === 'same binary').length}, the compiler emitting the same code or the code not in this build)` : ''}`,
  `do not compile here: ${results.filter((r) => r.verdict === 'unviable').length}`,
  `no proof (a file the dump does not drive): ${results.filter((r) => r.verdict === 'NO PROOF').length}`,
  `DIFFERENT output (false equivalents): ${results.filter((r) => r.verdict === 'DIFFERS' || r.verdict === 'error').length}`,
  '',
];
for (const r of results) lines.push(`${r.verdict.padEnd(11)} ${r.where}: ${r.key.replace(/^[^:]+: /, '')} (equivalent.md:${r.entry})`);
if (unused.length) {
  lines.push('', tool === 'rust' ? 'entries that match no mutant of the code as it is (remove them):' : 'entries that match no survivor of the report (after a full run: remove them):');
  for (const e of unused) lines.push(`  equivalent.md:${e.line}: ${e.key}${e.context ? ` @ ${e.context}` : ''}`);
}
const text = lines.join('\n') + '\n';
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, `bench/results/equivalence-${tool}.txt`), text);
process.stdout.write(text);
process.exit(differs.length > 0 || unused.length > 0 ? 1 : 0);
