// Reads the result of a mutation run (cargo-mutants' outcomes.json, or
// Stryker's mutation.json), matches every survivor against the documented
// equivalent mutants (mutants/equivalent.md), writes a summary and exits 1
// if a survivor is not documented. Used by scripts/mutants.
//
//   node scripts/lib/mutants-report.mjs rust <mutants.out dir> <summary file> [key=value …]
//   node scripts/lib/mutants-report.mjs js <mutation.json> <summary file> [key=value …]
//
// key=value pairs (command, seconds, jobs, shard, …) are printed at the top
// of the summary. mutants/equivalent.md explains its own format.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findEquivalent, readEquivalents, squash } from './equivalents.mjs';

const [tool, input, summaryFile, ...meta] = process.argv.slice(2);
if (!['rust', 'js'].includes(tool) || !input || !summaryFile) {
  console.error('usage: mutants-report.mjs rust|js <result> <summary file> [key=value …]');
  process.exit(2);
}
const root = new URL('../..', import.meta.url).pathname;
const info = Object.fromEntries(meta.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const entries = readEquivalents(root, tool);

// ---------------------------------------------------------------------------
// Results, as { key, line, where, status } with status one of
// caught, missed, timeout, unviable.

function rustResults() {
  const { outcomes } = JSON.parse(readFileSync(join(input, 'outcomes.json'), 'utf8'));
  // After `--iterate`, the mutants caught (or unviable) in earlier runs are
  // only named in previously_caught.txt (and the old unviable.txt).
  const earlier = [];
  const named = (file, status) => {
    if (!existsSync(file)) return;
    for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) earlier.push({ name: line, status });
  };
  // (previously_caught.txt names the unviable ones too: those come first.)
  named(join(input, '..', 'mutants.out.old', 'unviable.txt'), 'unviable');
  named(join(input, 'previously_caught.txt'), 'caught');
  const status = { CaughtMutant: 'caught', MissedMutant: 'missed', Timeout: 'timeout', Unviable: 'unviable' };
  const sources = new Map();
  const out = [];
  for (const o of outcomes) {
    const m = o.scenario?.Mutant;
    if (!m) continue; // the baseline
    if (!sources.has(m.file)) sources.set(m.file, readFileSync(join(root, m.file), 'utf8').split('\n'));
    const name = m.name.replace(/^([^:]+):\d+:\d+: /, '$1: ');
    out.push({
      key: squash(name),
      where: m.name.replace(/^([^:]+:\d+:\d+): .*$/, '$1'),
      line: squash(sources.get(m.file)[m.span.start.line - 1] ?? ''),
      file: m.file,
      status: status[o.summary] ?? o.summary,
      seconds: (o.phase_results ?? []).reduce((s, p) => s + p.duration, 0),
    });
  }
  // What exists only without `std` (the no-clock stubs) is not compiled in
  // the run with every feature: scripts/mutants runs those mutants again
  // without default features (MUTANTS_NOSTD: that run's output), and a
  // mutant caught there is caught.
  const nostd = process.env.MUTANTS_NOSTD;
  if (nostd && existsSync(join(nostd, 'outcomes.json'))) {
    const caughtThere = new Set(
      JSON.parse(readFileSync(join(nostd, 'outcomes.json'), 'utf8'))
        .outcomes.filter((o) => o.scenario?.Mutant && (o.summary === 'CaughtMutant' || o.summary === 'Timeout'))
        .map((o) => o.scenario.Mutant.name),
    );
    for (const r of out) {
      if (r.status === 'missed' && caughtThere.has(`${r.where}: ${r.key.slice(r.file.length + 2)}`)) {
        r.status = 'caught';
        r.nostd = true;
      }
    }
  }
  const seen = new Set(out.map((r) => `${r.where}: ${r.key}`));
  // The mutants of the code as it is now (`cargo mutants --list`, written by
  // scripts/mutants after an --iterate run): an earlier result counts only
  // for a mutant that still exists, so that code moved since the first run
  // is not counted twice (once at its old line, once at its new one).
  const list = process.env.MUTANTS_LIST;
  const current = list && existsSync(list) ? new Set(readFileSync(list, 'utf8').split('\n').filter(Boolean)) : null;
  for (const { name, status } of earlier) {
    if (current && !current.has(name)) continue;
    const m = /^([^:]+):(\d+):(\d+): (.*)$/.exec(name);
    if (!m) continue;
    const [, file, line] = m;
    const r = { key: squash(`${file}: ${m[4]}`), where: `${file}:${line}:${m[3]}`, file, status, line: '' };
    if (seen.has(`${r.where}: ${r.key}`)) continue;
    seen.add(`${r.where}: ${r.key}`);
    if (!sources.has(file)) sources.set(file, readFileSync(join(root, file), 'utf8').split('\n'));
    r.line = squash(sources.get(file)[Number(line) - 1] ?? '');
    out.push(r);
  }
  return out;
}

function jsResults() {
  const report = JSON.parse(readFileSync(input, 'utf8'));
  const status = { Killed: 'caught', Timeout: 'timeout', Survived: 'missed', NoCoverage: 'missed', CompileError: 'unviable', RuntimeError: 'caught', Ignored: 'ignored' };
  const out = [];
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const lines = source.split('\n');
    const offset = (p) => lines.slice(0, p.line - 1).reduce((n, l) => n + l.length + 1, 0) + p.column - 1;
    for (const m of mutants) {
      const original = source.slice(offset(m.location.start), offset(m.location.end));
      out.push({
        key: squash(`${file}: ${m.mutatorName}: ${original} → ${m.replacement}`),
        where: `${file}:${m.location.start.line}:${m.location.start.column}`,
        line: squash(lines[m.location.start.line - 1] ?? ''),
        file,
        status: status[m.status] ?? m.status,
        detail: m.status,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------

const results = tool === 'rust' ? rustResults() : jsResults();
const count = (list, s) => list.filter((r) => r.status === s).length;
const survivors = results.filter((r) => r.status === 'missed');
const documented = [];
const undocumented = [];
for (const r of survivors) {
  const e = findEquivalent(entries, r);
  if (e) {
    e.used++;
    documented.push([r, e]);
  } else undocumented.push(r);
}
// Entries that matched a mutant that was run and caught: no longer equivalent.
const stale = [];
for (const r of results.filter((x) => x.status === 'caught')) {
  const e = findEquivalent(entries, r);
  if (e) stale.push([r, e]);
}
// A timeout of a documented equivalent mutant is a slow run, not a hang (the
// tests passed, late: a loaded machine); counted as a timeout, listed apart.
const slow = results.filter((x) => x.status === 'timeout').map((r) => [r, findEquivalent(entries, r)]).filter(([, e]) => e);

const total = results.length;
const caught = count(results, 'caught');
const timeout = count(results, 'timeout');
const unviable = count(results, 'unviable');
const missed = survivors.length;
const viable = caught + timeout + missed;
const pct = (n, d) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)} %`);

const lines = [];
const title = tool === 'rust' ? 'cargo-mutants over the core crate (src/*.rs)' : 'Stryker over the JavaScript layer (pkg-template/src)';
lines.push(`# ${title}`, '');
for (const [k, v] of Object.entries(info)) lines.push(`${k}: ${v}`);
lines.push(
  '',
  `mutants: ${total}`,
  `caught: ${caught}${tool === 'js' ? ` (of which runtime errors: ${results.filter((r) => r.detail === 'RuntimeError').length})` : ''}`,
  `timeouts: ${timeout} (a mutant that hangs the tests counts as caught)`,
  `missed: ${missed}${tool === 'js' ? ` (survived ${results.filter((r) => r.detail === 'Survived').length}, no coverage ${results.filter((r) => r.detail === 'NoCoverage').length})` : ''}`,
  `unviable: ${unviable} (${tool === 'rust' ? 'does not compile' : 'compile errors'}; not counted)`,
  ...(results.some((r) => r.nostd) ? [`caught only without std (the no-clock stubs, run again with --no-default-features): ${results.filter((r) => r.nostd).length}`] : []),
  `mutation score: ${pct(caught + timeout, viable)} (caught + timeouts of the viable mutants)`,
  `missed and documented as equivalent: ${documented.length}; undocumented: ${undocumented.length}`,
  `score counting the documented equivalents as out of scope: ${pct(caught + timeout, viable - documented.length)}`,
  '',
  'per file (caught / timeout / missed / unviable):',
);
for (const file of [...new Set(results.map((r) => r.file))].sort()) {
  const rs = results.filter((r) => r.file === file);
  lines.push(`  ${file.padEnd(32)} ${String(rs.length).padStart(4)}: ${count(rs, 'caught')} / ${count(rs, 'timeout')} / ${count(rs, 'missed')} / ${count(rs, 'unviable')}`);
}
lines.push('', `undocumented survivors (${undocumented.length}): a test should catch each, or mutants/equivalent.md should say why none can`);
for (const r of undocumented) lines.push(`  ${r.where}: ${r.key.slice(r.file.length + 2)}${r.detail ? ` [${r.detail}]` : ''}`, `      ${r.line}`);
lines.push('', `documented equivalent survivors (${documented.length}):`);
for (const [r, e] of documented) lines.push(`  ${r.where}: ${r.key.slice(r.file.length + 2)}`, `      why (equivalent.md:${e.line}): ${e.why}`);
if (slow.length) {
  lines.push('', `timeouts of documented equivalent mutants (${slow.length}): the tests were slow, not failing (see the logs)`);
  for (const [r, e] of slow) lines.push(`  ${r.where}: ${r.key.slice(r.file.length + 2)} (equivalent.md:${e.line})`);
}
if (stale.length) {
  lines.push('', `equivalent.md entries that matched a CAUGHT mutant (${stale.length}): narrow them with " @ context" or remove them`);
  for (const [r, e] of stale) lines.push(`  equivalent.md:${e.line} matched ${r.where}: ${r.key.slice(r.file.length + 2)}`);
}
const text = lines.join('\n') + '\n';
mkdirSync(dirname(summaryFile), { recursive: true });
writeFileSync(summaryFile, text);
process.stdout.write(text);
// A stale entry hides nothing today (the mutant it names is caught), so it
// is reported, not failed.
process.exit(undocumented.length > 0 ? 1 : 0);
