// Stryker has no --iterate: scripts/mutants js --iterate re-runs only the
// lines where the last full run left survivors, and this merges the two.
//
//   node scripts/lib/stryker-merge.mjs ranges <full.json>
//       prints `--mutate` and the file:line-line ranges of every line with a
//       mutant that survived or had no coverage, or timed out: on a busy
//       machine a slow test run times out as a hanging mutant does, and
//       counts as caught, so a timeout is tried again too
//   node scripts/lib/stryker-merge.mjs merge <full.json> <rerun.json> <out.json>
//       the full report with each re-run mutant's result in place of the
//       old one (matched by file, location, mutator and replacement; the
//       sources must not have changed in between, which it checks)
import { readFileSync, writeFileSync } from 'node:fs';

const [mode, fullFile, rerunFile, outFile] = process.argv.slice(2);
const full = JSON.parse(readFileSync(fullFile, 'utf8'));
const again = (m) => m.status === 'Survived' || m.status === 'NoCoverage' || m.status === 'Timeout';

if (mode === 'ranges') {
  const ranges = [];
  for (const [file, { mutants }] of Object.entries(full.files)) {
    // Whole lines, from a survivor's first line to its last (a range
    // selects the mutants that lie within it), overlapping ones joined.
    const spans = mutants.filter(again).map((m) => [m.location.start.line, m.location.end.line]).sort((a, b) => a[0] - b[0]);
    const joined = [];
    for (const [a, b] of spans) {
      const last = joined.at(-1);
      if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
      else joined.push([a, b]);
    }
    for (const [a, b] of joined) ranges.push(`${file}:${a}-${b}`);
  }
  if (ranges.length === 0) throw new Error('stryker-merge: the full run left no survivor');
  console.log('--mutate');
  console.log(ranges.join(','));
} else if (mode === 'merge') {
  const rerun = JSON.parse(readFileSync(rerunFile, 'utf8'));
  const id = (m) => `${m.location.start.line}:${m.location.start.column}-${m.location.end.line}:${m.location.end.column} ${m.mutatorName} ${m.replacement}`;
  let replaced = 0;
  for (const [file, { source, mutants }] of Object.entries(rerun.files)) {
    const old = full.files[file];
    if (!old) throw new Error(`stryker-merge: ${file} is not in the full run`);
    if (old.source !== source) throw new Error(`stryker-merge: ${file} changed since the full run; run it again in full`);
    const byId = new Map(old.mutants.map((m, i) => [id(m), i]));
    for (const m of mutants) {
      const i = byId.get(id(m));
      if (i === undefined) throw new Error(`stryker-merge: ${file} ${id(m)} is not in the full run`);
      old.mutants[i] = { ...m, id: old.mutants[i].id };
      replaced++;
    }
  }
  writeFileSync(outFile, JSON.stringify(full));
  console.error(`stryker-merge: ${replaced} mutants re-run and merged into the full run's ${Object.values(full.files).reduce((n, f) => n + f.mutants.length, 0)}`);
} else {
  console.error('usage: stryker-merge.mjs ranges <full.json> | merge <full.json> <rerun.json> <out.json>');
  process.exit(2);
}
