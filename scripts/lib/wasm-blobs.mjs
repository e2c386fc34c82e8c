// Lists every copy of the WebAssembly module in a package directory (pkg/,
// or an unpacked npm tarball's package/): the .wasm files, and each module
// inlined as base64 in a JavaScript entry (where Node, Deno, Bun and browsers
// take it from). Prints "<sha256>  <file>" per copy, so that scripts/pack and
// scripts/reproduce can check that every copy is the one recorded.
//   node scripts/lib/wasm-blobs.mjs <package dir>
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/lib/wasm-blobs.mjs <package dir>');
  process.exit(2);
}
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const files = readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => join(e.parentPath, e.name))
  .sort();
let copies = 0;
for (const file of files) {
  const name = relative(dir, file);
  if (file.endsWith('.wasm')) {
    console.log(`${sha256(readFileSync(file))}  ${name}`);
    copies++;
  } else if (/\.[cm]?js$/.test(file)) {
    // "\0asm" in base64 is "AGFzbQ".
    for (const [, b64] of readFileSync(file, 'utf8').matchAll(/["'`](AGFzbQ[A-Za-z0-9+/]*={0,2})["'`]/g)) {
      console.log(`${sha256(Buffer.from(b64, 'base64'))}  ${name} (inlined, base64)`);
      copies++;
    }
  }
}
if (copies === 0) {
  console.error(`wasm-blobs: no WebAssembly module in ${dir}`);
  process.exit(1);
}
