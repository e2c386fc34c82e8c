// i18n.js (the package's words, shared by the playground and the CLI) and
// www/ui-text.js (the playground's labels): every outcome has a Chinese
// message keyed by its Reason name, every text exists in both languages with
// the same parameters, every key the code uses exists, and the language is
// chosen as documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as api from 'wechat-hostsign';
import REASONS from '../../pkg/dist/reasons.js';
import { analyse } from '../../pkg/dist/explain.js';
import {
  TEXT,
  ZH_REASONS,
  EXTRA_REASONS,
  REASON_NAMES,
  message,
  reasonName,
  say,
  segments,
  t,
  langFromEnv,
  langFromList,
  normalizeLang,
} from '../../pkg/dist/i18n.js';
import UI_TEXT from '../../www/ui-text.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CJK = /[\u4e00-\u9fff]/;

test('every Reason (pkg/dist/reasons.js, from src/error.rs) has a Chinese message, keyed by its name', () => {
  assert.deepEqual(REASON_NAMES, REASONS.map(([name]) => name));
  assert.ok(REASONS.length >= 40);
  const missing = REASON_NAMES.filter((name) => !ZH_REASONS[name]);
  assert.deepEqual(missing, [], `no Chinese message for ${missing.join(', ')}: add it to ZH_REASONS in pkg-template/src/i18n.js`);
  // No stale entries: every Chinese message is for a Reason the package has (or one made here).
  const stale = Object.keys(ZH_REASONS).filter((name) => !REASON_NAMES.includes(name) && !(name in EXTRA_REASONS));
  assert.deepEqual(stale, []);
  for (const [name, code, english] of REASONS) {
    const failure = { ok: false, code, message: english };
    assert.equal(reasonName(failure), name);
    assert.equal(message(failure, 'en'), english);
    assert.equal(message(failure, 'zh-CN'), ZH_REASONS[name]);
    assert.match(ZH_REASONS[name], CJK, name);
  }
});

test('a message the package composed itself gets the code’s Chinese sentence and keeps the English', () => {
  const made = { ok: false, code: 'INVALID_OPTIONS', message: "Unknown option 'tokn'; createVerifier() takes token, tokens…" };
  assert.equal(reasonName(made), null);
  assert.equal(message(made, 'zh-CN'), `配置无效。（${made.message}）`);
  // A real one: HostSignError from the package, matched by its message.
  let thrown;
  try {
    api.createVerifier({ token: 'x', maxAge: -1 });
  } catch (e) {
    thrown = e;
  }
  assert.equal(thrown.code, 'INVALID_OPTIONS');
  assert.equal(message(thrown, 'zh-CN'), ZH_REASONS[reasonName(thrown)]);
});

test('every outcome code has a sentence in both languages; codes never change with the language', () => {
  for (const code of api.CODES) {
    for (const lang of ['en', 'zh-CN']) assert.ok(TEXT[lang][`code.${code}`], `${lang} code.${code}`);
    assert.match(TEXT['zh-CN'][`code.${code}`], CJK);
  }
});

/** `{name}` parameters of a template (functions are not used in the tables). */
const params = (s) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

for (const [name, table] of [
  ['i18n.js TEXT', TEXT],
  ['www/ui-text.js', UI_TEXT],
]) {
  test(`${name}: the same keys in English and Chinese, with the same parameters and balanced code marks`, () => {
    assert.deepEqual(Object.keys(table['zh-CN']).sort(), Object.keys(table.en).sort());
    for (const key of Object.keys(table.en)) {
      const [en, zh] = [table.en[key], table['zh-CN'][key]];
      assert.equal(typeof en, 'string', key);
      assert.deepEqual(params(zh), params(en), `${key}: parameters differ`);
      for (const s of [en, zh]) assert.equal(s.split('`').length % 2, 1, `${key}: unbalanced backticks`);
      // Chinese where the English has words (not for names, units and codes alone).
      if (/[a-z]{3,} [a-z]{3,}/.test(en.replace(/`[^`]*`/g, '')) && !key.startsWith('code.')) assert.match(zh, CJK, `${key} is not translated`);
    }
  });
}

test('every text key the code uses exists in both languages', () => {
  const tables = { en: { ...TEXT.en, ...UI_TEXT.en }, 'zh-CN': { ...TEXT['zh-CN'], ...UI_TEXT['zh-CN'] } };
  const used = new Set();
  const sources = ['pkg-template/src/cli.js', 'pkg-template/src/explain.js', 'pkg-template/src/paste.js', 'pkg-template/src/i18n.js', 'www/app.js', 'www/index.html'];
  for (const f of sources) {
    const src = readFileSync(join(root, f), 'utf8');
    for (const m of src.matchAll(/(?:\btr|\bt\(lang,|\brich|\bsegments\(lang,|UsageError)\(?\s*'([a-z][\w.-]*)'/g)) used.add(m[1]);
    for (const m of src.matchAll(/key: '([a-z][\w.-]*)'/g)) used.add(m[1]);
    for (const m of src.matchAll(/data-i18n(?:-aria|-placeholder)?="([^"]+)"/g)) used.add(m[1]);
    for (const m of src.matchAll(/\? '((?:ui|sort|digest|from|hint|advice|needs|cli)\.[\w.-]+)' : '([\w.-]+)'/g)) used.add(m[1]).add(m[2]);
  }
  // Keys built at run time.
  for (const code of api.CODES) used.add(`code.${code}`);
  for (const s of ['not-yet-valid', 'valid', 'expired']) used.add(`age.state.${s}`);
  for (const k of ['curl', 'http', 'headers', 'fetch', 'values']) used.add(`paste.kind.${k}`);
  for (const f of ['number', 'string']) used.add(`from.timestamp.${f}`);
  for (const c of ['sign', 'verify']) used.add(`cli.help.${c}`);
  assert.ok(used.size > 100, `only ${used.size} keys found: the scan is broken`);
  const missing = [...used].filter((k) => !(k in tables.en) || !(k in tables['zh-CN']));
  assert.deepEqual(missing, []);
});

test('every failure code but INVALID_OPTIONS comes with troubleshooting hints, in both languages', () => {
  const A = 'wx0123456789abcdef';
  const TS = 1711421951;
  const s = api.sign({ appid: A, token: 'tok', noncestr: 'n0', timestamp: TS, version: 3 });
  const base = { referer: s.referer, hostsign: s.hostsign, tokens: ['tok'], now: TS };
  const cases = {
    MISSING_REFERER: { referer: undefined },
    MISSING_HOSTSIGN: { hostsign: undefined },
    MALFORMED_REFERER: { referer: 'https://servicewechat.com/touristappid/devtools/page-frame.html' },
    UNSIGNED: { hostsign: '{"noncestr":"","timestamp":"","signature":""}' },
    MALFORMED_HOSTSIGN: { hostsign: `${s.hostsign}, ${s.hostsign}` },
    APPID_NOT_ALLOWED: { appids: ['wx1111111111111111'] },
    VERSION_NOT_ALLOWED: { versions: ['develop'] },
    BAD_SIGNATURE: { tokens: ['other'] },
    EXPIRED: { now: TS + 8 * 3600 },
    NOT_YET_VALID: { now: TS - 3600 },
  };
  assert.deepEqual(Object.keys(cases).sort(), api.CODES.filter((c) => c !== 'INVALID_OPTIONS').sort());
  for (const [code, change] of Object.entries(cases)) {
    const m = analyse(api, { ...base, ...change });
    assert.equal(m.result.code, code);
    assert.ok(m.hints.length > 0, `${code}: no hint`);
    for (const h of m.hints) {
      assert.ok(TEXT.en[h.key] && TEXT['zh-CN'][h.key], h.key);
      assert.doesNotMatch(say('en', h), /\{\w+\}/, `${h.key}: a parameter is not filled`);
      assert.match(say('zh-CN', h), CJK);
    }
  }
  // The platform's cases, by name.
  const hint = (change) => analyse(api, { ...base, ...change }).hints.map((h) => h.key);
  assert.ok(hint(cases.UNSIGNED).includes('hint.unsigned'));
  assert.ok(hint(cases.APPID_NOT_ALLOWED).includes('hint.preview'));
  assert.ok(hint(cases.MALFORMED_REFERER).includes('hint.touristappid'));
  assert.ok(hint(cases.EXPIRED).includes('hint.clock'));
  assert.ok(hint({ now: TS + 700, maxAge: 300 }).includes('hint.maxAgeShort'));
  assert.ok(hint(cases.MALFORMED_HOSTSIGN).includes('hint.merged'));
  assert.ok(hint({ hostsign: encodeURIComponent(s.hostsign) }).includes('hint.encoded'));
  assert.deepEqual(hint({}), ['hint.rotation']);
});

test('segments: code marks from the template only; a backtick in a value is text', () => {
  assert.deepEqual(segments('en', 'sort.unit', { left: 'a`b', right: 'c', index: 0, a: 'x', b: 'y' }), [
    { text: 'a`b < c: they first differ at index 0, where ', code: false },
    { text: 'x', code: true },
    { text: ' < ', code: false },
    { text: 'y', code: true },
    { text: '', code: false },
  ]);
  assert.equal(t('zh-CN', 'advice.older', { duration: 7200 }), 'timestamp 比“当前时间”早 2 小时。');
  assert.equal(t('en', 'advice.ok', { appid: 'wx1', n: 2, version: { kind: 'release', number: 7 } }).slice(0, 80), 'The request is authentic: signed by WeChat for wx1 with token #2. The version se');
  assert.equal(t('en', 'no.such.key'), 'no.such.key');
});

test('the language: zh* is Chinese, en* English, anything else English', () => {
  assert.equal(normalizeLang('zh'), 'zh-CN');
  assert.equal(normalizeLang('zh-TW'), 'zh-CN');
  assert.equal(normalizeLang('zh_CN.UTF-8'), 'zh-CN');
  assert.equal(normalizeLang('ZH-Hans'), 'zh-CN');
  assert.equal(normalizeLang('en-GB'), 'en');
  assert.equal(normalizeLang('zhx'), null);
  assert.equal(normalizeLang('fr'), null);
  assert.equal(langFromList(['zh-CN', 'en']), 'zh-CN');
  assert.equal(langFromList(['en-US', 'zh-CN']), 'en');
  assert.equal(langFromList(['fr-FR', 'zh']), 'zh-CN');
  assert.equal(langFromList(['fr-FR', 'de']), 'en');
  assert.equal(langFromList([]), 'en');
  assert.equal(langFromEnv({ LANG: 'zh_CN.UTF-8' }), 'zh-CN');
  assert.equal(langFromEnv({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }), 'en');
  assert.equal(langFromEnv({ LC_ALL: '', LC_MESSAGES: 'zh_TW', LANG: 'en_US' }), 'zh-CN');
  assert.equal(langFromEnv({}), 'en');
});
