// signature(): differential against the seed's own formula in node:crypto.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { signature, HostSignError } from 'wechat-hostsign';

const seed = (a, n, t, k) => createHash('sha1').update([a, n, t, k].sort().join('')).digest('hex');
const RUNS = Number(process.env.FC_RUNS ?? 5000);

test('known answer', () => {
  assert.equal(signature('wx0123456789abcdef', 'abc', '1711421951', 'token'), '2aff2d89cff5c5adafec6d11d921ef517441bd66');
});

test('generated vectors (tests/vectors/signature.json)', () => {
  const vectors = JSON.parse(readFileSync(new URL('../vectors/signature.json', import.meta.url)));
  assert.ok(vectors.length >= 400);
  for (const v of vectors) assert.equal(signature(v.appid, v.noncestr, v.timestamp, v.token), v.signature, JSON.stringify(v));
});

test(`equals the seed formula for ${RUNS} random full-Unicode quadruples`, () => {
  // fullUnicodeString: any code point, astral included, never a lone surrogate.
  const s = fc.string({ unit: 'grapheme-composite', maxLength: 12 });
  const full = fc.string({ unit: 'binary', maxLength: 12 });
  fc.assert(
    fc.property(fc.oneof(s, full), fc.oneof(s, full), fc.oneof(s, full), fc.oneof(s, full), (a, n, t, k) => {
      assert.equal(signature(a, n, t, k), seed(a, n, t, k));
    }),
    { numRuns: RUNS },
  );
});

test('equals the seed formula where byte order and UTF-16 order disagree', () => {
  const tricky = fc.constantFrom('a', 'A', 'Z', '0', '9', '', '\u00e9', '\ud7ff', '\ue000', '\uff01', '\uffff', '\u{10000}', '\u{1f600}', '\u{10ffff}');
  const str = fc.array(tricky, { maxLength: 5 }).map((xs) => xs.join(''));
  fc.assert(
    fc.property(str, str, str, str, (a, n, t, k) => {
      assert.equal(signature(a, n, t, k), seed(a, n, t, k));
    }),
    { numRuns: RUNS },
  );
});

test('a numeric timestamp is its digits, as in the seed formula', () => {
  assert.equal(signature('wx0123456789abcdef', 'n', 1711421951, 't'), seed('wx0123456789abcdef', 'n', 1711421951, 't'));
});

test('non-strings and unpaired surrogates throw INVALID_OPTIONS', () => {
  for (const args of [[1, 'n', 't', 'k'], ['a', null, 't', 'k'], ['a', 'n', 1.5, 'k'], ['a', 'n', 't', undefined], ['\ud800', 'n', 't', 'k']]) {
    assert.throws(() => signature(...args), (e) => e instanceof HostSignError && e.code === 'INVALID_OPTIONS');
  }
});
