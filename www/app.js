// The playground page: verify mode (fields, paste, verdict, explain view),
// sign mode, and the share link. Everything runs here, over the same wasm as
// the package; after load the page makes no request (the CSP forbids it).
// User input is only ever rendered as text (textContent / text nodes).
import * as api from '/pkg/default.js';
import { parsePaste } from '/paste.js';
import { analyse, describeUnit, formatDuration, parseNow, timeline, utc, DEFAULT_MAX_AGE, DEFAULT_CLOCK_SKEW } from '/explain.js';

const $ = (id) => document.getElementById(id);
const PART_LABEL = { appid: 'appid', noncestr: 'noncestr', timestamp: 'timestamp', token: 'token' };
const DEMO_ORIGIN = 'http://127.0.0.1:8787';

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
const secs = (n) => `${n < 0 ? '−' : ''}${Math.abs(n)} s`;

function versionText(v) {
  if (v.kind === 'release') return `release ${v.number}`;
  if (v.kind === 'develop') return 'develop (0: develop, trial or review build)';
  return 'devtools (the developer tools)';
}

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
    'aria-label': `Token ${n}`,
    placeholder: `older token #${n}`,
    testid: `token-${n}`,
  });
  input.value = value;
  const remove = h('button', { type: 'button', 'aria-label': `Remove token ${n}` }, 'Remove');
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
    if (i === 0) return;
    input.setAttribute('aria-label', `Token ${i + 1}`);
    input.placeholder = `older token #${i + 1}`;
    input.dataset.testid = `token-${i + 1}`;
    input.nextElementSibling?.setAttribute('aria-label', `Remove token ${i + 1}`);
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
  renderInto($('x-age'), JSON.stringify([model.age, model.ageState, model.options, model.now, model.hostsign.ok, model.result.code]), () =>
    renderAge(model),
  );
  if (!tick) $('share-link').value = '';
}

/** What the first four sections depend on (not the clock). */
function keyOf(m, reveal) {
  return [m.referer, m.hostsign, m.tokens, reveal, m.options.strictAppid, m.timestampForm];
}

function renderVerdict(m) {
  const r = m.result;
  const kind = r.ok ? 'ok' : r.code === 'EXPIRED' || r.code === 'NOT_YET_VALID' ? 'warn' : r.code === 'INVALID_OPTIONS' ? 'info' : 'bad';
  const el = $('verdict');
  const key = JSON.stringify([r.ok, r.code, r.appid, r.version, r.tokenIndex, r.message, m.advice]);
  if (rendered.get(el) === key) return;
  rendered.set(el, key);
  el.className = `verdict ${kind}`;
  const head = r.ok
    ? h('p', { class: 'code' }, 'OK', h('span', { class: 'detail' }, ` — ${r.appid}, ${versionText(r.version)}${m.tokens.filter(Boolean).length > 1 ? `, token #${r.tokenIndex + 1}` : ''}`))
    : h('p', { class: 'code' }, r.code);
  el.replaceChildren(
    ...[head, r.ok ? null : h('p', { testid: 'verdict-message' }, r.message), ...m.advice.map((a) => h('p', { class: 'advice' }, a))].filter(Boolean),
  );
}

function renderNowText(now) {
  const t = $('now-text');
  t.textContent = Number.isFinite(now) ? `${utc(now)}${$('live').checked ? ' (live)' : ''}` : 'Not a time: enter Unix seconds (1711421951) or a date (2024-03-26T02:59:11Z).';
  t.classList.toggle('warn', !Number.isFinite(now));
}

function renderOptionsSummary(input) {
  const bits = [
    input.maxAge === null ? 'age check off' : `maxAge ${Number.isFinite(input.maxAge) ? input.maxAge + ' s' : '?'}`,
    `clockSkew ${Number.isFinite(input.clockSkew) ? input.clockSkew + ' s' : '?'}`,
    input.strictAppid ? 'strict AppIDs' : 'any AppID',
  ];
  if (input.appids.length) bits.push(`${input.appids.length} allowed AppID${input.appids.length > 1 ? 's' : ''}`);
  if (input.versions) bits.push(`versions: ${input.versions.join(', ') || 'none'}`);
  $('options-summary').textContent = bits.join(', ');
}

const empty = (text) => h('p', { class: 'empty' }, text);

function needsBoth(m) {
  if (!m.referer.ok && !m.hostsign.ok) return 'Needs a valid Referer and X-WECHAT-HOSTSIGN.';
  if (!m.referer.ok) return 'Needs a valid Referer (the AppID is signed).';
  if (!m.hostsign.ok) return 'Needs a valid X-WECHAT-HOSTSIGN.';
  return 'Needs a token.';
}

function masked(value, reveal) {
  if (reveal) return value;
  return value.length <= 40 ? '•'.repeat(value.length) : `${'•'.repeat(40)}… (${value.length} characters)`;
}

function partValue(p, reveal) {
  return p.name === 'token' ? masked(p.value, reveal) : p.value;
}

function partLabel(p) {
  return p.name === 'token' && p.index !== undefined ? `token #${p.index + 1}` : PART_LABEL[p.name];
}

function chip(p) {
  return h('span', { class: `chip p-${p.name}` }, partLabel(p));
}

function renderParts(m, reveal) {
  const rows = [];
  const failed = (res) => h('td', { class: 'error', colspan: 2 }, `${res.code}: ${res.message}`);
  if (m.referer.ok) {
    rows.push(h('tr', {}, h('th', {}, chip({ name: 'appid' })), h('td', { class: 'value', testid: 'part-appid' }, m.referer.appid), h('td', { class: 'from' }, 'Referer, signed')));
    rows.push(h('tr', { class: 'unsigned' }, h('th', {}, 'version'), h('td', { class: 'value' }, versionText(m.referer.version)), h('td', { class: 'from' }, 'Referer, not signed')));
  } else {
    rows.push(h('tr', {}, h('th', {}, chip({ name: 'appid' })), failed(m.referer)));
  }
  if (m.hostsign.ok) {
    rows.push(h('tr', {}, h('th', {}, chip({ name: 'noncestr' })), h('td', { class: 'value', testid: 'part-noncestr' }, m.hostsign.noncestr), h('td', { class: 'from' }, 'X-WECHAT-HOSTSIGN')));
    rows.push(
      h('tr', {},
        h('th', {}, chip({ name: 'timestamp' })),
        h('td', { class: 'value', testid: 'part-timestamp' }, m.hostsign.timestampText, h('small', {}, ` ${utc(m.hostsign.timestamp)}`)),
        h('td', { class: 'from' }, `X-WECHAT-HOSTSIGN, a JSON ${m.timestampForm}; its digits are signed as written`),
      ),
    );
  } else {
    rows.push(h('tr', {}, h('th', {}, chip({ name: 'noncestr' }), ' ', chip({ name: 'timestamp' })), failed(m.hostsign)));
  }
  const tokens = m.tokens;
  if (tokens.length === 0) rows.push(h('tr', {}, h('th', {}, chip({ name: 'token' })), h('td', { class: 'empty', colspan: 2 }, 'no token entered')));
  tokens.forEach((t, i) => {
    rows.push(
      h('tr', {},
        h('th', {}, chip({ name: 'token', index: i })),
        h('td', { class: 'value' }, masked(t, reveal), t.trim() !== t ? h('small', {}, ' (has spaces at an end)') : null),
        h('td', { class: 'from' }, i === 0 ? "yours, from the plugin's settings page" : 'yours, an older token'),
      ),
    );
  });
  return [h('table', { class: 'table' }, h('tbody', {}, rows)), m.notes.map((n) => h('p', { class: 'note' }, n))];
}

function unitText(u, isToken, reveal) {
  return isToken && !reveal ? 'a token unit (hidden)' : describeUnit(u);
}

function renderSort(m, reveal) {
  if (!m.sort) return empty(needsBoth(m));
  const items = [];
  m.sort.sorted.forEach((p, i) => {
    items.push(h('li', { class: `part p-${p.name}`, testid: `sorted-${i + 1}` }, h('span', { class: 'rank' }, `${i + 1}.`), h('span', {}, chip(p)), h('span', { class: 'v' }, partValue(p, reveal))));
    const s = m.sort.steps[i];
    if (!s) return;
    let why;
    if (s.kind === 'unit') {
      why = [
        `${partLabel(s.left)} < ${partLabel(s.right)}: they first differ at index ${s.index}, where `,
        h('code', {}, unitText(s.a, s.left.name === 'token', reveal)),
        ' < ',
        h('code', {}, unitText(s.b, s.right.name === 'token', reveal)),
      ];
    } else if (s.kind === 'prefix') {
      why = `${partLabel(s.left)} is a prefix of ${partLabel(s.right)} (its ${s.index} code units match): the shorter one sorts first.`;
    } else {
      why = `${partLabel(s.left)} and ${partLabel(s.right)} are equal: their order changes nothing.`;
    }
    items.push(h('li', { class: 'why', testid: `why-${i + 1}` }, why));
  });
  const out = [
    h('ol', { class: 'sorted', testid: 'sorted' }, items),
    h('p', { class: 'note' }, 'JavaScript compares UTF-16 code units: digits before uppercase before lowercase, a prefix before its extensions, and characters above U+FFFF (surrogates, U+D800…) before U+E000–U+FFFF.'),
  ];
  if (m.byteOrderDiffers) {
    out.push(h('p', { class: 'note warn', testid: 'byte-order' }, 'Sorting by UTF-8 bytes or code points (Go, Python, Rust, PHP’s strcmp) puts these parts in another order: a backend that sorts that way computes a different digest.'));
  }
  if (m.tokens.length > 1) {
    out.push(h('p', { class: 'note' }, m.digests.some((d) => d.matches) ? `Shown with token #${m.shownToken + 1}, the one that matches.` : 'Shown with token #1; no token matches.'));
  }
  return out;
}

function renderJoined(m, reveal) {
  if (!m.joined) return empty(needsBoth(m));
  return [
    h('p', { class: 'joined', testid: 'joined' }, m.joined.map((p) => h('span', { class: `p-${p.name}`, title: partLabel(p) }, partValue(p, reveal)))),
    h('div', { class: 'legend' }, m.joined.map(chip)),
    h('p', { class: 'note' }, `${m.joinedUnits} UTF-16 code units, ${m.joinedBytes} UTF-8 bytes → SHA-1 → 40 hex digits.${reveal ? '' : ' The token is masked: tick “Show tokens” to see it.'}`),
  ];
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
    rows.push(h('span', { class: 'who' }, m.digests.length > 1 ? `expected, token #${d.index + 1}` : 'expected'));
    rows.push(h('span', {}, hex(d.expected, d.diff, d.index === 0 ? 'expected-digest' : `expected-digest-${d.index + 1}`), ' ', d.matches ? h('span', { class: 'match' }, '✓ matches') : h('span', { class: 'nomatch' }, `✗ ${differing} of 40 differ`)));
  }
  if (m.digests.length === 0) rows.push(h('span', { class: 'who' }, 'expected'), h('span', { class: 'empty' }, 'enter a token'));
  rows.push(h('span', { class: 'who' }, 'received'));
  rows.push(h('span', {}, hex(m.received, shown ? shown.diff : [], 'received-digest')));
  const out = [h('div', { class: 'digests', testid: 'digests' }, rows)];
  out.push(h('p', { class: 'note' }, anyMatch ? 'A token reproduces the received signature: the request was signed by WeChat with it, for this AppID, noncestr and timestamp.' : m.digests.length ? 'No token reproduces the received signature. Differing characters are marked; a digest changes completely with any change of input, so the marks say only that they differ, not where the input did.' : ''));
  return out;
}

function renderAge(m) {
  if (m.age === undefined) return empty(m.hostsign.ok ? 'Needs a valid “now” and valid options.' : 'Needs a valid X-WECHAT-HOSTSIGN.');
  const { maxAge, clockSkew } = m.options;
  const g = timeline(m.age, maxAge, clockSkew);
  const LABEL = { 'not-yet-valid': 'not yet valid', valid: 'valid', expired: 'expired' };
  const bar = h('div', { class: 'timeline', role: 'img', 'aria-label': `age ${secs(m.age)}: ${LABEL[m.ageState]}; valid from ${secs(-clockSkew)} to ${maxAge === null ? 'any age' : secs(maxAge)}` });
  for (const z of g.zones) {
    const el = h('div', { class: `zone ${z.state}` }, LABEL[z.state]);
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
  const marker = h('div', { class: `marker${g.clamped ? ` at-${g.clamped}` : ''}` }, h('span', {}, `${g.clamped === 'left' ? '← ' : ''}age ${m.age < 0 ? '−' : ''}${formatDuration(m.age)}${g.clamped === 'right' ? ' →' : ''}`));
  marker.style.left = `${g.marker}%`;
  bar.append(marker);
  const facts = h('p', { class: 'age-facts' },
    h('span', {}, 'timestamp ', h('b', {}, utc(m.hostsign.timestamp))),
    h('span', {}, 'now ', h('b', {}, utc(m.now))),
    h('span', {}, 'age ', h('b', { testid: 'age' }, secs(m.age)), Math.abs(m.age) >= 120 ? ` (${m.age < 0 ? '−' : ''}${formatDuration(m.age)})` : ''),
    h('span', {}, 'window ', h('b', {}, `${secs(-clockSkew)} … ${maxAge === null ? '∞ (age check off)' : secs(maxAge)}`)),
    h('span', {}, '→ ', h('b', { class: `state-${m.ageState}`, testid: 'age-state' }, LABEL[m.ageState])),
  );
  const out = [bar, facts];
  if (!m.result.ok && m.result.code !== 'EXPIRED' && m.result.code !== 'NOT_YET_VALID') {
    out.push(h('p', { class: 'note' }, 'The age is checked last, only once the signature is authentic: until then it does not decide the verdict.'));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Paste.

function fillFromPaste(text) {
  const p = parsePaste(text);
  const status = $('paste-status');
  if (p.kind === null) {
    status.textContent = text.trim() ? 'Found neither a Referer nor an X-WECHAT-HOSTSIGN in that text.' : '';
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
  const what = { curl: 'a curl command', http: 'a raw HTTP request', headers: 'a header block', fetch: 'a fetch() call', values: 'header values' }[p.kind];
  status.textContent = `Read ${what}${p.url ? ` (${p.method ?? 'GET'} ${p.url})` : ''}: ${filled.length ? `filled ${filled.join(' and ')}` : 'no header to fill'}.${p.warnings.length ? ' ' + p.warnings.join(' ') : ''}`;
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
  $('paste-status').textContent = 'Filled a request signed just now with the token playground-token: change any character to see what breaks.';
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
  const link = `${location.origin}${location.pathname}#${params}`;
  $('share-link').value = (await copy(link)) ? `Copied (no token): ${link}` : link;
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
  if (readFragment()) update();
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

function shellQuote(s) {
  return `'${s.replace(/'/g, `'\\''`)}'`;
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
    err.textContent = `${e.code ?? 'ERROR'}: ${e.message}`;
  }
  $('sign-result').hidden = signed === null;
  for (const id of ['sign-copy', 'sign-to-verify']) $(id).disabled = signed === null;
  $('sign-status').textContent = '';
  if (!signed) return;
  $('sign-referer').textContent = signed.referer;
  $('sign-hostsign').textContent = signed.hostsign;
  $('sign-signature').textContent = signed.signature;
  $('sign-curl').textContent = `curl -i ${shellQuote(endpoint())} \\\n  -H ${shellQuote(`Referer: ${signed.referer}`)} \\\n  -H ${shellQuote(`X-WECHAT-HOSTSIGN: ${signed.hostsign}`)}`;
}

for (const id of ['sign-appid', 'sign-token', 'sign-noncestr', 'sign-timestamp', 'sign-release']) $(id).addEventListener('input', signNow);
for (const id of ['sign-version', 'sign-ts-form', 'sign-loose']) $(id).addEventListener('change', signNow);
$('sign-again').addEventListener('click', () => {
  signTime = nowSeconds();
  signNonce = randomNonce();
  signNow();
});
$('sign-copy').addEventListener('click', async () => {
  $('sign-status').textContent = (await copy($('sign-curl').textContent)) ? 'Copied.' : 'Select the command and copy it.';
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
update();
signNow();
document.documentElement.dataset.ready = 'true';
