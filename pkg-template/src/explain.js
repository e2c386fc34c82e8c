// What the playground (www/) and `wechat-hostsign verify --explain` show,
// computed without the DOM or a terminal: the verdict, what to look at
// (advice and troubleshooting hints), the four signed parts before and after
// JavaScript's sort with the reason for each adjacent pair, the joined
// string, the expected digest beside the received one, and the age against
// the freshness window. The package's functions are passed in (`api`), so the
// same code runs in the page (/pkg/default.js), the CLI and Node's tests.
// Sentences are { key, ...params } items that i18n.js words in English or
// Chinese; view() decides what may be shown while the token is hidden.

import { EXTRA_REASONS } from './i18n.js';

export const DEFAULT_MAX_AGE = 660;
export const DEFAULT_CLOCK_SKEW = 60;

/** Stands in for a token the user has not typed yet: it never matches. */
const NO_TOKEN = '\u0000playground: no token entered';

/** What stands for a hidden token: the same width whatever its length. */
export const MASK = '\u2022'.repeat(8);


// ---------------------------------------------------------------------------
// The sort, explained.

/**
 * Where JavaScript's default sort tells `a` and `b` apart: the first
 * differing UTF-16 code unit, or which one is a prefix of the other.
 * `order` is -1 when a sorts first, 1 when b does, 0 when they are equal.
 */
export function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return { kind: 'unit', index: i, a: x, b: y, order: x < y ? -1 : 1 };
  }
  if (a.length === b.length) return { kind: 'equal', index: n, order: 0 };
  return { kind: 'prefix', index: n, order: a.length < b.length ? -1 : 1 };
}

/**
 * Sorts parts ({ name, value }) as `[…].sort()` sorts their values, and
 * explains each adjacent pair of the result.
 */
export function explainSort(parts) {
  const sorted = parts.slice().sort((p, q) => firstDifference(p.value, q.value).order);
  const steps = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    steps.push({ left: sorted[i], right: sorted[i + 1], ...firstDifference(sorted[i].value, sorted[i + 1].value) });
  }
  return { sorted, steps };
}

/** Code-point order (= UTF-8 byte order, what many other languages sort by). */
function codePointCompare(a, b) {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** True when sorting by code point (UTF-8 bytes) gives another order than JavaScript's sort. */
export function byteOrderDiffers(parts) {
  const js = parts.map((p) => p.value).sort();
  const bytes = parts.map((p) => p.value).sort(codePointCompare);
  return js.some((v, i) => v !== bytes[i]);
}

/** Per position: does a differ from b there? (Length of the longer.) */
export function diffPositions(a, b) {
  const n = Math.max(a.length, b.length);
  const out = [];
  for (let i = 0; i < n; i++) out.push(a[i] !== b[i]);
  return out;
}

// ---------------------------------------------------------------------------
// Time.

/** 'expired' | 'valid' | 'not-yet-valid' for an age in seconds (maxAge null: no upper bound). */
export function ageState(age, maxAge, clockSkew) {
  if (maxAge !== null && age > maxAge) return 'expired';
  if (-age > clockSkew) return 'not-yet-valid';
  return 'valid';
}

/**
 * The timeline's geometry, in percent of its width: the three zones and the
 * marker for `age` (clamped to an edge, with `clamped` set, when it is far
 * outside the window).
 */
export function timeline(age, maxAge, clockSkew) {
  const top = maxAge ?? Math.max(clockSkew, 600);
  const span = top + clockSkew || 1;
  const lo = -clockSkew - span * 0.25;
  const hi = top + span * (maxAge === null ? 0.05 : 0.25);
  const pct = (x) => ((x - lo) / (hi - lo)) * 100;
  const zones = [
    { state: 'not-yet-valid', from: 0, to: pct(-clockSkew) },
    { state: 'valid', from: pct(-clockSkew), to: maxAge === null ? 100 : pct(maxAge) },
  ];
  if (maxAge !== null) zones.push({ state: 'expired', from: pct(maxAge), to: 100 });
  const at = pct(age);
  const clamped = at < 1 ? 'left' : at > 99 ? 'right' : null;
  return { zones, marker: Math.min(99, Math.max(1, at)), clamped, ticks: { skew: pct(-clockSkew), zero: pct(0), maxAge: maxAge === null ? null : pct(maxAge) } };
}

/**
 * Reads the "now" field: Unix seconds (digits), or a date the browser can
 * parse (2024-03-26T02:59:11Z). Returns NaN when it is neither.
 */
export function parseNow(text) {
  const t = String(text).trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  if (!/\d{4}-\d{2}-\d{2}/.test(t)) return NaN;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? NaN : Math.floor(ms / 1000);
}

/** `2024-03-26 02:59:11 UTC` (or '' when out of range). */
export function utc(seconds) {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

// ---------------------------------------------------------------------------
// The whole analysis.

/**
 * @param api the package: { verify, parseReferer, parseHostSign, signature }
 * @param input { referer, hostsign, tokens: string[], now, maxAge, clockSkew, strictAppid, appids?, versions? }
 *   referer / hostsign: a string, or undefined for a missing header.
 */
export function analyse(api, input) {
  const { referer, hostsign, now } = input;
  const tokens = input.tokens.filter((t) => t !== '');
  const options = {
    maxAge: input.maxAge === undefined ? DEFAULT_MAX_AGE : input.maxAge,
    clockSkew: input.clockSkew ?? DEFAULT_CLOCK_SKEW,
    strictAppid: input.strictAppid ?? true,
  };
  // An empty appids list means no allowlist; versions is passed as given
  // (undefined: none; [] is refused by the package, as a server would be).
  if (input.appids?.length) options.appids = input.appids;
  if (input.versions !== undefined) options.versions = input.versions;
  const model = { options, tokens, now, notes: [] };

  // The verdict, exactly as a server configured like this would give it.
  let result;
  try {
    result = api.verify({ referer, hostsign }, { ...options, tokens: tokens.length ? tokens : [NO_TOKEN], now });
    // The codes checked before the signature (CONTRACT §2's order) do not
    // need a token; from BAD_SIGNATURE on, they do.
    const beforeSignature = api.CODES.slice(0, api.CODES.indexOf('BAD_SIGNATURE'));
    if (!tokens.length && !beforeSignature.includes(result.code)) {
      result = { ok: false, code: 'INVALID_OPTIONS', message: EXTRA_REASONS.NoTokenEntered, reason: 'NoTokenEntered' };
    }
  } catch (e) {
    result = { ok: false, code: e.code ?? 'INVALID_OPTIONS', message: e.message };
  }
  model.result = result;

  // The parts, as far as the headers can be read. A repeated header (an
  // array of values, as the CLI passes it) is the package's own failure.
  const ref = Array.isArray(referer) ? repeated(api, { referer }) : api.parseReferer(referer, { strictAppid: options.strictAppid });
  const hs = Array.isArray(hostsign) ? repeated(api, { referer: VALID_REFERER, hostsign }) : api.parseHostSign(hostsign);
  model.referer = ref;
  model.hostsign = hs;
  if (hs.ok) model.timestampForm = /"timestamp"\s*:\s*"/.test(hostsign) ? 'string' : 'number';
  if (hs.ok && /"signature"\s*:\s*"[^"]*[A-F]/.test(hostsign)) {
    model.notes.push({ key: 'note.uppercase' });
  }

  if (ref.ok && hs.ok) {
    const base = [
      { name: 'appid', value: ref.appid },
      { name: 'noncestr', value: hs.noncestr },
      { name: 'timestamp', value: hs.timestampText },
    ];
    model.received = hs.signature;
    // The three parts that do not involve the token, sorted: what the sort
    // step shows while the token is hidden.
    model.known = explainSort(base);
    model.byteOrderDiffersKnown = byteOrderDiffers(base);
    model.digests = tokens.map((token, i) => {
      const expected = api.signature(ref.appid, hs.noncestr, hs.timestampText, token);
      return { index: i, expected, matches: expected === hs.signature, diff: diffPositions(expected, hs.signature) };
    });
    const match = model.digests.find((d) => d.matches);
    const trimmed = tokens.findIndex(
      (t) => t.trim() !== t && t.trim() !== '' && api.signature(ref.appid, hs.noncestr, hs.timestampText, t.trim()) === hs.signature,
    );
    if (!match && trimmed !== -1) model.trimmedMatch = trimmed;
    model.shownToken = match ? match.index : tokens.length ? 0 : null;
    const token = model.shownToken === null ? null : tokens[model.shownToken];
    model.parts = token === null ? base : [...base, { name: 'token', value: token, index: model.shownToken }];
    if (token !== null) {
      model.sort = explainSort(model.parts);
      model.joined = model.sort.sorted;
      const joinedText = model.joined.map((p) => p.value).join('');
      model.joinedUnits = joinedText.length;
      model.joinedBytes = new TextEncoder().encode(joinedText).length;
      model.byteOrderDiffers = byteOrderDiffers(model.parts);
    }
    const { maxAge, clockSkew } = options;
    const seconds = (x) => Number.isSafeInteger(x) && x >= 0;
    if (Number.isFinite(now) && (maxAge === null || seconds(maxAge)) && seconds(clockSkew)) {
      model.age = now - hs.timestamp;
      model.ageState = ageState(model.age, maxAge, clockSkew);
    }
  }
  model.advice = advice(model);
  model.hints = hints(api, model, input);
  return model;
}

const VALID_REFERER = 'https://servicewechat.com/wx0123456789abcdef/0/page-frame.html';

/** The package's failure for a repeated header (checked before anything the token decides). */
function repeated(api, headers) {
  return api.verify(headers, { token: NO_TOKEN });
}

/** Sentences beyond the package's message about this very case ({ key, ...params }, worded by i18n.js). */
function advice(model) {
  const { result, now } = model;
  const out = [];
  if (now > 1e11 && now < 1e14) out.push({ key: 'advice.milliseconds' });
  if (result.ok) {
    out.push({ key: 'advice.ok', appid: result.appid, n: result.tokenIndex + 1, version: result.version });
    return out;
  }
  switch (result.code) {
    case 'MISSING_REFERER':
    case 'MISSING_HOSTSIGN':
      out.push({ key: 'advice.missing' });
      break;
    case 'BAD_SIGNATURE':
      if (model.trimmedMatch !== undefined) out.push({ key: 'advice.trimmed', n: model.trimmedMatch + 1 });
      else out.push({ key: 'advice.digests' });
      break;
    case 'EXPIRED':
    case 'NOT_YET_VALID': {
      out.push({ key: result.code === 'NOT_YET_VALID' ? 'advice.ahead' : 'advice.older', duration: model.age });
      const hours = Math.round(Math.abs(model.age) / 3600);
      const slack = model.options.maxAge ?? DEFAULT_MAX_AGE;
      if (hours >= 1 && hours <= 14 && Math.abs(Math.abs(model.age) - hours * 3600) <= slack) {
        out.push({ key: 'advice.timezone', hours });
      }
      break;
    }
    default:
  }
  return out;
}

/**
 * Troubleshooting hints: what the platform does that leads to this outcome
 * (docs/troubleshooting.md tells the same cases at length).
 */
export function hints(api, model, input) {
  const { result } = model;
  const referer = typeof input.referer === 'string' ? input.referer : '';
  const hostsign = typeof input.hostsign === 'string' ? input.hostsign : '';
  if (result.ok) return [{ key: 'hint.rotation' }];
  for (const [value, header] of [
    [input.referer, 'Referer'],
    [input.hostsign, 'X-WECHAT-HOSTSIGN'],
  ]) {
    if (Array.isArray(value)) return [{ key: 'hint.repeated', header }];
  }
  const out = [];
  switch (result.code) {
    case 'MISSING_REFERER':
    case 'MISSING_HOSTSIGN':
      out.push({ key: 'hint.proxy', header: result.code === 'MISSING_REFERER' ? 'Referer' : 'X-WECHAT-HOSTSIGN' }, { key: 'hint.notWechat' });
      break;
    case 'MALFORMED_REFERER': {
      const loose = api.parseReferer(referer, { strictAppid: false });
      if (model.options.strictAppid && loose.ok) out.push({ key: 'hint.touristappid', appid: loose.appid, version: loose.version });
      else if (/,\s*https?:/i.test(referer)) out.push({ key: 'hint.merged', header: 'Referer' });
      else if (!/^https:\/\/servicewechat\.com\//.test(referer)) out.push({ key: 'hint.notWechat' });
      break;
    }
    case 'UNSIGNED':
      out.push({ key: 'hint.unsigned' });
      break;
    case 'MALFORMED_HOSTSIGN':
      if (/\}\s*,\s*\{/.test(hostsign)) out.push({ key: 'hint.merged', header: 'X-WECHAT-HOSTSIGN' });
      else if (/^%7B/i.test(hostsign)) out.push({ key: 'hint.encoded' });
      break;
    case 'APPID_NOT_ALLOWED':
      out.push({ key: 'hint.preview', appid: model.referer.ok ? model.referer.appid : '' });
      break;
    case 'VERSION_NOT_ALLOWED':
      out.push({ key: 'hint.versions' });
      break;
    case 'BAD_SIGNATURE':
      out.push({ key: 'hint.token' }, { key: 'hint.appidSigned' });
      break;
    case 'EXPIRED':
      out.push({ key: 'hint.clock' });
      if (model.options.maxAge !== null && model.options.maxAge < 600) out.push({ key: 'hint.maxAgeShort', maxAge: model.options.maxAge });
      out.push({ key: 'hint.cache' });
      break;
    case 'NOT_YET_VALID':
      out.push({ key: 'hint.clock' });
      break;
    default:
  }
  return out;
}

/**
 * What may be shown of the sort and the joined string. While the token is
 * hidden (`reveal` false: the playground's default, and always in the CLI)
 * nothing shown depends on it: not its length, not where it sorts, not
 * where it first differs from another part. The sort then lists the three
 * other parts only, and the joined string, which contains the token, is not
 * shown at all (nor its length).
 */
export function view(model, reveal) {
  const out = { sort: null, joined: null, byteOrderDiffers: false, tokenHidden: false, tokenMissing: model.tokens.length === 0 };
  if (!model.known) return out;
  if (reveal && model.sort) {
    out.sort = model.sort;
    out.joined = { parts: model.joined, units: model.joinedUnits, bytes: model.joinedBytes };
    out.byteOrderDiffers = model.byteOrderDiffers;
  } else {
    out.sort = model.known;
    out.byteOrderDiffers = model.byteOrderDiffersKnown;
    out.tokenHidden = model.tokens.length > 0;
  }
  return out;
}

/** A token as it may be shown: itself when revealed, else the fixed-width MASK. */
export function shownToken(value, reveal) {
  return reveal ? value : MASK;
}
