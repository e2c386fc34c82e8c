// explain.js (pkg-template/src, shipped in pkg/dist): the analysis the
// playground and `wechat-hostsign verify --explain` show, over the built
// package; and view(), which decides what is shown while the token is hidden.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import * as api from 'wechat-hostsign';
import {
  analyse,
  view,
  shownToken,
  MASK,
  explainSort,
  firstDifference,
  byteOrderDiffers,
  diffPositions,
  ageState,
  timeline,
  parseNow,
} from '../../pkg/dist/explain.js';
import { describeUnit, formatDuration, say } from '../../pkg/dist/i18n.js';

const RUNS = Number(process.env.FC_RUNS ?? 1000);
const A = 'wx0123456789abcdef';
const TS = 1711421951;
const signed = api.sign({ appid: A, token: 'playground-token', noncestr: 'c3b4a7e9d0f1a2b3c4d5e6f708192a3b', timestamp: TS, version: 3 });
const base = { referer: signed.referer, hostsign: signed.hostsign, tokens: ['playground-token'], now: TS + 30 };

test('valid: OK, the parts, the sort and the matching digest', () => {
  const m = analyse(api, base);
  assert.equal(m.result.ok, true);
  assert.equal(m.result.appid, A);
  assert.deepEqual(m.parts.map((p) => p.value), [A, 'c3b4a7e9d0f1a2b3c4d5e6f708192a3b', String(TS), 'playground-token']);
  assert.deepEqual(m.sort.sorted.map((p) => p.name), ['timestamp', 'noncestr', 'token', 'appid']);
  assert.equal(m.digests[0].matches, true);
  assert.equal(m.digests[0].expected, signed.signature);
  assert.equal(m.received, signed.signature);
  assert.equal(m.age, 30);
  assert.equal(m.ageState, 'valid');
  assert.equal(m.timestampForm, 'number');
  const joined = m.joined.map((p) => p.value).join('');
  assert.equal(createHash('sha1').update(joined).digest('hex'), signed.signature);
});

test('forged: BAD_SIGNATURE, and both digests with the differing positions', () => {
  const forged = signed.hostsign.replace(/"signature":"(.)/, (_, c) => `"signature":"${c === '0' ? '1' : '0'}`);
  const m = analyse(api, { ...base, hostsign: forged });
  assert.equal(m.result.code, 'BAD_SIGNATURE');
  assert.equal(m.digests[0].expected, signed.signature);
  assert.notEqual(m.received, signed.signature);
  assert.deepEqual(m.digests[0].diff, diffPositions(signed.signature, m.received));
  assert.equal(m.digests[0].diff.filter(Boolean).length, 1);
  assert.deepEqual(m.advice, [{ key: 'advice.digests' }]);
  assert.match(say('en', m.advice[0]), /digests differ/);
});

test('a wrong token with spaces around the right one is pointed out', () => {
  const m = analyse(api, { ...base, tokens: ['old-token', ' playground-token\n'] });
  assert.equal(m.result.code, 'BAD_SIGNATURE');
  assert.equal(m.trimmedMatch, 1);
  assert.deepEqual(m.advice, [{ key: 'advice.trimmed', n: 2 }]);
  assert.match(say('en', m.advice[0]), /Token #2 has spaces/);
  assert.match(say('zh-CN', m.advice[0]), /第 2 个插件 Token 首尾带了空格/);
});

test('rotation: which token matches, and that one is shown', () => {
  const m = analyse(api, { ...base, tokens: ['new-token', 'playground-token'] });
  assert.equal(m.result.ok, true);
  assert.equal(m.result.tokenIndex, 1);
  assert.deepEqual(m.digests.map((d) => d.matches), [false, true]);
  assert.equal(m.shownToken, 1);
  assert.equal(m.parts[3].value, 'playground-token');
});

test('expired and not yet valid, with the time-zone hint', () => {
  const old = analyse(api, { ...base, now: TS + 661 });
  assert.equal(old.result.code, 'EXPIRED');
  assert.equal(old.ageState, 'expired');
  const tz = analyse(api, { ...base, now: TS + 8 * 3600 + 20 });
  assert.deepEqual(tz.advice.map((a) => a.key), ['advice.older', 'advice.timezone']);
  assert.match(tz.advice.map((a) => say('en', a)).join(' '), /8 h older.*about 8 h/);
  assert.match(tz.advice.map((a) => say('zh-CN', a)).join(' '), /早 8 小时.*约为 8 小时/);
  const early = analyse(api, { ...base, now: TS - 61 });
  assert.equal(early.result.code, 'NOT_YET_VALID');
  assert.equal(early.ageState, 'not-yet-valid');
  assert.equal(analyse(api, { ...base, now: TS + 5000, maxAge: null }).result.ok, true);
});

test('header problems come first; no token is INVALID_OPTIONS only once the headers are fine', () => {
  assert.equal(analyse(api, { ...base, referer: 'https://evil.example/?https://servicewechat.com/' }).result.code, 'MALFORMED_REFERER');
  assert.equal(analyse(api, { ...base, referer: undefined }).result.code, 'MISSING_REFERER');
  assert.equal(analyse(api, { ...base, hostsign: '{}', tokens: [] }).result.code, 'UNSIGNED');
  const none = analyse(api, { ...base, tokens: [''] });
  assert.equal(none.result.code, 'INVALID_OPTIONS');
  assert.match(none.result.message, /token/);
  assert.equal(none.sort, undefined);
  assert.equal(analyse(api, { ...base, now: NaN }).result.code, 'INVALID_OPTIONS');
  assert.equal(analyse(api, { ...base, appids: ['wx1111111111111111'] }).result.code, 'APPID_NOT_ALLOWED');
  assert.equal(analyse(api, { ...base, versions: ['develop'] }).result.code, 'VERSION_NOT_ALLOWED');
  assert.equal(analyse(api, { ...base, versions: [] }).result.code, 'INVALID_OPTIONS');
});

test('the token never appears in a result message or advice', () => {
  const token = 'secret-token-value';
  for (const now of [TS, TS + 5000, TS - 5000]) {
    for (const hostsign of [signed.hostsign, '{}', 'x']) {
      const m = analyse(api, { ...base, hostsign, tokens: [token], now });
      const words = [...m.advice, ...m.hints, ...m.notes].flatMap((x) => [say('en', x), say('zh-CN', x)]);
      assert.ok(!JSON.stringify([m.result, m.advice, m.hints, m.notes, words, view(m, false)]).includes(token));
    }
  }
});

test('firstDifference: code units, prefixes, equality', () => {
  assert.deepEqual(firstDifference('abc', 'abd'), { kind: 'unit', index: 2, a: 0x63, b: 0x64, order: -1 });
  assert.deepEqual(firstDifference('ab', 'abc'), { kind: 'prefix', index: 2, order: -1 });
  assert.deepEqual(firstDifference('Z', 'a'), { kind: 'unit', index: 0, a: 0x5a, b: 0x61, order: -1 });
  assert.equal(firstDifference('x', 'x').kind, 'equal');
  // An astral character (surrogates, 0xD83D…) sorts before U+E000 in UTF-16, after it in UTF-8.
  assert.equal(firstDifference('\u{1F600}', '\uE000').order, -1);
  assert.ok(byteOrderDiffers([{ value: '\u{1F600}' }, { value: '\uE000' }]));
  assert.ok(!byteOrderDiffers([{ value: 'b' }, { value: 'a' }]));
});

test(`explainSort orders like [].sort() and every step explains it (${RUNS} random quadruples)`, () => {
  const s = fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('a', 'A', 'ab', '\uE000', '\u{1F600}', '1711421951', ''));
  fc.assert(
    fc.property(fc.tuple(s, s, s, s), (values) => {
      const parts = values.map((value, i) => ({ name: `p${i}`, value }));
      const { sorted, steps } = explainSort(parts);
      assert.deepEqual(sorted.map((p) => p.value), values.slice().sort());
      assert.equal(steps.length, 3);
      for (const st of steps) {
        assert.ok(st.order <= 0);
        if (st.kind === 'unit') {
          assert.ok(st.a < st.b);
          assert.equal(st.left.value.slice(0, st.index), st.right.value.slice(0, st.index));
          assert.equal(st.left.value.charCodeAt(st.index), st.a);
          assert.equal(st.right.value.charCodeAt(st.index), st.b);
        } else if (st.kind === 'prefix') {
          assert.ok(st.right.value.startsWith(st.left.value));
        } else assert.equal(st.left.value, st.right.value);
      }
    }),
    { numRuns: RUNS },
  );
});

test('describeUnit names surrogates and invisible units', () => {
  assert.equal(describeUnit(0x61), "U+0061 'a'");
  assert.equal(describeUnit(0xd83d), 'U+D83D (high surrogate)');
  assert.equal(describeUnit(0x20), 'U+0020 \' \'');
  assert.equal(describeUnit(0x0a), 'U+000A');
  assert.equal(describeUnit(0xdc00, 'zh-CN'), 'U+DC00（低位代理项）');
});

test('age: states at the window edges, the timeline geometry, durations, now parsing', () => {
  assert.equal(ageState(660, 660, 60), 'valid');
  assert.equal(ageState(661, 660, 60), 'expired');
  assert.equal(ageState(-60, 660, 60), 'valid');
  assert.equal(ageState(-61, 660, 60), 'not-yet-valid');
  assert.equal(ageState(1e9, null, 60), 'valid');
  const g = timeline(30, 660, 60);
  assert.deepEqual(g.zones.map((z) => z.state), ['not-yet-valid', 'valid', 'expired']);
  assert.equal(g.zones[0].from, 0);
  assert.equal(g.zones[2].to, 100);
  assert.ok(g.ticks.skew < g.ticks.zero && g.ticks.zero < g.marker && g.marker < g.ticks.maxAge);
  assert.equal(g.clamped, null);
  assert.equal(timeline(86400, 660, 60).clamped, 'right');
  assert.equal(timeline(-86400, 660, 60).clamped, 'left');
  assert.equal(timeline(10, null, 60).zones.length, 2);
  assert.equal(formatDuration(42), '42 s');
  assert.equal(formatDuration(-149), '2 min 29 s');
  assert.equal(formatDuration(8 * 3600 + 20), '8 h');
  assert.equal(formatDuration(3 * 86400 + 7200), '3 d 2 h');
  assert.equal(formatDuration(-149, 'zh-CN'), '2 分 29 秒');
  assert.equal(formatDuration(3 * 86400 + 7200, 'zh-CN'), '3 天 2 小时');
  assert.equal(parseNow(' 1711421951 '), 1711421951);
  assert.equal(parseNow('2024-03-26T02:59:11Z'), 1711421951);
  assert.ok(Number.isNaN(parseNow('soon')));
});

// Issue 16 item 7: while the token is hidden, nothing shown may depend on it
// (its length, where it sorts, where it first differs from another part).
test(`view() with the token hidden is the same whatever the token (${RUNS} random tokens)`, () => {
  const nonce = 'c3b4a7e9d0f1a2b3c4d5e6f708192a3b';
  const reference = JSON.stringify(view(analyse(api, { ...base, tokens: ['x'] }), false));
  const token = fc.oneof(
    fc.string({ minLength: 1, maxLength: 300 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    fc.nat(32).map((n) => nonce.slice(0, n + 1)), // shares a prefix with the nonce, or is it
    fc.nat(32).map((n) => nonce.slice(0, n) + 'z'),
    fc.constantFrom('playground-token', '0', '~', '\u{1F600}', '\uE000', String(TS), A, `${A}z`),
  );
  fc.assert(
    fc.property(token, (tok) => {
      const m = analyse(api, { ...base, tokens: [tok] });
      assert.equal(JSON.stringify(view(m, false)), reference);
      assert.equal(shownToken(tok, false), MASK);
    }),
    { numRuns: RUNS },
  );
});

test('view(): the hidden form lists the three other parts; revealed, the four with the joined string', () => {
  const m = analyse(api, base);
  const hidden = view(m, false);
  assert.equal(hidden.tokenHidden, true);
  assert.deepEqual(hidden.sort.sorted.map((p) => p.name), ['timestamp', 'noncestr', 'appid']);
  assert.equal(hidden.sort.steps.length, 2);
  assert.equal(hidden.joined, null);
  assert.ok(!JSON.stringify(hidden).includes('playground-token'));
  const shown = view(m, true);
  assert.equal(shown.tokenHidden, false);
  assert.deepEqual(shown.sort.sorted.map((p) => p.name), ['timestamp', 'noncestr', 'token', 'appid']);
  assert.equal(shown.joined.units, m.joinedUnits);
  assert.ok(JSON.stringify(shown).includes('playground-token'));
  // No token yet: the three parts, and no claim that one is hidden.
  const none = view(analyse(api, { ...base, tokens: [] }), true);
  assert.equal(none.tokenMissing, true);
  assert.equal(none.tokenHidden, false);
  assert.equal(none.sort.sorted.length, 3);
  assert.equal(MASK.length, 8);
});
