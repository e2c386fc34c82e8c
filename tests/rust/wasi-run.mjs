// Runs a wasm32-wasip1 program under Node's WASI host: cargo's runner for
// that target (CARGO_TARGET_WASM32_WASIP1_RUNNER, scripts/suites/15-rust-targets).
//   node tests/rust/wasi-run.mjs program.wasm [args…]
// The repository is preopened at its own absolute path, so tests that read
// files by CARGO_MANIFEST_DIR (tests/vectors/*.json) find them; nothing else
// of the file system is visible. Exits with the program's status.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { fileURLToPath } from 'node:url';
import { basename } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const [program, ...args] = process.argv.slice(2);
if (!program) {
  console.error('usage: node tests/rust/wasi-run.mjs program.wasm [args…]');
  process.exit(2);
}
const wasi = new WASI({
  version: 'preview1',
  args: [basename(program), ...args],
  env: { RUST_BACKTRACE: '0' },
  preopens: { [root]: root },
  returnOnExit: true,
});
const module = await WebAssembly.compile(readFileSync(program));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
