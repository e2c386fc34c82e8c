#!/usr/bin/env node
// wechat-hostsign: sign and verify WeChat Mini Program plugin requests from
// a shell, for scripts and smoke tests against a deployed backend.
//
//   wechat-hostsign sign --appid A --token T [--version N] [--curl URL]
//   wechat-hostsign verify --token T [--explain | --json] < request
//
// The explanation is the playground's (explain.js, worded by i18n.js), the
// request reader is the playground's paste reader (paste.js): one
// implementation each. Chinese under a zh locale (LC_ALL, LC_MESSAGES,
// LANG), English otherwise. Exit status: 0 verified (or signed), 1 refused,
// 2 a usage error. The token is never printed: not in a result, a message,
// an explanation (it is always hidden there) or an error about arguments.
import { readFileSync } from 'node:fs';
import * as api from 'wechat-hostsign';
import { analyse, view, shownToken, utc, parseNow, timeline, DEFAULT_MAX_AGE, DEFAULT_CLOCK_SKEW } from './explain.js';
import { parsePaste, curlCommand } from './paste.js';
import { t, say, message, langFromEnv, normalizeLang, versionText, formatDuration, signedSeconds, describeUnit, beijing } from './i18n.js';

const USAGE = 2;
const REFUSED = 1;
/** The environment variable a token may come from instead of --token (keeps it out of shell history). */
const TOKEN_ENV = 'WECHAT_HOSTSIGN_TOKEN';

// Options of each command: 'string' (once), 'list' (repeatable) or 'flag'.
const SPEC = {
  sign: { appid: 'string', token: 'string', version: 'string', noncestr: 'string', timestamp: 'string', curl: 'string', 'any-appid': 'flag' },
  verify: {
    token: 'list',
    now: 'string',
    'max-age': 'string',
    'clock-skew': 'string',
    appid: 'list',
    'any-appid': 'flag',
    explain: 'flag',
    json: 'flag',
  },
};
const COMMON = { help: 'flag', lang: 'string' };

class UsageError extends Error {
  constructor(key, params) {
    super(key);
    this.key = key;
    this.params = params;
  }
}

/** Levenshtein distance, for "did you mean". */
function distance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length];
}

/**
 * Reads `--name value`, `--name=value` and flags. An error names an unknown
 * option only when it is a near miss of a real one (`--tokn`: did you mean
 * `--token`?) and no token contains it; otherwise it gives the argument's
 * position. Whatever was typed where an option belongs may be a token
 * (`--SECRET`, or SECRET after a mistyped option): it is never printed back.
 */
function parseArgs(argv, spec, secrets, first) {
  const values = {};
  const names = [...Object.keys(spec), ...Object.keys(COMMON)];
  const unknown = (name, n) => {
    const near = names.find((k) => distance(name, k) <= 2);
    if (near && name.length <= 20 && /^[a-z-]+$/.test(name) && !secrets.some((s) => s.includes(name))) {
      return new UsageError('cli.err.unknown', { option: `--${name}`, near: `--${near}` });
    }
    return new UsageError('cli.err.unknownAt', { n });
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([^=]*)(?:=([\s\S]*))?$/.exec(arg);
    if (!m) throw new UsageError(arg === '-h' ? 'cli.err.shortHelp' : 'cli.err.positional', { n: first + i });
    const [, name, inline] = m;
    const kind = spec[name] ?? COMMON[name];
    if (!kind) throw unknown(name, first + i);
    if (kind === 'flag') {
      if (inline !== undefined) throw new UsageError('cli.err.flagValue', { option: `--${name}` });
      values[name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError('cli.err.missing', { option: `--${name}` });
      value = argv[++i];
    }
    if (kind === 'list') (values[name] ??= []).push(value);
    else if (name in values) throw new UsageError('cli.err.twice', { option: `--${name}` });
    else values[name] = value;
  }
  return values;
}

/**
 * An unknown command as an error may show it: only a near miss of a real one
 * (`sing`, `verfy`) that no token contains or is contained in. Anything else
 * may be a token typed where the command belongs (`WECHAT_HOSTSIGN_TOKEN=…
 * wechat-hostsign <token>`): shown as `…`.
 */
function shownCommand(command, secrets) {
  const near = /^[a-z-]{1,20}$/.test(command) && [...Object.keys(SPEC), 'help'].some((k) => distance(command, k) <= 2);
  return near && !secrets.some((s) => s.includes(command) || command.includes(s)) ? command : '…';
}

/** Every value that follows --token (or is joined to it), and the environment's token. */
function secretsOf(argv, env) {
  const out = [];
  argv.forEach((a, i) => {
    if (a === '--token' && i + 1 < argv.length) out.push(argv[i + 1]);
    else if (a.startsWith('--token=')) out.push(a.slice(8));
  });
  if (env[TOKEN_ENV]) out.push(env[TOKEN_ENV]);
  return out.filter(Boolean);
}

const SECONDS = /^(0|[1-9][0-9]{0,15})$/;

function seconds(text, option) {
  if (!SECONDS.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError('cli.err.seconds', { option });
  return Number(text);
}

// ---------------------------------------------------------------------------
// sign

function signCommand(o, env, lang, out) {
  const token = o.token ?? env[TOKEN_ENV];
  if (o.appid === undefined) throw new UsageError('cli.err.required', { option: '--appid' });
  if (token === undefined) throw new UsageError('cli.err.token', { env: TOKEN_ENV });
  const options = { appid: o.appid, token, strictAppid: !o['any-appid'] };
  if (o.version !== undefined) options.version = o.version;
  if (o.noncestr !== undefined) options.noncestr = o.noncestr;
  if (o.timestamp !== undefined) {
    // Digits become a JSON number, as real traffic has it.
    options.timestamp = SECONDS.test(o.timestamp) && Number.isSafeInteger(Number(o.timestamp)) ? Number(o.timestamp) : o.timestamp;
  }
  let s;
  try {
    s = api.sign(options);
  } catch (e) {
    if (e?.code !== 'INVALID_OPTIONS') throw e;
    throw new UsageError('cli.err.options', { message: message(e, lang) });
  }
  if (o.curl !== undefined) out(curlCommand(o.curl, s));
  else out(`Referer: ${s.referer}\nX-WECHAT-HOSTSIGN: ${s.hostsign}`);
  return 0;
}

// ---------------------------------------------------------------------------
// verify

function verifyCommand(o, env, lang, out, err, input) {
  const tokens = o.token ?? (env[TOKEN_ENV] ? [env[TOKEN_ENV]] : []);
  if (tokens.length === 0) throw new UsageError('cli.err.token', { env: TOKEN_ENV });
  if (tokens.some((x) => x === '')) throw new UsageError('cli.err.emptyToken');
  if (o.json && o.explain) throw new UsageError('cli.err.jsonExplain');
  let now = Math.floor(Date.now() / 1000);
  if (o.now !== undefined) {
    now = parseNow(o.now);
    if (!Number.isFinite(now)) throw new UsageError('cli.err.now');
  }
  let maxAge = DEFAULT_MAX_AGE;
  if (o['max-age'] !== undefined) maxAge = o['max-age'] === 'off' ? null : seconds(o['max-age'], '--max-age');
  const clockSkew = o['clock-skew'] === undefined ? DEFAULT_CLOCK_SKEW : seconds(o['clock-skew'], '--clock-skew');

  const pasted = parsePaste(input);
  // A server refuses a repeated header: so does verify (the playground only
  // warns, and shows the first).
  const all = (name) => pasted.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
  const referer = all('referer').length > 1 ? all('referer') : pasted.referer;
  const hostsign = all('x-wechat-hostsign').length > 1 ? all('x-wechat-hostsign') : pasted.hostsign;
  const request = { referer, hostsign, tokens, now, maxAge, clockSkew, strictAppid: !o['any-appid'], appids: o.appid };
  const model = analyse(api, request);
  const r = model.result;
  // Bad options (an invalid --appid…) are the caller's mistake, not the request's.
  if (!r.ok && r.code === 'INVALID_OPTIONS') throw new UsageError('cli.err.options', { message: message(r, lang) });

  if (o.json) {
    out(JSON.stringify(r));
    return r.ok ? 0 : REFUSED;
  }
  for (const w of pasted.warnings) err(`${t(lang, 'cli.warning')}${say(lang, w)}`);
  if (pasted.kind === null && input.trim() === '') err(t(lang, 'cli.emptyInput'));
  if (r.ok) {
    out(t(lang, 'cli.ok', { appid: r.appid, version: r.version, n: r.tokenIndex + 1, age: signedSeconds(r.age, lang) }));
  } else {
    out(`${r.code}: ${message(r, lang)}`);
  }
  for (const a of model.advice) if (a.key !== 'advice.ok') out(`  ${say(lang, a)}`);
  for (const h of model.hints) out(`  ${t(lang, 'cli.hint')}${say(lang, h)}`);
  if (o.explain) out(explainText(model, lang));
  return r.ok ? 0 : REFUSED;
}

/**
 * The playground's five steps, as text for a terminal. The token is always
 * hidden (view(model, false)): nothing printed depends on it but the
 * expected digest.
 */
function explainText(model, lang) {
  const lines = [];
  const step = (n, key) => lines.push('', `${n}. ${t(lang, key)}`);
  const row = (cells) => lines.push(`   ${cells.join('  ')}`.trimEnd());
  const pad = (s, n) => s + ' '.repeat(Math.max(0, n - columns(s)));
  const label = (p) => (p.name === 'token' ? t(lang, 'part.token', { n: (p.index ?? 0) + 1 }) : p.name);
  const v = view(model, false);
  const needs = () => {
    if (!model.referer.ok && !model.hostsign.ok) return t(lang, 'needs.both');
    if (!model.referer.ok) return t(lang, 'needs.referer');
    if (!model.hostsign.ok) return t(lang, 'needs.hostsign');
    return t(lang, 'needs.token');
  };

  step(1, 'step.parts');
  if (model.referer.ok) {
    row([pad('appid', 11), pad(model.referer.appid, 34), t(lang, 'from.refererSigned')]);
    row([pad(t(lang, 'part.version'), 11), pad(versionText(lang, model.referer.version), 34), t(lang, 'from.refererUnsigned')]);
  } else row([pad('appid', 11), `${model.referer.code}: ${message(model.referer, lang)}`]);
  if (model.hostsign.ok) {
    row([pad('noncestr', 11), pad(model.hostsign.noncestr, 34), t(lang, 'from.hostsign')]);
    row([pad('timestamp', 11), pad(`${model.hostsign.timestampText} (${utc(model.hostsign.timestamp)})`, 34), t(lang, `from.timestamp.${model.timestampForm}`)]);
  } else row([pad('noncestr', 11), `${model.hostsign.code}: ${message(model.hostsign, lang)}`]);
  model.tokens.forEach((tok, i) => {
    const spaces = tok.trim() !== tok ? t(lang, 'part.spaces') : '';
    row([pad(t(lang, 'part.token', { n: i + 1 }), 11), pad(shownToken(tok, false) + spaces, 34), t(lang, i === 0 ? 'from.token' : 'from.olderToken')]);
  });
  for (const n of model.notes) row([say(lang, n)]);

  step(2, 'step.sort');
  if (!v.sort) row([needs()]);
  else {
    v.sort.sorted.forEach((p, i) => {
      row([`${i + 1}.`, pad(label(p), 10), p.value]);
      const s = v.sort.steps[i];
      if (!s) return;
      const params = { left: label(s.left), right: label(s.right), index: s.index };
      if (s.kind === 'unit') row(['  ', t(lang, 'sort.unit', { ...params, a: describeUnit(s.a, lang), b: describeUnit(s.b, lang) })]);
      else row(['  ', t(lang, s.kind === 'prefix' ? 'sort.prefix' : 'sort.equal', params)]);
    });
    if (v.tokenHidden) row([t(lang, 'sort.hidden')]);
    if (v.tokenMissing) row([t(lang, 'sort.noToken')]);
    row([t(lang, 'sort.rule')]);
    if (v.byteOrderDiffers) row([t(lang, 'sort.byteOrder')]);
  }

  step(3, 'step.joined');
  row([v.sort && !v.tokenMissing ? t(lang, 'joined.hidden') : needs()]);

  step(4, 'step.digest');
  if (!model.received) row([needs()]);
  else {
    const shown = model.digests[model.shownToken ?? 0];
    const who = (d) => (model.digests.length > 1 ? t(lang, 'digest.expectedN', { n: d.index + 1 }) : t(lang, 'digest.expected'));
    const labelWidth = Math.max(...[t(lang, 'digest.received'), ...model.digests.map(who)].map(columns));
    for (const d of model.digests) {
      const verdict = d.matches ? t(lang, 'digest.matches') : t(lang, 'digest.differ', { n: d.diff.filter(Boolean).length });
      row([pad(who(d), labelWidth), d.expected, verdict]);
    }
    row([pad(t(lang, 'digest.received'), labelWidth), model.received]);
    if (shown && !shown.matches) row([pad('', labelWidth), shown.diff.map((x) => (x ? '^' : ' ')).join('')]);
    row([t(lang, model.digests.some((d) => d.matches) ? 'digest.matchNote' : 'digest.noMatchNote')]);
    // An expected digest is a valid signature for the parts shown (issue 23).
    if (model.digests.length > 0) row([t(lang, 'digest.secretNote')]);
  }

  step(5, 'step.age');
  if (model.age === undefined) row([model.hostsign.ok ? t(lang, 'needs.now') : t(lang, 'needs.hostsign')]);
  else {
    const { maxAge, clockSkew } = model.options;
    const to = maxAge === null ? t(lang, 'age.off') : signedSeconds(maxAge, lang);
    row([`${t(lang, 'age.timestamp')} ${utc(model.hostsign.timestamp)}${t(lang, 'cli.paren', { text: t(lang, 'age.beijing', { time: beijing(model.hostsign.timestamp) }) })}`]);
    row([`${t(lang, 'age.now')} ${utc(model.now)}${t(lang, 'cli.paren', { text: t(lang, 'age.beijing', { time: beijing(model.now) }) })}`]);
    const long = Math.abs(model.age) >= 120 ? t(lang, 'cli.paren', { text: `${model.age < 0 ? '−' : ''}${formatDuration(model.age, lang)}` }) : '';
    row([`${t(lang, 'age.age')} ${signedSeconds(model.age, lang)}${long}`, `${t(lang, 'age.window')} ${signedSeconds(-clockSkew, lang)} … ${to}`, `→ ${t(lang, `age.state.${model.ageState}`)}`]);
    row([bar(model.age, maxAge, clockSkew)]);
    if (!model.result.ok && model.result.code !== 'EXPIRED' && model.result.code !== 'NOT_YET_VALID') row([t(lang, 'age.last')]);
  }
  return lines.join('\n');
}

/** Terminal columns: two for East Asian wide characters (Chinese), one for the rest. */
function columns(s) {
  let n = 0;
  for (const c of s) n += /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1;
  return n;
}

/** The timeline in 50 characters: `-` not yet valid, `=` valid, `x` expired, `|` the age. */
function bar(age, maxAge, clockSkew) {
  const g = timeline(age, maxAge, clockSkew);
  const width = 50;
  const cells = [];
  for (let i = 0; i < width; i++) {
    const at = ((i + 0.5) / width) * 100;
    const z = g.zones.find((zone) => at >= zone.from && at < zone.to) ?? g.zones[g.zones.length - 1];
    cells.push(z.state === 'valid' ? '=' : z.state === 'expired' ? 'x' : '-');
  }
  cells[Math.min(width - 1, Math.floor((g.marker / 100) * width))] = '|';
  return `[${cells.join('')}]`;
}

// ---------------------------------------------------------------------------
// main

/**
 * Runs the CLI: `argv` without node and the script, `env` for the language
 * and the token, `input` a function that reads standard input. Returns the
 * exit status; writes through out() and err().
 */
async function main(argv, { env = {}, input, out, err }) {
  const secrets = secretsOf(argv, env);
  let lang = langFromEnv(env);
  const langAt = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (langAt !== -1) lang = normalizeLang(argv[langAt].startsWith('--lang=') ? argv[langAt].slice(7) : argv[langAt + 1]) ?? lang;
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === 'help') {
      out(t(lang, 'cli.help'));
      return command === undefined ? USAGE : 0;
    }
    if (command === '--version') {
      out(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
      return 0;
    }
    if (!(command in SPEC)) throw new UsageError('cli.err.command', { command: shownCommand(command, secrets) });
    const o = parseArgs(rest, SPEC[command], secrets, 2);
    if (o.help) {
      out(t(lang, `cli.help.${command}`));
      return 0;
    }
    if (o.lang !== undefined && normalizeLang(o.lang) === null) throw new UsageError('cli.err.lang');
    if (command === 'sign') return signCommand(o, env, lang, out);
    return verifyCommand(o, env, lang, out, err, await input());
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`${t(lang, 'cli.error')}${t(lang, e.key, e.params)}`);
    err(t(lang, 'cli.seeHelp'));
    return USAGE;
  }
}

async function readStdin() {
  if (process.stdin.isTTY) process.stderr.write(t(langFromEnv(process.env), 'cli.pasteNow') + '\n');
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

const write = (stream) => (s) => stream.write(`${s}\n`);

main(process.argv.slice(2), { env: process.env, input: readStdin, out: write(process.stdout), err: write(process.stderr) }).then(
  (status) => {
    process.exitCode = status;
  },
  (e) => {
    // Not a usage error: a bug. Its message may not be ours, so it is not
    // printed (it could hold an argument); its name and stack are.
    process.stderr.write(`wechat-hostsign: internal error (${e?.name ?? 'Error'})\n${String(e?.stack ?? '').split('\n').slice(1).join('\n')}\n`);
    process.exitCode = 3;
  },
);
