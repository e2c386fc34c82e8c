// The Chinese texts, as a Chinese-speaking plugin developer reads them
// (issue 22; docs/glossary.md): WeChat's own words, full-width punctuation,
// the npm README in step with the English one, every message in both
// languages, and one Chinese refusal table shared by JavaScript and Rust.
//
// Fails on: 密钥 for the plugin Token (密钥 is what WeChat calls the
// AppSecret); a half-width , ; : ( ) ! ? against a Chinese character in
// prose (code spans, code blocks and link targets excluded); the Chinese npm
// README missing a heading, a code block or an inline-code name of the
// English one; a message key in one language and not the other; the Rust
// table (src/locale.rs) and the JavaScript one (reasons-zh.js) differing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import REASONS from '../../pkg/dist/reasons.js';
import { ZH_REASONS as CORE_ZH, ZH_JOINED_HOSTSIGN } from '../../pkg-template/src/reasons-zh.js';
import { TEXT } from '../../pkg/dist/i18n.js';
import UI_TEXT from '../../www/ui-text.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (f) => readFileSync(join(root, f), 'utf8');
// Chinese characters, and the full-width punctuation that goes with them.
const HAN = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\u3001-\\u3011\\uff01-\\uff1f\\u2014\\u201c\\u201d';

/** Every Chinese page: the READMEs, docs/*.zh-CN.md, SECURITY.zh-CN.md, the glossary. */
const PAGES = [
  'README.zh-CN.md',
  'README.crate.zh-CN.md',
  'pkg-template/README.zh-CN.md',
  'SECURITY.zh-CN.md',
  'docs/glossary.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.zh-CN.md'))
    .map((f) => `docs/${f}`),
];

/** A page's prose: code blocks, code spans, HTML comments, link targets and URLs taken out. */
function prose(markdown) {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '\n')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/`[^`\n]*`/g, ' CODE ')
    .replace(/\]\([^)\s]*\)/g, '] ')
    .replace(/<https?:[^>]*>/g, ' ')
    .replace(/https?:\/\/[^\s)）]*/g, ' URL ')
    .replace(/“[^“”\u4e00-\u9fff]*”/g, ' CODE ');
}

/** Code in running text: a call such as `Date.now()` or `.strict_appid(false)`, a quoted literal such as “, ”. */
const inlineCode = (text) => text.replace(/[\w.$]+\([^()\u4e00-\u9fff]*\)/g, ' CODE ').replace(/“[^“”\u4e00-\u9fff]*”/g, ' CODE ');

/** Chinese strings of a { key: text } table, code spans (between backticks) taken out. */
const tableProse = (table) => Object.values(table).map((t) => inlineCode(String(t).replace(/`[^`]*`/g, ' CODE ')));

/** The half-width , ; : ( ) ! ? next to a Chinese character (a space between counts as next to it). */
function halfWidth(text) {
  const bad = new RegExp(`[${HAN}] ?[,;:()!?]|[,;:()!?] ?[${HAN}]`, 'g');
  const found = [];
  for (const line of text.split('\n')) {
    for (const m of line.matchAll(bad)) found.push(`${m[0]}  in  ${line.trim().slice(0, 120)}`);
  }
  return found;
}

/** The Chinese texts: each page's prose, and the Chinese tables of the code. */
function chineseTexts() {
  const texts = PAGES.map((f) => [f, prose(read(f))]);
  texts.push(['pkg-template/src/reasons-zh.js', tableProse({ ...CORE_ZH, joined: ZH_JOINED_HOSTSIGN }).join('\n')]);
  texts.push(['pkg-template/src/i18n.js (zh-CN)', tableProse(TEXT['zh-CN']).join('\n')]);
  texts.push(['www/ui-text.js (zh-CN)', tableProse(UI_TEXT['zh-CN']).join('\n')]);
  return texts;
}

test('the lint sees what it must: a page of each kind, and it catches what it checks', () => {
  assert.ok(PAGES.length >= 8, PAGES.join(', '));
  assert.equal(halfWidth('插件 Token,在这里').length, 1);
  assert.equal(halfWidth('请检查时钟(NTP)。').length, 2);
  assert.equal(halfWidth('## UNSIGNED: 启动时缺少签名').length, 1);
  assert.equal(halfWidth(prose('用 `a, b` 连接，见 [这里](x.md)。')).length, 0);
  assert.equal(halfWidth('Node 18 (or later), Deno').length, 0);
  assert.equal(halfWidth('请检查时钟（NTP）。').length, 0);
});

test('密钥 is never the plugin Token: WeChat calls the AppSecret 密钥, and the plugin Token 插件 Token', () => {
  const rust = read('src/locale.rs');
  const texts = [...chineseTexts(), ['src/locale.rs', rust]];
  for (const [file, text] of texts) {
    for (const line of text.split('\n')) {
      // 密钥 only where the line names the AppSecret (to tell the two apart).
      if (line.includes('密钥')) assert.match(line, /AppSecret/, `${file}: 密钥 without AppSecret: ${line.trim()}`);
    }
  }
  // The refusals name the plugin Token as WeChat does.
  for (const name of ['BadSignature', 'OptionsNoToken', 'OptionsEmptyToken']) assert.match(CORE_ZH[name], /插件 Token/, name);
  assert.match(CORE_ZH.BadSignature, /插件基本设置/);
});

test('Chinese prose has full-width punctuation (code excluded)', () => {
  const problems = [];
  for (const [file, text] of chineseTexts()) for (const p of halfWidth(text)) problems.push(`${file}: ${p}`);
  assert.deepEqual(problems, []);
});

/** `## Heading` levels, fenced blocks (info string and, but for transcripts and console output, text), inline-code names. */
function shape(markdown) {
  const headings = [...markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^(#{1,6}) /gm)].map((m) => m[1].length);
  const blocks = [...markdown.matchAll(/^(<!--[^\n]*-->\n)?```([^\n]*)\n([\s\S]*?)^```/gm)].map(([, marker = '', info, body]) => ({
    info: `${marker.trim()} ${info}`.trim(),
    // The code, its comments taken out (they are prose, in the page's language).
    body: /transcript/.test(marker) || info === 'console' ? null : body.replace(/[ \t]*(?:\/\/|# ).*$/gm, '').replace(/\n+/g, '\n'),
  }));
  const names = new Set([...markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]));
  return { headings, blocks, names };
}

test('the npm README in Chinese has every heading, code block and inline-code name of the English one', () => {
  const en = shape(read('pkg-template/README.md'));
  const zh = shape(read('pkg-template/README.zh-CN.md'));
  assert.deepEqual(zh.headings, en.headings, 'the headings (their levels, in order) differ');
  assert.deepEqual(
    zh.blocks.map((b) => b.info),
    en.blocks.map((b) => b.info),
    'the code blocks (their markers and languages, in order) differ',
  );
  en.blocks.forEach((b, i) => {
    if (b.body !== null) assert.equal(zh.blocks[i].body, b.body, `code block ${i + 1} (${b.info}) differs`);
  });
  // A name is there as itself, or as its Chinese page (x.md → x.zh-CN.md); a span with "…" paraphrases
  // (`onError(failure, …the framework's arguments)`) and is written in the page's language.
  const missing = [...en.names].filter((n) => !n.includes('…') && !zh.names.has(n) && !zh.names.has(n.replace(/\.md$/, '.zh-CN.md')));
  assert.deepEqual(missing, [], 'inline-code names of the English README missing from the Chinese one');
});

test('every message key exists in both languages', () => {
  for (const [name, table] of [
    ['i18n.js', TEXT],
    ['www/ui-text.js', UI_TEXT],
  ]) {
    const en = Object.keys(table.en).sort();
    const zh = Object.keys(table['zh-CN']).sort();
    assert.deepEqual(
      zh.filter((k) => !en.includes(k)),
      [],
      `${name}: keys only in Chinese`,
    );
    assert.deepEqual(
      en.filter((k) => !zh.includes(k)),
      [],
      `${name}: keys only in English`,
    );
  }
  const names = REASONS.map(([name]) => name);
  assert.deepEqual(Object.keys(CORE_ZH).sort(), [...names].sort(), 'reasons-zh.js and the Rust Reasons (reasons.js) differ');
});

/** The Chinese table of src/locale.rs: `Reason::Name => "text",` (JSON-compatible string literals). */
function rustTable() {
  const src = read('src/locale.rs');
  const body = src.slice(src.indexOf('pub(crate) const fn zh_cn'));
  const out = {};
  for (const m of body.matchAll(/Reason::(\w+)\s*=>\s*\{?\s*("(?:[^"\\]|\\.)*")/g)) out[m[1]] = JSON.parse(m[2]);
  return out;
}

test('Rust answers in the same Chinese words as JavaScript (src/locale.rs = pkg-template/src/reasons-zh.js)', () => {
  const rust = rustTable();
  assert.ok(Object.keys(rust).length >= 40, 'the Rust table was not found');
  assert.deepEqual(rust, { ...CORE_ZH });
});

test('a Chinese refusal says what the English one says about the defaults', () => {
  assert.match(CORE_ZH.Expired, /660 秒/);
  assert.match(CORE_ZH.NotYetValid, /60 秒/);
  for (const [name, , english] of REASONS) {
    // Every option and header named in the English sentence is named in the Chinese one.
    for (const word of english.match(/\b(?:maxAge|max_age|clockSkew|clock_skew|strictAppid|appids|versions|touristappid|X-WECHAT-HOSTSIGN|Referer)\b/g) ?? []) {
      assert.ok(CORE_ZH[name].includes(word), `${name}: the Chinese message does not name ${word}`);
    }
  }
});
