// The playground page: verify mode (fields, paste, verdict, explain view),
// sign mode, the share link, in English or Chinese. Everything runs here,
// over the same wasm as the package; after load the page makes no request
// (the CSP forbids it). User input is only ever rendered as text
// (textContent / text nodes). The request reader (paste.js), the analysis
// (explain.js) and their words (i18n.js) are the package's, shared with the
// CLI; ui-text.js has the page's own labels.
import * as api from '/pkg/default.js';
import { parsePaste, curlCommand } from '/pkg/paste.js';
import { analyse, view, shownToken, parseNow, timeline, utc, DEFAULT_MAX_AGE, DEFAULT_CLOCK_SKEW } from '/pkg/explain.js';
import { addTexts, segments, t, say, message, versionText, formatDuration, signedSeconds, describeUnit, beijing, langFromList, normalizeLang } from '/pkg/i18n.js';
import UI_TEXT from '/ui-text.js';

addTexts(UI_TEXT);
const $ = (id) => document.getElementById(id);
const DEMO_ORIGIN = 'http://127.0.0.1:8787';

// ---------------------------------------------------------------------------
// Language: the share link's (#lang=zh or en), else the browser's first zh*
// or en* language, else English. The switch keeps the choice in the URL
// fragment, so a reload or a shared link keeps it; nothing is stored.

let lang = langFromList(navigator.languages ?? [navigator.language]);
const tr = (key, params) => t(lang, key, params);

/** The text for `key` as nodes: what the template puts between backticks becomes <code>. */
function rich(key, params) {
  return segments(lang, key, params).map((s) => (s.code ? h('code', {}, s.text) : s.text));
}

/** Puts every static text of the page in the current language. */
function applyLanguage() {
  document.documentElement.lang = lang;
  document.title = tr('ui.title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.replaceChildren(...rich(el.dataset.i18n));
  for (const el of document.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', tr(el.dataset.i18nAria));
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = tr(el.dataset.i18nPlaceholder);
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  renumberTokens();
}

/** `lang=zh` or `lang=en` in the URL fragment, the other parameters kept. */
function langParam() {
  return lang === 'zh-CN' ? 'zh' : 'en';
}

function setLanguage(next) {
  if (next === lang) return;
  lang = next;
  const params = new URLSearchParams(location.hash.slice(1));
  params.set('lang', langParam());
  history.replaceState(null, '', `#${params}`);
  applyLanguage();
  update(true);
  signNow();
  $('paste-status').textContent = '';
}

for (const b of document.querySelectorAll('[data-lang]')) b.addEventListener('click', () => setLanguage(b.dataset.lang));

/** Builds an element; string children become text nodes, never markup. */
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'testid') el.dataset.testid = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

// What each region was last rendered from. Kept here, not in the DOM: keys
// include the tokens.
const rendered = new WeakMap();

/** Replaces el's content only when `key` changed (keeps selections stable while the clock ticks). */
function renderInto(el, key, build) {
  if (rendered.get(el) === key) return;
  rendered.set(el, key);
  el.replaceChildren(...[build()].flat());
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const secs = (n) => signedSeconds(n, lang);

// ---------------------------------------------------------------------------
// Tabs (arrow keys move between them, as in the ARIA tabs pattern).

const tabs = [$('tab-verify'), $('tab-sign')];
function selectTab(tab, focus) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute('aria-controls')).hidden = !on;
  }
  if (focus) tab.focus();
  if (tab.id === 'tab-sign') signNow();
}
for (const t of tabs) {
  t.addEventListener('click', () => selectTab(t, false));
  t.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(t);
    let j = null;
    if (e.key === 'ArrowRight') j = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') j = (i + tabs.length - 1) % tabs.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = tabs.length - 1;
    if (j === null) return;
    e.preventDefault();
    selectTab(tabs[j], true);
  });
}

// ---------------------------------------------------------------------------
// Tokens.

function tokenInputs() {
  return [...$('token-list').querySelectorAll('input')];
}

function addToken(value = '') {
  const n = tokenInputs().length + 1;
  const input = h('input', {
    type: $('reveal').checked ? 'text' : 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-label': tr('ui.token.aria', { n }),
    placeholder: tr('ui.token.older', { n }),
    testid: `token-${n}`,
  });
  input.value = value;
  const remove = h('button', { type: 'button', 'aria-label': tr('ui.token.removeAria', { n }) }, tr('ui.token.remove'));
  const row = h('div', { class: 'token-row' }, input, remove);
  remove.addEventListener('click', () => {
    row.remove();
    renumberTokens();
    update();
    $('add-token').focus();
  });
  input.addEventListener('input', () => update());
  $('token-list').append(row);
  return input;
}

function renumberTokens() {
  tokenInputs().forEach((input, i) => {
    input.setAttribute('aria-label', tr('ui.token.aria', { n: i + 1 }));
    if (i === 0) return;
    input.placeholder = tr('ui.token.older', { n: i + 1 });
    input.dataset.testid = `token-${i + 1}`;
    const remove = input.nextElementSibling;
    remove?.setAttribute('aria-label', tr('ui.token.removeAria', { n: i + 1 }));
    if (remove) remove.textContent = tr('ui.token.remove');
  });
}

function setTokens(list) {
  const inputs = tokenInputs();
  for (const input of inputs.slice(1)) input.parentElement.remove();
  $('token').value = list[0] ?? '';
  for (const t of list.slice(1)) addToken(t);
}

$('add-token').addEventListener('click', () => {
  addToken().focus();
  update();
});
$('reveal').addEventListener('change', () => {
  for (const input of tokenInputs()) input.type = $('reveal').checked ? 'text' : 'password';
  update();
});

// ---------------------------------------------------------------------------
// Reading the fields.

function field(id) {
  // A server sees header values without surrounding whitespace; an empty
  // field stands for an absent header.
  const v = $(id).value.trim();
  return v === '' ? undefined : v;
}

function number(id, fallback) {
  const t = $(id).value.trim();
  if (t === '') return fallback;
  return /^\d+$/.test(t) ? Number(t) : NaN;
}

function readVerify() {
  const versions = [...document.querySelectorAll('input[name=version]')];
  const checked = versions.filter((v) => v.checked).map((v) => v.value);
  return {
    referer: field('referer'),
    hostsign: field('hostsign'),
    tokens: tokenInputs().map((i) => i.value),
    now: parseNow($('now').value),
    maxAge: number('max-age', null),
    clockSkew: number('clock-skew', DEFAULT_CLOCK_SKEW),
    strictAppid: $('strict').checked,
    appids: $('appids').value.split(/[\s,;]+/).filter(Boolean),
    // All three checked is no allowlist at all; none checked, an empty one (refused).
    versions: checked.length === versions.length ? undefined : checked,
  };
}

// ---------------------------------------------------------------------------
// Rendering the verdict and the explain view.

let model = null;

function update(tick = false) {
  const input = readVerify();
  model = analyse(api, input);
  const reveal = $('reveal').checked;
  renderVerdict(model);
  renderNowText(input.now);
  renderOptionsSummary(input);
  renderInto($('x-parts'), JSON.stringify([keyOf(model, reveal), 'parts']), () => renderParts(model, reveal));
  renderInto($('x-sort'), JSON.stringify([keyOf(model, reveal), 'sort']), () => renderSort(model, reveal));
  renderInto($('x-joined'), JSON.stringify([keyOf(model, reveal), 'joined']), () => renderJoined(model, reveal));
  renderInto($('x-digest'), JSON.stringify([keyOf(model, reveal), 'digest']), () => renderDigests(model));
  renderInto($('x-age'), JSON.stringify([lang, model.age, model.ageState, model.options, model.now, model.hostsign.ok, model.result.code]), () =>
    renderAge(model),
  );
  if (!tick) $('share-link').value = '';
}

/** What the first four sections depend on (not the clock). */
function keyOf(m, reveal) {
  return [lang, m.referer, m.hostsign, m.tokens, reveal, m.options.strictAppid, m.timestampForm];
}

function renderVerdict(m) {
  const r = m.result;
  const kind = r.ok ? 'ok' : r.code === 'EXPIRED' || r.code === 'NOT_YET_VALID' ? 'warn' : r.code === 'INVALID_OPTIONS' ? 'info' : 'bad';
  const el = $('verdict');
  const key = JSON.stringify([lang, r.ok, r.code, r.appid, r.version, r.tokenIndex, r.message, m.advice, m.hints]);
  if (rendered.get(el) === key) return;
  rendered.set(el, key);
  el.className = `verdict ${kind}`;
  const sep = tr('ui.summary.sep');
  const head = r.ok
    ? h('p', { class: 'code' }, 'OK', h('span', { class: 'detail' }, ` — ${r.appid}${sep}${versionText(lang, r.version)}${m.tokens.filter(Boolean).length > 1 ? `${sep}${tr('part.token', { n: r.tokenIndex + 1 })}` : ''}`))
    : h('p', { class: 'code' }, r.code);
  const hints = m.hints.length
    ? h('div', { class: 'hints', testid: 'hints' }, h('p', { class: 'hints-title' }, tr('ui.hints')), h('ul', {}, m.hints.map((x) => h('li', { testid: `hint-${x.key.slice(5)}` }, richItem(x)))))
    : null;
  el.replaceChildren(
    ...[head, r.ok ? null : h('p', { testid: 'verdict-message' }, message(r, lang)), ...m.advice.map((a) => h('p', { class: 'advice' }, richItem(a))), hints].filter(Boolean),
  );
}

/** An { key, ...params } item (advice, hint, note) as nodes. */
function richItem(item) {
  return rich(item.key, item);
}

function renderNowText(now) {
  const t = $('now-text');
  const text = Number.isFinite(now) ? `${utc(now)} · ${tr('age.beijing', { time: beijing(now) })}${$('live').checked ? tr('ui.now.live') : ''}` : tr('ui.now.invalid');
  t.textContent = text;
  t.classList.toggle('warn', !Number.isFinite(now));
}

function renderOptionsSummary(input) {
  const v = (n) => (Number.isFinite(n) ? secs(n) : '?');
  const bits = [
    input.maxAge === null ? tr('ui.summary.off') : tr('ui.summary.maxAge', { v: v(input.maxAge) }),
    tr('ui.summary.clockSkew', { v: v(input.clockSkew) }),
    tr(input.strictAppid ? 'ui.summary.strict' : 'ui.summary.loose'),
  ];
  if (input.appids.length) bits.push(tr('ui.summary.appids', { n: input.appids.length }));
  if (input.versions) bits.push(tr('ui.summary.versions', { list: input.versions.join(', ') || tr('ui.summary.none') }));
  $('options-summary').textContent = bits.join(tr('ui.summary.sep'));
}

const empty = (text) => h('p', { class: 'empty' }, text);

function needsBoth(m) {
  if (!m.referer.ok && !m.hostsign.ok) return tr('needs.both');
  if (!m.referer.ok) return tr('needs.referer');
  if (!m.hostsign.ok) return tr('needs.hostsign');
  return tr('needs.token');
}

function partValue(p, reveal) {
  return p.name === 'token' ? shownToken(p.value, reveal) : p.value;
}

function partLabel(p) {
  return p.name === 'token' ? tr('part.token', { n: (p.index ?? 0) + 1 }) : p.name;
}

function chip(p) {
  return h('span', { class: `chip p-${p.name}` }, partLabel(p));
}

function renderParts(m, reveal) {
  const rows = [];
  const failed = (res) => h('td', { class: 'error', colspan: 2 }, `${res.code}: ${message(res, lang)}`);
  if (m.referer.ok) {
    rows.push(h('tr', {}, h('th', {}, chip({ name: 'appid' })), h('td', { class: 'value', testid: 'part-appid' }, m.referer.appid), h('td', { class: 'from' }, tr('from.refererSigned'))));
    rows.push(h('tr', { class: 'unsigned' }, h('th', {}, tr('part.version')), h('td', { class: 'value' }, versionText(lang, m.referer.version)), h('td', { class: 'from' }, tr('from.refererUnsigned'))));
  } else {
    rows.push(h('tr', {}, h('th', {}, chip({ name: 'appid' })), failed(m.referer)));
  }
  if (m.hostsign.ok) {
    rows.push(h('tr', {}, h('th', {}, chip({ name: 'noncestr' })), h('td', { class: 'value', testid: 'part-noncestr' }, m.hostsign.noncestr), h('td', { class: 'from' }, tr('from.hostsign'))));
    rows.push(
      h('tr', {},
        h('th', {}, chip({ name: 'timestamp' })),
        h('td', { class: 'value', testid: 'part-timestamp' }, m.hostsign.timestampText, h('small', {}, ` ${utc(m.hostsign.timestamp)}`)),
        h('td', { class: 'from' }, tr(`from.timestamp.${m.timestampForm}`)),
      ),
    );
  } else {
    rows.push(h('tr', {}, h('th', {}, chip({ name: 'noncestr' }), ' ', chip({ name: 'timestamp' })), failed(m.hostsign)));
  }
  const tokens = m.tokens;
  if (tokens.length === 0) rows.push(h('tr', {}, h('th', {}, chip({ name: 'token' })), h('td', { class: 'empty', colspan: 2 }, tr('part.noToken'))));
  // The spaces hint only beside a revealed token: while it is hidden, nothing
  // shown depends on what it contains.
  tokens.forEach((tok, i) => {
    rows.push(
      h('tr', {},
        h('th', {}, chip({ name: 'token', index: i })),
        h('td', { class: 'value', testid: `part-token-${i + 1}` }, shownToken(tok, reveal), reveal && tok.trim() !== tok ? h('small', {}, tr('part.spaces')) : null),
        h('td', { class: 'from' }, tr(i === 0 ? 'from.token' : 'from.olderToken')),
      ),
    );
  });
  return [h('table', { class: 'table' }, h('tbody', {}, rows)), m.notes.map((n) => h('p', { class: 'note' }, richItem(n)))];
}

// While the tokens are hidden, view() leaves out everything that depends on
// them: the sort lists the other three parts only, the joined string and its
// length are not shown.
function renderSort(m, reveal) {
  const v = view(m, reveal);
  if (!v.sort) return empty(needsBoth(m));
  const items = [];
  v.sort.sorted.forEach((p, i) => {
    items.push(h('li', { class: `part p-${p.name}`, testid: `sorted-${i + 1}` }, h('span', { class: 'rank' }, `${i + 1}.`), h('span', {}, chip(p)), h('span', { class: 'v' }, partValue(p, reveal))));
    const s = v.sort.steps[i];
    if (!s) return;
    const params = { left: partLabel(s.left), right: partLabel(s.right), index: s.index };
    let why;
    if (s.kind === 'unit') why = rich('sort.unit', { ...params, a: describeUnit(s.a, lang), b: describeUnit(s.b, lang) });
    else why = rich(s.kind === 'prefix' ? 'sort.prefix' : 'sort.equal', params);
    items.push(h('li', { class: 'why', testid: `why-${i + 1}` }, why));
  });
  const out = [h('ol', { class: 'sorted', testid: 'sorted' }, items)];
  if (v.tokenHidden) out.push(h('p', { class: 'note', testid: 'sort-hidden' }, tr('sort.hidden'), ' ', tr('ui.revealHint')));
  if (v.tokenMissing) out.push(h('p', { class: 'note' }, tr('sort.noToken')));
  out.push(h('p', { class: 'note' }, tr('sort.rule')));
  if (v.byteOrderDiffers) out.push(h('p', { class: 'note warn', testid: 'byte-order' }, tr('sort.byteOrder')));
  if (!v.tokenHidden && !v.tokenMissing && m.tokens.length > 1) {
    out.push(h('p', { class: 'note' }, m.digests.some((d) => d.matches) ? tr('sort.shownWith', { n: m.shownToken + 1 }) : tr('sort.shownFirst')));
  }
  return out;
}

function renderJoined(m, reveal) {
  const v = view(m, reveal);
  if (v.joined) {
    return [
      h('p', { class: 'joined', testid: 'joined' }, v.joined.parts.map((p) => h('span', { class: `p-${p.name}`, title: partLabel(p) }, partValue(p, reveal)))),
      h('div', { class: 'legend' }, v.joined.parts.map(chip)),
      h('p', { class: 'note' }, tr('joined.note', { units: v.joined.units, bytes: v.joined.bytes })),
    ];
  }
  if (v.tokenHidden) return h('p', { class: 'note', testid: 'joined-hidden' }, tr('joined.hidden'), ' ', tr('ui.revealHint'));
  return empty(needsBoth(m));
}

function hex(text, diff, testid) {
  const spans = [];
  for (let i = 0; i < text.length; i++) spans.push(diff[i] ? h('mark', {}, text[i]) : text[i]);
  return h('span', { class: 'hex', testid }, spans);
}

function renderDigests(m) {
  if (!m.received) return empty(needsBoth(m));
  const rows = [];
  const anyMatch = m.digests.some((d) => d.matches);
  // The received signature is highlighted against the shown token's digest.
  const shown = m.digests[m.shownToken ?? 0];
  for (const d of m.digests) {
    const differing = d.diff.filter(Boolean).length;
    rows.push(h('span', { class: 'who' }, m.digests.length > 1 ? tr('digest.expectedN', { n: d.index + 1 }) : tr('digest.expected')));
    rows.push(h('span', {}, hex(d.expected, d.diff, d.index === 0 ? 'expected-digest' : `expected-digest-${d.index + 1}`), ' ', d.matches ? h('span', { class: 'match' }, tr('digest.matches')) : h('span', { class: 'nomatch' }, tr('digest.differ', { n: differing }))));
  }
  if (m.digests.length === 0) rows.push(h('span', { class: 'who' }, tr('digest.expected')), h('span', { class: 'empty' }, tr('digest.enterToken')));
  rows.push(h('span', { class: 'who' }, tr('digest.received')));
  rows.push(h('span', {}, hex(m.received, shown ? shown.diff : [], 'received-digest')));
  const out = [h('div', { class: 'digests', testid: 'digests' }, rows)];
  out.push(h('p', { class: 'note' }, anyMatch ? tr('digest.matchNote') : m.digests.length ? tr('digest.noMatchNote') : ''));
  return out;
}

function renderAge(m) {
  if (m.age === undefined) return empty(m.hostsign.ok ? tr('needs.now') : tr('needs.hostsign'));
  const { maxAge, clockSkew } = m.options;
  const g = timeline(m.age, maxAge, clockSkew);
  const label = (state) => tr(`age.state.${state}`);
  const bar = h('div', { class: 'timeline', role: 'img', 'aria-label': tr('age.aria', { age: secs(m.age), state: label(m.ageState), from: secs(-clockSkew), to: maxAge === null ? tr('age.any') : secs(maxAge) }) });
  for (const z of g.zones) {
    const el = h('div', { class: `zone ${z.state}` }, label(z.state));
    el.style.left = `${z.from}%`;
    el.style.width = `${z.to - z.from}%`;
    bar.append(el);
  }
  const tick = (at, text, align = '') => {
    const el = h('span', { class: `tick ${align}` }, text);
    el.style.left = `${at}%`;
    bar.append(el);
  };
  tick(g.ticks.skew, secs(-clockSkew), 'end');
  tick(g.ticks.zero, '0', 'start');
  if (g.ticks.maxAge !== null) tick(g.ticks.maxAge, secs(maxAge));
  const marker = h('div', { class: `marker${g.clamped ? ` at-${g.clamped}` : ''}` }, h('span', {}, `${g.clamped === 'left' ? '← ' : ''}${tr('age.marker', { age: `${m.age < 0 ? '−' : ''}${formatDuration(m.age, lang)}` })}${g.clamped === 'right' ? ' →' : ''}`));
  marker.style.left = `${g.marker}%`;
  bar.append(marker);
  const facts = h('p', { class: 'age-facts' },
    h('span', {}, `${tr('age.timestamp')} `, h('b', {}, utc(m.hostsign.timestamp))),
    h('span', {}, `${tr('age.now')} `, h('b', {}, utc(m.now))),
    h('span', {}, `${tr('age.age')} `, h('b', { testid: 'age' }, secs(m.age)), Math.abs(m.age) >= 120 ? ` (${m.age < 0 ? '−' : ''}${formatDuration(m.age, lang)})` : ''),
    h('span', {}, `${tr('age.window')} `, h('b', {}, `${secs(-clockSkew)} … ${maxAge === null ? tr('age.off') : secs(maxAge)}`)),
    h('span', {}, '→ ', h('b', { class: `state-${m.ageState}`, testid: 'age-state' }, label(m.ageState))),
  );
  const out = [bar, facts];
  if (!m.result.ok && m.result.code !== 'EXPIRED' && m.result.code !== 'NOT_YET_VALID') {
    out.push(h('p', { class: 'note' }, tr('age.last')));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Paste.

function fillFromPaste(text) {
  const p = parsePaste(text);
  const status = $('paste-status');
  if (p.kind === null) {
    status.textContent = text.trim() ? tr('ui.paste.notFound') : '';
    status.classList.toggle('warn', Boolean(text.trim()));
    return false;
  }
  const filled = [];
  if (p.referer !== undefined) {
    $('referer').value = p.referer;
    filled.push('Referer');
  }
  if (p.hostsign !== undefined) {
    $('hostsign').value = p.hostsign;
    filled.push('X-WECHAT-HOSTSIGN');
  }
  const read = tr('ui.paste.read', {
    what: tr(`paste.kind.${p.kind}`),
    url: p.url ? tr('ui.paste.url', { method: p.method ?? 'GET', url: p.url }) : '',
    filled: filled.length ? tr('ui.paste.filled', { names: filled.join(tr('list.and')) }) : tr('ui.paste.nothing'),
  });
  status.textContent = [read, ...p.warnings.map((w) => say(lang, w))].join(' ');
  status.classList.toggle('warn', p.warnings.length > 0);
  update();
  return filled.length > 0;
}

$('paste').addEventListener('input', () => fillFromPaste($('paste').value));
// A whole request pasted straight into the Referer or HostSign field works too.
for (const id of ['referer', 'hostsign']) {
  $(id).addEventListener('paste', (e) => {
    const text = e.clipboardData?.getData('text/plain') ?? '';
    // A request, a command, or a header line with its name ("Referer: …").
    if (!/\n|^(curl|fetch)\b|^(referer|x-wechat-hostsign)\s*:/i.test(text.trim())) return;
    const p = parsePaste(text);
    if (p.kind === null || (p.kind === 'values' && !(p.referer && p.hostsign))) return;
    e.preventDefault();
    $('paste').value = text;
    fillFromPaste(text);
  });
}
for (const id of ['referer', 'hostsign', 'token', 'max-age', 'clock-skew', 'appids', 'strict']) $(id).addEventListener('input', () => update());
for (const el of document.querySelectorAll('input[name=version]')) el.addEventListener('change', () => update());
$('strict').addEventListener('change', () => update());
$('verify-form').addEventListener('submit', (e) => e.preventDefault());
$('sign-form').addEventListener('submit', (e) => e.preventDefault());

// A fresh, valid example signed with the demo endpoint's default token.
$('example').addEventListener('click', () => {
  const s = api.sign({ appid: 'wx0123456789abcdef', token: 'playground-token', version: 1 });
  $('referer').value = s.referer;
  $('hostsign').value = s.hostsign;
  setTokens(['playground-token']);
  $('live').checked = true;
  $('now').value = String(nowSeconds());
  $('paste-status').textContent = tr('ui.example.filled');
  $('paste-status').classList.remove('warn');
  update();
});

// ---------------------------------------------------------------------------
// The clock.

$('now').addEventListener('input', () => {
  $('live').checked = false;
  update();
});
$('live').addEventListener('change', () => {
  if ($('live').checked) $('now').value = String(nowSeconds());
  update();
});
setInterval(() => {
  // Never under the user's cursor: a tick while they select or type would
  // replace what they are editing.
  if (!$('live').checked || document.hidden || document.activeElement === $('now')) return;
  const t = String(nowSeconds());
  if ($('now').value === t) return;
  $('now').value = t;
  if (!$('verify').hidden) update(true);
}, 1000);

// ---------------------------------------------------------------------------
// Share link: referer, hostsign and now in the fragment (never sent to a
// server, never the token).

function readFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  const chosen = normalizeLang(params.get('lang'));
  if (chosen) lang = chosen;
  if (!['referer', 'hostsign', 'now'].some((k) => params.has(k))) return false;
  $('referer').value = params.get('referer') ?? '';
  $('hostsign').value = params.get('hostsign') ?? '';
  if (params.has('now')) {
    $('now').value = params.get('now');
    $('live').checked = false;
  }
  return true;
}

$('share').addEventListener('click', async () => {
  const params = new URLSearchParams();
  params.set('referer', $('referer').value.trim());
  params.set('hostsign', $('hostsign').value.trim());
  params.set('now', $('now').value.trim());
  params.set('lang', langParam());
  const link = `${location.origin}${location.pathname}#${params}`;
  $('share-link').value = (await copy(link)) ? tr('ui.shared', { link }) : link;
});

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

window.addEventListener('hashchange', () => {
  const before = lang;
  const data = readFragment();
  if (lang !== before) {
    applyLanguage();
    signNow();
  }
  if (data || lang !== before) update(true);
});

// ---------------------------------------------------------------------------
// Sign mode.

let signed = null;
let signTime = nowSeconds();
let signNonce = randomNonce();

function randomNonce() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

function endpoint() {
  const origin = location.protocol === 'http:' || location.protocol === 'https:' ? location.origin : DEMO_ORIGIN;
  return `${origin}/api/hello`;
}

function signNow() {
  const v = $('sign-version').value;
  $('sign-release').hidden = v !== 'release';
  const tsText = $('sign-timestamp').value.trim();
  const asString = $('sign-ts-form').value === 'string';
  let timestamp = tsText === '' ? signTime : /^\d+$/.test(tsText) ? Number(tsText) : tsText;
  if (asString && /^\d+$/.test(String(timestamp))) timestamp = String(timestamp);
  else if (!asString && typeof timestamp === 'string' && /^\d+$/.test(timestamp)) timestamp = Number(timestamp);
  const options = {
    appid: $('sign-appid').value.trim(),
    token: $('sign-token').value,
    noncestr: $('sign-noncestr').value || signNonce,
    timestamp,
    version: v === 'release' ? $('sign-release').value.trim() : v,
    strictAppid: !$('sign-loose').checked,
  };
  const err = $('sign-error');
  try {
    signed = api.sign(options);
    signed.token = options.token;
    err.hidden = true;
  } catch (e) {
    signed = null;
    err.hidden = false;
    err.textContent = `${e.code ?? 'ERROR'}: ${message(e, lang)}`;
  }
  $('sign-result').hidden = signed === null;
  for (const id of ['sign-copy', 'sign-to-verify']) $(id).disabled = signed === null;
  $('sign-status').textContent = '';
  if (!signed) return;
  $('sign-referer').textContent = signed.referer;
  $('sign-hostsign').textContent = signed.hostsign;
  $('sign-signature').textContent = signed.signature;
  $('sign-curl').textContent = curlCommand(endpoint(), signed, { multiline: true });
}

for (const id of ['sign-appid', 'sign-token', 'sign-noncestr', 'sign-timestamp', 'sign-release']) $(id).addEventListener('input', signNow);
for (const id of ['sign-version', 'sign-ts-form', 'sign-loose']) $(id).addEventListener('change', signNow);
$('sign-again').addEventListener('click', () => {
  signTime = nowSeconds();
  signNonce = randomNonce();
  signNow();
});
$('sign-copy').addEventListener('click', async () => {
  $('sign-status').textContent = tr((await copy($('sign-curl').textContent)) ? 'ui.copied' : 'ui.copyFailed');
});
$('sign-to-verify').addEventListener('click', () => {
  if (!signed) return;
  $('referer').value = signed.referer;
  $('hostsign').value = signed.hostsign;
  setTokens([signed.token]);
  $('paste').value = '';
  $('paste-status').textContent = '';
  $('live').checked = true;
  $('now').value = String(nowSeconds());
  selectTab($('tab-verify'), true);
  update();
});

// ---------------------------------------------------------------------------
// Start.

$('now').value = String(nowSeconds());
$('max-age').value = String(DEFAULT_MAX_AGE);
$('clock-skew').value = String(DEFAULT_CLOCK_SKEW);
readFragment();
applyLanguage();
update();
signNow();
document.documentElement.dataset.ready = 'true';
