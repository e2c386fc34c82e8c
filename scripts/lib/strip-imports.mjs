// Removes the two functions wasm-bindgen imports from its JavaScript glue
// that this module does not need, so that the shipped .wasm imports nothing:
//   node scripts/lib/strip-imports.mjs <in.wasm> <out.wasm>
//
// Why: V8 compiles a wrapper for each imported function when it compiles the
// module, and the first costs about 0.45 ms (Node 20, measured with
// bench/cold-steps.mjs); the module's compile step drops from 0.9 to 0.4 ms.
//
// - `__wbindgen_init_externref_table` fills wasm-bindgen's externref table,
//   which nothing here uses (no JsValue crosses the boundary); it becomes an
//   empty function and its `__wbindgen_start` export goes (the glue skips
//   start when there is none).
// - `__wbg___wbindgen_throw_*` throws wasm-bindgen's own errors: a null
//   object pointer or a borrow conflict, which the package's JavaScript
//   never causes (it never frees a live object, and nothing calls back into
//   JavaScript from wasm); it becomes a trap, so the misuse still stops
//   there, as a RuntimeError instead of an Error.
//
// The edit is made on binaryen's text form (wasm-dis, then wasm-as), where a
// function is named, not numbered: nothing else in the module changes. Any
// other import, or either import missing, fails the build.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [input, output] = process.argv.slice(2);
const bin = fileURLToPath(new URL('../../node_modules/.bin/', import.meta.url));
const features = ['--enable-bulk-memory', '--enable-reference-types', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-multivalue'];
const dir = mkdtempSync(join(tmpdir(), 'hostsign-strip-'));
try {
  const wat = join(dir, 'module.wat');
  execFileSync(join(bin, 'wasm-dis'), [...features, input, '-o', wat]);
  let text = readFileSync(wat, 'utf8');
  const imports = text.split('\n').filter((line) => /^\s*\(import /.test(line));
  const fail = (why) => {
    throw new Error(`strip-imports: ${why}; imports were:\n${imports.join('\n')}`);
  };
  if (imports.length !== 2) fail(`expected 2 imports`);
  const find = (name) => {
    const re = new RegExp(`^(\\s*)\\(import "\\./wechat_hostsign_bg\\.js" "${name}" \\(func (\\$\\S+)( [^\\n]*)?\\)\\)$`, 'm');
    return text.match(re) ?? fail(`no import matching ${name}`);
  };
  const init = find('__wbindgen_init_externref_table');
  if (init[3]) fail('__wbindgen_init_externref_table takes or returns values');
  text = text.replace(init[0], `${init[1]}(func ${init[2]})`);
  const escaped = init[2].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const start = new RegExp(`^\\s*\\(export "__wbindgen_start" \\(func ${escaped}\\)\\)\\n`, 'm');
  text = text.replace(start, '');
  const thrower = find('__wbg___wbindgen_throw_[0-9a-f]+');
  if (thrower[3]?.trim() !== '(param i32 i32)') fail('the throw import has an unexpected signature');
  text = text.replace(thrower[0], `${thrower[1]}(func ${thrower[2]} (param i32 i32)\n${thrower[1]} (unreachable)\n${thrower[1]})`);
  if (/^\s*\(import /m.test(text)) fail('an import is left');
  writeFileSync(wat, text);
  // -g keeps the function names (wasm-opt strips them from the shipped file).
  execFileSync(join(bin, 'wasm-as'), ['-g', ...features, wat, '-o', output]);
  const left = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(output)));
  if (left.length !== 0) fail(`${left.length} imports left after assembling`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
