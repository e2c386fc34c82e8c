// mutants/equivalent.md, read: the documented equivalent mutants and how a
// mutant is matched to one. Shared by scripts/lib/mutants-report.mjs (the
// score) and scripts/lib/equivalence.mjs (the differential proof).
//
// Under "## Rust" and "## JavaScript", one bullet per equivalent mutant (or
// group of identical ones):
//   - `KEY` — why it cannot be caught
//   - `KEY @ CONTEXT` — … (only the mutants whose source line contains CONTEXT)
// KEY is the mutant's name without line and column:
//   Rust: "src/json.rs: replace > with >= in plain_run" (as cargo mutants --list names it)
//   JS:   "pkg-template/src/engine.js: EqualityOperator: n > limit → n >= limit"
//         (Stryker's mutator, the original code and its replacement, whitespace squashed;
//         a trailing … matches any longer original or replacement)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const squash = (s) => s.replace(/\s+/g, ' ').trim();

/** The entries of one tool ('rust' or 'js'): { key, context, why, line, used }. */
export function readEquivalents(root, tool) {
  const text = readFileSync(join(root, 'mutants/equivalent.md'), 'utf8');
  const want = tool === 'rust' ? /^## Rust/ : /^## JavaScript/;
  const entries = [];
  let inSection = false;
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('## ')) inSection = want.test(line);
    if (!inSection) return;
    const m = /^- `([^`]+)`\s*(?:—|--)\s*(.+)$/.exec(line);
    if (!m) return;
    const [key, context] = m[1].split(' @ ');
    entries.push({ key: squash(key), context: context && squash(context), why: m[2].trim(), line: i + 1, used: 0 });
  });
  return entries;
}

function keyMatches(entryKey, key) {
  if (entryKey === key) return true;
  // "… → …" with ellipses: each side is a prefix.
  if (!entryKey.includes('…')) return false;
  const parts = entryKey.split('…');
  let at = 0;
  for (const [i, p] of parts.entries()) {
    const found = i === 0 ? (key.startsWith(p) ? 0 : -1) : key.indexOf(p, at);
    if (found < 0) return false;
    at = found + p.length;
  }
  return parts.at(-1) === '' || at === key.length;
}

// CONTEXT is text of the mutant's source line, or ":N" for its column (two
// identical mutants on one line).
function contextMatches(context, mutant) {
  if (!context) return true;
  const col = /^:(\d+)$/.exec(context);
  return col ? mutant.where.endsWith(`:${col[1]}`) : mutant.line.includes(context);
}

/** The entry documenting `mutant` ({ key, where, line }), or undefined. */
export function findEquivalent(entries, mutant) {
  return entries.find((e) => keyMatches(e.key, mutant.key) && contextMatches(e.context, mutant));
}
