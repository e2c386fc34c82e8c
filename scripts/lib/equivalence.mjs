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
// Writes bench/results/equivalence-rust.txt; exits 1 when a documented
// mutant changes an output (a false equivalent: it needs a test) or when an
// entry matches no mutant of the code as it is.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findEquivalent, readEquivalents, squash } from './equivalents.mjs';

const root = new URL('../..', import.meta.url).pathname;
const [tool, ...rest] = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : dflt;
};
const GENERATED = arg('generated', '150000');
const started = Date.now();
const say = (s) => process.stderr.write(`equivalence: [+${Math.round((Date.now() - started) / 1000)}s] ${s}\n`);

function rust() {
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

  const env = { ...process.env, CARGO_TARGET_DIR: join(base, 'target'), CARGO_TERM_COLOR: 'never' };
  const dump = () => {
    const r = spawnSync('cargo', ['run', '-q', '--release', '--example', 'equivalence-dump', '--manifest-path', join(work, 'fuzz/Cargo.toml'), '--', '--generated', GENERATED], {
      env,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (r.status !== 0) return { error: (r.stderr || '').split('\n').slice(-15).join('\n') };
    const m = /^cases (\d+) digest ([0-9a-f]{40})$/m.exec(r.stdout);
    return m ? { cases: Number(m[1]), digest: m[2] } : { error: r.stdout };
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
  const original = dump();
  if (original.error) throw new Error(`the original does not build or run:\n${original.error}`);
  say(`original: ${original.cases} cases, digest ${original.digest}`);

  const results = [];
  for (const [i, { m, mutant, e }] of todo.slice(0, Number(arg('limit', todo.length))).entries()) {
    const file = join(work, m.file);
    const before = readFileSync(file, 'utf8');
    const p = spawnSync('patch', ['-s', '-p0', '--no-backup-if-mismatch', file], { input: m.diff, encoding: 'utf8' });
    let r;
    if (p.status !== 0) r = { error: `patch failed: ${p.stdout}${p.stderr}` };
    else r = dump();
    writeFileSync(file, before);
    const verdict = r.error ? (/error(\[E\d+\])?:/.test(r.error) ? 'unviable' : 'error') : r.digest === original.digest && r.cases === original.cases ? 'same' : 'DIFFERS';
    results.push({ where: mutant.where, key: mutant.key, entry: e.line, verdict, detail: r.error ?? r.digest });
    say(`${i + 1}/${todo.length} ${verdict.padEnd(8)} ${m.name}`);
  }
  return { original, results, entries, total: list.length };
}

if (tool !== 'rust') {
  console.error('usage: node scripts/lib/equivalence.mjs rust [--generated N]');
  process.exit(2);
}
const { original, results, entries, total } = rust();
const unused = entries.filter((e) => e.used === 0);
const differs = results.filter((r) => r.verdict === 'DIFFERS' || r.verdict === 'error');
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const lines = [
  '# Differential proof of the Rust equivalent mutants (scripts/equivalence rust)',
  '',
  `command: scripts/equivalence rust --generated ${GENERATED}`,
  `commit: ${commit}`,
  `date: ${new Date().toISOString().slice(0, 10)}`,
  `run time: ${Math.round((Date.now() - started) / 1000)} s`,
  `inputs: ${original.cases} cases (fuzz/corpus-min, fuzz/seeds, ${GENERATED} generated structured cases and as many byte edits), every output of verify, parse_referer, parse_hostsign, signature, js_cmp and sign (fuzz/examples/equivalence-dump.rs)`,
  `original digest: ${original.digest}`,
  '',
  `mutants listed: ${total}; documented as equivalent: ${results.length} (entries: ${entries.length}, matching nothing: ${unused.length})`,
  `same output as the original: ${results.filter((r) => r.verdict === 'same').length}`,
  `do not compile here: ${results.filter((r) => r.verdict === 'unviable').length}`,
  `DIFFERENT output (false equivalents): ${differs.length}`,
  '',
];
for (const r of results) lines.push(`${r.verdict.padEnd(8)} ${r.where}: ${r.key.replace(/^[^:]+: /, '')} (equivalent.md:${r.entry})`);
if (unused.length) {
  lines.push('', 'entries that match no mutant of the code as it is (remove them):');
  for (const e of unused) lines.push(`  equivalent.md:${e.line}: ${e.key}${e.context ? ` @ ${e.context}` : ''}`);
}
const text = lines.join('\n') + '\n';
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/equivalence-rust.txt'), text);
process.stdout.write(text);
process.exit(differs.length > 0 || unused.length > 0 ? 1 : 0);
