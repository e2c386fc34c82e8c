// What the playground shows, computed without the DOM: the verdict and a
// sentence on what to fix, the four signed parts before and after
// JavaScript's sort with the reason for each adjacent pair, the joined
// string, the expected digest beside the received one, and the age against
// the freshness window. The package's functions are passed in (`api`), so
// the same code runs in the page (/pkg/default.js) and in Node's tests.

export const DEFAULT_MAX_AGE = 660;
export const DEFAULT_CLOCK_SKEW = 60;

/** Stands in for a token the user has not typed yet: it never matches. */
const NO_TOKEN = '\u0000playground: no token entered';


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

/** `U+0061 'a'`; surrogates and invisible units are named, not printed. */
export function describeUnit(u) {
  const hex = 'U+' + u.toString(16).toUpperCase().padStart(4, '0');
  if (u >= 0xd800 && u <= 0xdbff) return `${hex} (high surrogate)`;
  if (u >= 0xdc00 && u <= 0xdfff) return `${hex} (low surrogate)`;
  if (u < 0x20 || (u >= 0x7f && u <= 0xa0) || u === 0xad || (u >= 0x2000 && u <= 0x200f) || u === 0xfeff) return hex;
  return `${hex} '${String.fromCharCode(u)}'`;
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

/** `42 s`, `11 min`, `3 h 12 min`, `2 d 4 h` (sign dropped). */
export function formatDuration(seconds) {
  let s = Math.abs(Math.round(seconds));
  if (s < 120) return `${s} s`;
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (d > 0) return d >= 100 ? `${d} d` : `${d} d${h ? ` ${h} h` : ''}`;
  if (h > 0) return `${h} h${m ? ` ${m} min` : ''}`;
  return `${m} min${s ? ` ${s} s` : ''}`;
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
      result = {
        ok: false,
        code: 'INVALID_OPTIONS',
        message: "No token entered; paste the plugin's token from its settings page to check the signature.",
      };
    }
  } catch (e) {
    result = { ok: false, code: e.code ?? 'INVALID_OPTIONS', message: e.message };
  }
  model.result = result;

  // The parts, as far as the headers can be read.
  const ref = api.parseReferer(referer, { strictAppid: options.strictAppid });
  const hs = api.parseHostSign(hostsign);
  model.referer = ref;
  model.hostsign = hs;
  if (hs.ok) model.timestampForm = /"timestamp"\s*:\s*"/.test(hostsign) ? 'string' : 'number';
  if (hs.ok && /"signature"\s*:\s*"[^"]*[A-F]/.test(hostsign)) {
    model.notes.push('The received signature has uppercase hex digits; they compare equal to lowercase ones.');
  }

  if (ref.ok && hs.ok) {
    const base = [
      { name: 'appid', value: ref.appid },
      { name: 'noncestr', value: hs.noncestr },
      { name: 'timestamp', value: hs.timestampText },
    ];
    model.received = hs.signature;
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
  return model;
}

/** Extra sentences, beyond the package's message, about this very case. */
function advice(model) {
  const { result, now } = model;
  const out = [];
  if (now > 1e11 && now < 1e14) out.push('"Now" looks like milliseconds; it is in seconds since 1970 (Date.now() / 1000).');
  if (result.ok) {
    const v = result.version;
    out.push(
      `The request is authentic: signed by WeChat for ${result.appid} with token #${result.tokenIndex + 1}. ` +
        `The version segment (${v.kind === 'release' ? `release ${v.number}` : v.kind}) is not signed: do not trust it for security.`,
    );
    return out;
  }
  switch (result.code) {
    case 'MISSING_REFERER':
    case 'MISSING_HOSTSIGN':
      out.push('An empty field here stands for a header that is absent.');
      break;
    case 'BAD_SIGNATURE': {
      if (model.trimmedMatch !== undefined) {
        out.push(
          `Token #${model.trimmedMatch + 1} has spaces or line breaks at its start or end; without them it matches. Copy the token again.`,
        );
      } else {
        out.push('The expected and received digests below differ: either the token is not the one this plugin uses, or the AppID, noncestr or timestamp was changed on the way.');
      }
      break;
    }
    case 'EXPIRED':
    case 'NOT_YET_VALID': {
      const ahead = result.code === 'NOT_YET_VALID';
      out.push(`The timestamp is ${formatDuration(model.age)} ${ahead ? 'ahead of' : 'older than'} "now".`);
      const hours = Math.round(Math.abs(model.age) / 3600);
      const slack = model.options.maxAge ?? DEFAULT_MAX_AGE;
      if (hours >= 1 && hours <= 14 && Math.abs(Math.abs(model.age) - hours * 3600) <= slack) {
        out.push(`That is about ${hours} h: a clock set to local time but read as UTC (China is UTC+8)?`);
      }
      break;
    }
    default:
  }
  return out;
}
