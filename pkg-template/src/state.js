// Which runtime entry loaded the package: set once by that entry, read by
// engine.js on first use. (The first entry to load wins; all produce the same
// wasm instance shape.)

let current = null;

/**
 * @param {{
 *   instantiate(imports: object): WebAssembly.Exports,
 *   getRandomValues(a: Uint8Array): Uint8Array,
 *   encodeIntoFirst?: boolean, // TextEncoder.encodeInto beats a JS loop for short ASCII here
 * }} l
 */
export function setLoader(l) {
  if (current === null) current = l;
}

export function loader() {
  if (current === null) {
    throw new Error('wechat-hostsign: import the package by its name so that its exports map picks a runtime entry');
  }
  return current;
}
