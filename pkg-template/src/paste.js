// Reads the Referer and X-WECHAT-HOSTSIGN out of whatever a developer pastes:
// a curl command (bash or cmd quoting, as DevTools copies it), a raw HTTP
// request, a header block (`name: value` lines, or DevTools' `name` / `value`
// line pairs), a DevTools "Copy as fetch" call, or just the two values.
// Pure functions, no DOM: used by the playground (www/) and the CLI
// (`wechat-hostsign verify` reads a request on standard input), and
// unit-tested in Node. Warnings are { key, ...params } for i18n.js to word.

const REFERER = 'referer';
const HOSTSIGN = 'x-wechat-hostsign';
const TOKEN = /^:?[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_LINE = /^(:?[!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:[ \t]*(.*)$/;
const REQUEST_LINE = /^[A-Z]+[ \t]+\S+[ \t]+HTTP\/\d(?:\.\d)?$/;

/**
 * @typedef {{ kind: 'curl'|'http'|'headers'|'fetch'|'values'|null, referer?: string,
 *   hostsign?: string, url?: string, method?: string, headers: [string, string][],
 *   warnings: { key: string, header?: string, count?: number, code?: string }[] }} Pasted
 */

/** Reads a pasted text. `kind` is null when nothing useful was found. */
export function parsePaste(text) {
  const t = String(text ?? '').replace(/^\uFEFF/, '').trim();
  let out;
  if (/^curl(?:\.exe)?(?:\s|$)/i.test(t)) out = fromCurl(t);
  else if (/^(?:await\s+)?fetch\s*\(/.test(t)) out = fromFetch(t);
  else if (REQUEST_LINE.test(t.split(/\r?\n/, 1)[0].trim())) out = fromHttp(t);
  else {
    out = { kind: 'headers', headers: headerBlock(t.split(/\r?\n/)) };
    if (!pick(out.headers, REFERER) && !pick(out.headers, HOSTSIGN)) out = fromValues(t);
  }
  return finish(out);
}

function pick(headers, name) {
  return headers.find(([n]) => n.toLowerCase() === name);
}

/** Fills referer/hostsign from the header list and warns about repeats. */
function finish(out) {
  const result = { kind: out.kind, headers: out.headers ?? [], warnings: [] };
  if (out.url !== undefined) result.url = out.url;
  if (out.method !== undefined) result.method = out.method;
  for (const [key, name, label, code] of [
    ['referer', REFERER, 'Referer', 'MALFORMED_REFERER'],
    ['hostsign', HOSTSIGN, 'X-WECHAT-HOSTSIGN', 'MALFORMED_HOSTSIGN'],
  ]) {
    const values = result.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
    if (values.length === 0 && out[key] !== undefined) values.push(out[key]);
    if (values.length === 0) continue;
    result[key] = values[0];
    if (values.length > 1) {
      result.warnings.push({ key: 'paste.repeated', header: label, count: values.length, code });
    }
  }
  if (result.referer === undefined && result.hostsign === undefined && result.kind !== 'values') {
    result.warnings.push({ key: 'paste.none' });
  }
  if (result.kind === 'values' && result.referer === undefined && result.hostsign === undefined) result.kind = null;
  return result;
}

// ---------------------------------------------------------------------------
// Header blocks and raw requests.

/**
 * Header lines: `name: value` (obs-fold continuation lines included),
 * `name<TAB>value`, or DevTools' pairs of lines, `name` (or `name:`) then
 * `value`. Lines that are none of these are skipped.
 */
export function headerBlock(lines) {
  const headers = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    // Obs-fold: a line starting with whitespace continues the previous value.
    if (/^[ \t]/.test(lines[i]) && headers.length > 0 && !bareName(line) && !HEADER_LINE.test(line)) {
      headers[headers.length - 1][1] += ' ' + line;
      continue;
    }
    const bare = bareName(line);
    if (bare !== null && i + 1 < lines.length) {
      const next = lines[i + 1].trim();
      // `name:` with nothing after it, followed by another `name: value`
      // line, is an empty header; a value line such as `https://…` is not
      // a header line (its "name" would be followed by `//`).
      const nextIsHeader = HEADER_LINE.test(next) && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(next);
      if (!(line.endsWith(':') && nextIsHeader)) {
        headers.push([bare, next]);
        i++;
        continue;
      }
    }
    const tab = /^(:?[!#$%&'*+.^_`|~0-9A-Za-z-]+)\t+(.*)$/.exec(line);
    if (tab) {
      headers.push([tab[1], tab[2].trim()]);
      continue;
    }
    const m = HEADER_LINE.exec(line);
    if (m) headers.push([m[1], m[2].trim()]);
  }
  return headers;
}

/** The header name if the line is a name alone (`referer` or `Referer:`), else null. */
function bareName(line) {
  const name = line.endsWith(':') ? line.slice(0, -1).trimEnd() : line;
  return TOKEN.test(name) && !name.slice(1).includes(':') ? name : null;
}

function fromHttp(t) {
  const lines = t.split(/\r?\n/);
  const [method, url] = lines[0].trim().split(/[ \t]+/);
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '');
  const head = lines.slice(1, end === -1 ? undefined : end);
  // Raw requests only have `name: value` lines (and obs-folds).
  const headers = [];
  for (const l of head) {
    if (/^[ \t]/.test(l) && headers.length > 0) headers[headers.length - 1][1] += ' ' + l.trim();
    else {
      const m = HEADER_LINE.exec(l.trim());
      if (m) headers.push([m[1], m[2].trim()]);
    }
  }
  return { kind: 'http', method, url, headers };
}

/** Two bare values: a line with a URL is the Referer, a line with `{…}` the HostSign. */
function fromValues(t) {
  const out = { kind: 'values', headers: [] };
  for (const line of t.split(/\r?\n/).map((l) => l.trim())) {
    if (out.referer === undefined && /^https?:\/\/\S+$/i.test(line)) out.referer = line;
    else if (out.hostsign === undefined && line.startsWith('{')) out.hostsign = line;
  }
  return out;
}

// ---------------------------------------------------------------------------
// DevTools "Copy as fetch".

function fromFetch(t) {
  const out = { kind: 'fetch', headers: [] };
  // One pass over the text: each "…" literal is found once (a pattern tried
  // again at every quote would scan an unterminated one from each of its
  // quotes, quadratic in the paste: tests/js/paste-linear.test.mjs).
  const strings = literals(t);
  const call = /^(?:await\s+)?fetch\s*\(\s*/.exec(t);
  if (call && strings.length > 0 && strings[0].start === call[0].length) out.url = jsonString(strings[0].text);
  let referrer;
  for (let s = 0; s + 1 < strings.length; s++) {
    // A pair: a literal, optional whitespace, `:`, whitespace, a literal.
    const between = t.slice(strings[s].end, strings[s + 1].start);
    if (!/^\s*:\s*$/.test(between)) continue;
    const key = jsonString(strings[s].text);
    const value = jsonString(strings[s + 1].text);
    s++;
    if (key === undefined || value === undefined) continue;
    if (key === 'referrer') referrer ??= value;
    else if (key === 'method') out.method = value;
    else if (key.toLowerCase() === REFERER || key.toLowerCase() === HOSTSIGN) out.headers.push([key, value]);
  }
  // fetch() takes the Referer as the `referrer` option, not as a header.
  if (!pick(out.headers, REFERER) && referrer !== undefined && referrer !== '') out.referer = referrer;
  return out;
}

/**
 * The double-quoted literals of `t`, left to right, each `{ start, end, text }`
 * (`\\` escapes the next character); an unterminated one ends the list.
 */
function literals(t) {
  const found = [];
  for (let i = t.indexOf('"'); i !== -1; ) {
    let j = i + 1;
    while (j < t.length && t[j] !== '"') j += t[j] === '\\' ? 2 : 1;
    if (j >= t.length) break;
    found.push({ start: i, end: j + 1, text: t.slice(i, j + 1) });
    i = t.indexOf('"', j + 1);
  }
  return found;
}

function jsonString(s) {
  try {
    const v = JSON.parse(s);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------
// curl.

const CURL_WITH_ARG = new Set(
  ('-d --data --data-raw --data-binary --data-ascii --data-urlencode --json -b --cookie -c --cookie-jar ' +
    '-A --user-agent -u --user -o --output -F --form --form-string -x --proxy -U --proxy-user -m --max-time ' +
    '--connect-timeout -w --write-out --cacert --capath --cert -E --key --key-type --cert-type -T --upload-file ' +
    '--resolve --connect-to -r --range -K --config --interface --limit-rate --retry --max-redirs -Y -y ' +
    '--speed-limit --speed-time -z --time-cond --unix-socket --abstract-unix-socket --oauth2-bearer ' +
    '--request-target --variable --expand-url --proto --proto-redir --dump-header -D --trace --trace-ascii ' +
    '--stderr --local-port --dns-servers --doh-url -t --telnet-option --mail-from --mail-rcpt --ciphers')
    .split(' '),
);

function fromCurl(t) {
  // DevTools' "Copy as cURL (cmd)" quotes with "…" or ^"…^", escapes with
  // carets (`^{`, `^\^"`) and ends lines with `^`; its bash form quotes
  // with '…' or $'…'.
  const cmd = /^curl(?:\.exe)?\s+\^"/i.test(t) || /\s\^\r?\n/.test(t) || (/^curl(?:\.exe)?\s+"/i.test(t) && /\^["{}\\]/.test(t));
  const words = cmd ? cmdWords(t) : shellWords(t);
  const out = { kind: 'curl', headers: [] };
  let refererOption;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    let header;
    if (w === '-H' || w === '--header') header = words[++i];
    else if (/^-H./.test(w)) header = w.slice(2);
    else if (w.startsWith('--header=')) header = w.slice(9);
    else if (w === '-e' || w === '--referer') refererOption = words[++i];
    else if (/^-e./.test(w)) refererOption = w.slice(2);
    else if (w === '-X' || w === '--request') out.method = words[++i];
    else if (/^-X./.test(w)) out.method = w.slice(2);
    else if (w === '--url') out.url ??= words[++i];
    else if (CURL_WITH_ARG.has(w)) i++;
    else if (!w.startsWith('-') && out.url === undefined) out.url = w;
    if (header !== undefined) {
      // `Name: value`; curl sends `Name;` as an empty header and drops `Name:`.
      const m = /^([^:;]+)([:;])[ \t]*(.*)$/.exec(header);
      if (m && !(m[2] === ':' && m[3].trim() === '')) out.headers.push([m[1].trim(), m[2] === ';' ? '' : m[3].trim()]);
    }
  }
  // curl -e "url;auto": ";auto" asks curl to follow redirects with Referers.
  if (refererOption !== undefined && !pick(out.headers, REFERER)) out.referer = refererOption.replace(/;auto$/, '');
  // DevTools escapes curl's URL globbing characters with a backslash.
  if (out.url !== undefined) out.url = out.url.replace(/\\([[\]{}])/g, '$1');
  return out;
}

/**
 * Splits a POSIX shell command line into words: '…', "…" (with \" \\ \$ \`
 * escapes), $'…' (ANSI-C escapes, \xHH and octal bytes decoded as UTF-8),
 * backslash escapes and line continuations. Expansions are not performed.
 */
export function shellWords(s) {
  const words = [];
  let word = null;
  const add = (x) => {
    word = (word ?? '') + x;
  };
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === '\\') {
      if (s[i + 1] === '\n') i += 2;
      else if (s[i + 1] === '\r' && s[i + 2] === '\n') i += 3;
      else {
        if (i + 1 < s.length) add(s[i + 1]);
        i += 2;
      }
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      const stop = end === -1 ? s.length : end;
      add(s.slice(i + 1, stop));
      i = stop + 1;
    } else if (c === '$' && s[i + 1] === "'") {
      const [text, next] = ansiC(s, i + 2);
      add(text);
      i = next;
    } else if (c === '"' || (c === '$' && s[i + 1] === '"')) {
      i += c === '$' ? 2 : 1;
      let text = '';
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length && '"\\$`\n'.includes(s[i + 1])) {
          if (s[i + 1] !== '\n') text += s[i + 1];
          i += 2;
        } else text += s[i++];
      }
      add(text);
      i++;
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
      i++;
    } else {
      add(c);
      i++;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

const SIMPLE_ESCAPES = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** Reads a $'…' body from index i; returns [text, index after the closing quote]. */
function ansiC(s, i) {
  let text = '';
  let bytes = [];
  const flush = () => {
    if (bytes.length) text += new TextDecoder().decode(new Uint8Array(bytes));
    bytes = [];
  };
  while (i < s.length && s[i] !== "'") {
    if (s[i] !== '\\' || i + 1 >= s.length) {
      flush();
      text += s[i++];
      continue;
    }
    const e = s[i + 1];
    let m;
    if ((m = /^x([0-9A-Fa-f]{1,2})/.exec(s.slice(i + 1, i + 4)))) {
      bytes.push(parseInt(m[1], 16));
      i += 1 + m[0].length;
    } else if ((m = /^[0-7]{1,3}/.exec(s.slice(i + 1, i + 4)))) {
      bytes.push(parseInt(m[0], 8) & 0xff);
      i += 1 + m[0].length;
    } else if ((m = /^(?:u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8}))/.exec(s.slice(i + 1, i + 10)))) {
      flush();
      const cp = parseInt(m[1] ?? m[2], 16);
      text += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
      i += 1 + m[0].length;
    } else if (e === 'c' && i + 2 < s.length) {
      flush();
      text += String.fromCharCode(s.charCodeAt(i + 2) & 0x1f);
      i += 3;
    } else {
      flush();
      text += SIMPLE_ESCAPES[e] ?? '\\' + e;
      i += 2;
    }
  }
  flush();
  return [text, i + 1];
}

/**
 * Splits a Windows cmd.exe command line as DevTools' "Copy as cURL (cmd)"
 * writes it: `^` escapes any character (`^` at the end of a line continues
 * it), then "…" quotes inside which DevTools has written every `\` as `\\`
 * and every `"` as `\"`; those two are undone, any other backslash is kept.
 */
export function cmdWords(s) {
  let plain = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '^') plain += s[i];
    else if (/^\r?\n/.test(s.slice(i + 1, i + 3))) {
      // `^` + newline continues the line; DevTools writes a newline inside
      // a value as `^` + two newlines.
      i += s[i + 1] === '\r' ? 2 : 1;
      const again = /^\r?\n/.exec(s.slice(i + 1, i + 3));
      if (again) {
        plain += '\n';
        i += again[0].length;
      }
    } else if (i + 1 < s.length) plain += s[++i];
  }
  const words = [];
  let word = null;
  let quoted = false;
  for (let i = 0; i < plain.length; i++) {
    const c = plain[i];
    if (c === '\\' && (plain[i + 1] === '\\' || plain[i + 1] === '"')) {
      word = (word ?? '') + plain[++i];
    } else if (c === '"') {
      quoted = !quoted;
      word ??= '';
    } else if (!quoted && /\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

// ---------------------------------------------------------------------------
// Writing a curl command (the playground's sign mode, `wechat-hostsign sign --curl`).

/** A POSIX shell word: '…', with each ' written as '\''. */
export function shellQuote(s) {
  return `'${String(s).replace(/'/g, `'\\''`)}'`;
}

/**
 * `curl -s -i 'URL' -H 'Referer: …' -H 'X-WECHAT-HOSTSIGN: …'` for a header
 * pair; `multiline` breaks it after each argument with ` \`.
 */
export function curlCommand(url, { referer, hostsign }, { multiline = false } = {}) {
  const words = [`curl -s -i ${shellQuote(url)}`, `-H ${shellQuote(`Referer: ${referer}`)}`, `-H ${shellQuote(`X-WECHAT-HOSTSIGN: ${hostsign}`)}`];
  return words.join(multiline ? ' \\\n  ' : ' ');
}
