// The error a function throws, for tests that look at it (the test fails if
// nothing is thrown).
import assert from 'node:assert/strict';

/** The error `fn` throws (it must throw). */
export function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail('did not throw');
}
