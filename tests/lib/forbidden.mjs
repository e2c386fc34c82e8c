// What a workerd (or edge-light) bundle must never contain: any way of
// compiling WebAssembly from bytes at run time, or the inlined wasm bytes.
const FORBIDDEN = [
  /new\s+WebAssembly\.Module\s*\(/,
  /WebAssembly\.instantiate\s*\(/,
  /WebAssembly\.instantiateStreaming\s*\(/,
  /WebAssembly\.compile\s*\(/,
  /WebAssembly\.compileStreaming\s*\(/,
  /WebAssembly\.validate\s*\(/,
  /["']AGFzbQ/, // base64 of "\0asm": the inlined module
];

/** The forbidden patterns found in `code` (empty when clean). */
export function forbiddenWasmCompile(code) {
  return FORBIDDEN.filter((re) => re.test(code)).map(String);
}
