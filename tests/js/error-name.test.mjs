// The error class is called HostSignError wherever it is loaded from: its
// constructor.name is what Node's logger, NestJS's and Midway's print, and a
// bundler renames a class whose name collides with another binding (esbuild
// made it HostSignError2 beside the exported const). Each entry in a fresh
// process, since the first one loaded registers the class for the realm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HostSignError, createVerifier } from 'wechat-hostsign';

const dist = fileURLToPath(new URL('../../pkg/dist/', import.meta.url));

// Prints the class's name, the error's, and how util.inspect shows it.
const PROBE = `
  const { HostSignError, createVerifier } = LOAD;
  let e;
  try { createVerifier({}); } catch (err) { e = err; }
  const util = require('node:util');
  console.log(JSON.stringify({
    cls: HostSignError.name, ctor: e.constructor.name, name: e.name, same: e instanceof HostSignError,
    shown: util.inspect(e).split('\\n')[0], str: String(e).split(':')[0],
  }));`;

const LOADS = {
  'import (node.js)': ['--input-type=module', `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); ${PROBE.replace('LOAD', `await import(${JSON.stringify(dist + 'node.js')})`)}`],
  'import (node-legacy.js)': ['--input-type=module', `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); ${PROBE.replace('LOAD', `await import(${JSON.stringify(dist + 'node-legacy.js')})`)}`],
  'import (default.js)': ['--input-type=module', `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); ${PROBE.replace('LOAD', `await import(${JSON.stringify(dist + 'default.js')})`)}`],
  'require (node.cjs)': ['--input-type=commonjs', PROBE.replace('LOAD', `require(${JSON.stringify(dist + 'node.cjs')})`)],
};

for (const [how, args] of Object.entries(LOADS)) {
  test(`HostSignError is named HostSignError: ${how}`, () => {
    const got = JSON.parse(execFileSync(process.execPath, [args[0], '-e', args[1]], { encoding: 'utf8' }));
    const { shown, ...rest } = got;
    assert.deepEqual(rest, { cls: 'HostSignError', ctor: 'HostSignError', name: 'HostSignError', same: true, str: 'HostSignError' });
    // util.inspect writes "HostSignError2 [HostSignError]: …" when the class's name differs from the error's.
    assert.match(shown, /^HostSignError: No token/);
  });
}

// And in this process, through the package's own exports: the same class,
// with the same name (the test files Stryker runs for a mutant are those
// that load the package themselves).
test('HostSignError is named HostSignError: this process', () => {
  assert.equal(HostSignError.name, 'HostSignError');
  let e;
  try {
    createVerifier({});
  } catch (err) {
    e = err;
  }
  assert.equal(e.constructor, HostSignError);
  assert.equal(e.constructor.name, 'HostSignError');
});
