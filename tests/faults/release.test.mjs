// Giving a verifier's slot back when something threw on the way (issue 23,
// the full mutation run of 2026-12-07): a dispose() while no instance is
// current, a dispose() of a verifier whose instance was given up (its slot
// number now belongs to another verifier in the new instance), and a
// rebuild in the new instance that the engine refuses.
import { instances, signed, withHook, withResult, engineAnswers } from './harness.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from 'wechat-hostsign';

const { createVerifier } = api;
const NOW = 1711421951;
const A = 'wx0123456789abcdef';
const okFor = (noncestr) => ({ ok: true, appid: A, version: { kind: 'develop' }, noncestr, timestamp: NOW, age: 0, tokenIndex: 0 });

/** Makes the next call into wasm throw after it ran, as a stack at its limit can: the instance is then given up. */
function giveUp(v, h) {
  const before = instances.length;
  assert.throws(
    () =>
      withHook(
        () => {
          throw new RangeError('injected: the stack ran out after the call');
        },
        () => v.verify(h, NOW),
      ),
    RangeError,
  );
  return before;
}

test('dispose() right after an instance was given up (none is current) neither throws nor releases anything', () => {
  const token = 'given-up-dispose-token';
  const h = signed({ appid: A, token, noncestr: 'n1', timestamp: NOW });
  const a = createVerifier({ token, cache: false });
  const b = createVerifier({ token, cache: false });
  const before = giveUp(a, h);
  // No instance is current now: the next use makes one.
  b.dispose();
  a.dispose();
  assert.equal(instances.length, before, 'dispose() alone makes no new instance');
  engineAnswers(api, { leftover: [token] });
  assert.ok(instances.length > before);
});

test("dispose() of a verifier from an instance given up releases nothing of the new instance's verifiers", () => {
  const token = 'old-instance-token-4';
  const h = signed({ appid: A, token, noncestr: 'n2', timestamp: NOW });
  // Verifiers in the old instance, in slots 0, 1, 2… (this file's process).
  const old = Array.from({ length: 6 }, (_, i) => createVerifier({ token: `${token}-${i}`, cache: false }));
  const first = createVerifier({ token, cache: false });
  giveUp(first, h);
  // As many in the new instance: the same slot numbers.
  const tokens = Array.from({ length: 8 }, (_, i) => `new-instance-token-${i}`);
  const fresh = tokens.map((t) => createVerifier({ token: t, cache: false }));
  const pairs = tokens.map((t, i) => signed({ appid: A, token: t, noncestr: `m${i}`, timestamp: NOW }));
  for (const v of old) v.dispose();
  first.dispose();
  fresh.forEach((v, i) => assert.deepEqual(v.verify(pairs[i], NOW), okFor(`m${i}`), `verifier ${i} of the new instance`));
  for (const v of fresh) v.dispose();
});

test('a verifier rebuilt in a new instance whose rebuild the engine refuses is never verified with the slot number of the refusal', () => {
  const token = 'rebuilt-token-A';
  const other = 'new-instance-token-B';
  const h = signed({ appid: A, token, noncestr: 'n3', timestamp: NOW });
  const v = createVerifier({ token, cache: false });
  giveUp(v, h);
  // Slot 0 of the new instance holds another verifier.
  const w = createVerifier({ token: other, cache: false });
  const forged = signed({ appid: A, token: other, noncestr: 'n4', timestamp: NOW });
  assert.deepEqual(w.verify(forged, NOW), okFor('n4'));
  // v's rebuild answered "refused" (reason 1, slot bits 0): it must not go on with slot 0.
  let r;
  try {
    r = withResult((name) => (name === 'engine_build' ? 1 : undefined), () => v.verify(forged, NOW));
  } catch (e) {
    assert.ok(e instanceof api.HostSignError, `${e}`);
  }
  assert.notEqual(r?.ok, true, "verified with another verifier's token");
  // Asked again, it is rebuilt for real.
  assert.equal(v.verify(forged, NOW).code, 'BAD_SIGNATURE');
  assert.deepEqual(v.verify(h, NOW), okFor('n3'));
  v.dispose();
  w.dispose();
});
