// paste.js (pkg-template/src, shipped in pkg/dist; the playground's and the
// CLI's request reader): reading the two headers out of curl commands (bash and cmd
// quoting, as DevTools writes them), raw requests, header blocks, fetch()
// calls and bare values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePaste, shellWords, cmdWords, headerBlock, curlCommand, shellQuote } from '../../pkg/dist/paste.js';
import { say } from '../../pkg/dist/i18n.js';

const RUNS = Number(process.env.FC_RUNS ?? 1000);
const R = 'https://servicewechat.com/wx0123456789abcdef/0/page-frame.html';
const H = '{"noncestr":"c3b4a7e9d0f1a2b3c4d5e6f708192a3b","timestamp":1711421951,"signature":"2aff2d89cff5c5adafec6d11d921ef517441bd66"}';

// DevTools' "Copy as cURL" quoting (Chromium's network panel), written
// from its documented behaviour, to produce the inputs users paste.
function posix(str) {
  if (/[\0-\x1F\x7F-\x9F!]|'/.test(str)) {
    const esc = (x) => '\\u' + x.charCodeAt(0).toString(16).padStart(4, '0');
    return `$'${str.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/[\0-\x1F\x7F-\x9F!]/g, esc)}'`;
  }
  return `'${str}'`;
}
function win(str) {
  const q = /[\r\n]/.test(str) ? '^"' : '"';
  return (
    q +
    str
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')
      .replace(/[^a-zA-Z0-9\s_\-:=+~'/.,?;()*`&]/g, '^$&')
      .replace(/%(?=[a-zA-Z0-9_])/g, '%^')
      .replace(/\r?\n/g, '^\n\n') +
    q
  );
}
function devtoolsCurl(url, headers, platform) {
  const e = platform === 'win' ? win : posix;
  const parts = ['curl', e(url).replace(/[[{}\]]/g, '\\$&')];
  for (const [n, v] of headers) parts.push('-H', e(v === '' ? `${n};` : `${n}: ${v}`));
  return parts.join(' ').replace(/ -H /g, platform === 'win' ? ' ^\n  -H ' : ' \\\n  -H ');
}

test('DevTools "Copy as cURL (bash)"', () => {
  const text = devtoolsCurl('https://api.example.com/hello?x=1', [['accept', '*/*'], ['referer', R], ['x-wechat-hostsign', H]], 'bash');
  const p = parsePaste(text);
  assert.equal(p.kind, 'curl');
  assert.equal(p.referer, R);
  assert.equal(p.hostsign, H);
  assert.equal(p.url, 'https://api.example.com/hello?x=1');
  assert.deepEqual(p.warnings, []);
});

test('DevTools "Copy as cURL (cmd)", JSON escaped with carets', () => {
  const text = devtoolsCurl('https://api.example.com/{a}', [['referer', R], ['x-wechat-hostsign', H]], 'win');
  assert.match(text, /\^\{\^\\\^"noncestr/); // what DevTools writes
  const p = parsePaste(text);
  assert.equal(p.referer, R);
  assert.equal(p.hostsign, H);
  assert.equal(p.url, 'https://api.example.com/{a}');
});

test('bash $\'…\' quoting: \\u escapes, \\x bytes as UTF-8, octal, \\\' ', () => {
  assert.deepEqual(shellWords("a $'x\\u0021y' $'\\xe4\\xbd\\xa0\\345\\245\\275' $'it\\'s' $'\\t|\\n'"), ['a', 'x!y', '你好', "it's", '\t|\n']);
  const nonce = "it's a nonce!";
  const hs = JSON.stringify({ noncestr: nonce, timestamp: 1711421951, signature: 'ab'.repeat(20) });
  const p = parsePaste(devtoolsCurl('https://x/', [['x-wechat-hostsign', hs], ['referer', R]], 'bash'));
  assert.equal(p.hostsign, hs);
});

test('curl written by hand: --header, double quotes, -H attached, line continuations', () => {
  const text = `curl -sS -X POST --data '{"a":1}' "http://127.0.0.1:8787/api/hello" \\\n  --header "Referer: ${R}" \\\n  -H"X-WECHAT-HOSTSIGN: ${H.replace(/"/g, '\\"')}"`;
  const p = parsePaste(text);
  assert.equal(p.kind, 'curl');
  assert.equal(p.method, 'POST');
  assert.equal(p.url, 'http://127.0.0.1:8787/api/hello');
  assert.equal(p.referer, R);
  assert.equal(p.hostsign, H);
});

test("curl's own Referer option: -e / --referer (with ;auto)", () => {
  assert.equal(parsePaste(`curl -e '${R};auto' http://x -H 'x-wechat-hostsign: ${H}'`).referer, R);
  assert.equal(parsePaste(`curl --referer ${R} http://x`).referer, R);
  // A Referer header wins over -e, as it does in curl.
  assert.equal(parsePaste(`curl -e https://other/ -H 'Referer: ${R}' http://x`).referer, R);
});

test('curl: header names are case-insensitive; `Name;` is an empty header; `Name:` removes it', () => {
  assert.equal(parsePaste(`curl http://x -H 'REFERER: ${R}'`).referer, R);
  assert.equal(parsePaste(`curl http://x -H 'x-wechat-hostsign;'`).hostsign, '');
  assert.equal(parsePaste(`curl http://x -H 'x-wechat-hostsign:'`).hostsign, undefined);
});

test('a repeated header: the first is used, with a warning naming the outcome', () => {
  const p = parsePaste(`curl http://x -H 'Referer: ${R}' -H 'referer: https://evil.example/' -H 'X-WECHAT-HOSTSIGN: ${H}'`);
  assert.equal(p.referer, R);
  assert.equal(p.warnings.length, 1);
  assert.deepEqual(p.warnings[0], { key: 'paste.repeated', header: 'Referer', count: 2, code: 'MALFORMED_REFERER' });
  assert.match(say('en', p.warnings[0]), /Referer appears 2 times.*MALFORMED_REFERER/);
  assert.match(say('zh-CN', p.warnings[0]), /Referer 在同一个请求里出现了 2 次.*MALFORMED_REFERER/);
});

test('raw HTTP request: CRLF, obs-fold, the body ignored', () => {
  const text = `GET /api/hello HTTP/1.1\r\nHost: example.com\r\nReferer: ${R}\r\nX-WeChat-HostSign: {"noncestr":"abc",\r\n  "timestamp":1711421951,"signature":"${'a'.repeat(40)}"}\r\n\r\nReferer: not-this`;
  const p = parsePaste(text);
  assert.equal(p.kind, 'http');
  assert.equal(p.method, 'GET');
  assert.equal(p.url, '/api/hello');
  assert.equal(p.referer, R);
  assert.equal(p.hostsign, `{"noncestr":"abc", "timestamp":1711421951,"signature":"${'a'.repeat(40)}"}`);
});

test('header blocks: `name: value`, HTTP/2 pseudo-headers, `name` / `value` pairs, `name:` / `value` pairs, tabs', () => {
  const raw = `:authority: api.example.com\n:method: GET\naccept: */*\nreferer: ${R}\nx-wechat-hostsign: ${H}\nuser-agent: Mozilla/5.0`;
  const pairs = `:authority\napi.example.com\naccept\n*/*\nreferer\n${R}\nx-wechat-hostsign\n${H}`;
  const colonPairs = `Accept:\n*/*\nReferer:\n${R}\nX-WECHAT-HOSTSIGN:\n${H}\n`;
  const tabs = `Referer\t${R}\nX-WECHAT-HOSTSIGN\t${H}`;
  for (const text of [raw, pairs, colonPairs, tabs]) {
    const p = parsePaste(text);
    assert.equal(p.kind, 'headers', text);
    assert.equal(p.referer, R, text);
    assert.equal(p.hostsign, H, text);
  }
});

test('header block: an empty `name:` followed by another header is an empty header, not a pair', () => {
  assert.deepEqual(headerBlock(['x-empty:', `referer: ${R}`]), [
    ['x-empty', ''],
    ['referer', R],
  ]);
  // …but a URL on the next line is a value.
  assert.deepEqual(headerBlock(['referer:', R]), [['referer', R]]);
});

test('DevTools "Copy as fetch": the Referer comes from the referrer option', () => {
  const text = `fetch("https://api.example.com/hello", {\n  "headers": {\n    "accept": "*/*",\n    "x-wechat-hostsign": ${JSON.stringify(H)}\n  },\n  "referrer": "${R}",\n  "referrerPolicy": "strict-origin-when-cross-origin",\n  "body": null,\n  "method": "GET",\n  "mode": "cors"\n});`;
  const p = parsePaste(text);
  assert.equal(p.kind, 'fetch');
  assert.equal(p.url, 'https://api.example.com/hello');
  assert.equal(p.method, 'GET');
  assert.equal(p.referer, R);
  assert.equal(p.hostsign, H);
});

test('bare values: a URL line and a JSON line', () => {
  const p = parsePaste(`\n  ${R}\n${H}\n`);
  assert.equal(p.kind, 'values');
  assert.equal(p.referer, R);
  assert.equal(p.hostsign, H);
});

test('text without either header: kind null or a warning', () => {
  assert.equal(parsePaste('hello world').kind, null);
  assert.equal(parsePaste('').kind, null);
  const p = parsePaste('curl http://x -H "accept: */*"');
  assert.equal(p.kind, 'curl');
  assert.equal(p.referer, undefined);
  assert.deepEqual(p.warnings[0], { key: 'paste.none' });
});

test('cmdWords: caret escapes, quotes, and the backslashes DevTools doubles', () => {
  assert.deepEqual(cmdWords('curl ^"a b^" "c\\"d" "e\\\\\\"f" g\\h "C:\\\\x" %^PATH% ^\n  -H'), ['curl', 'a b', 'c"d', 'e\\"f', 'g\\h', 'C:\\x', '%PATH%', '-H']);
});

// Header values DevTools could copy: printable text, quotes, backslashes,
// shell and cmd metacharacters, non-ASCII and astral characters.
const valueChar = fc.constantFrom(...'aZ09 -_:;,./\\\'"!$`%^&|<>(){}[]*?~#=+@é你😀\t');
const value = fc
  .array(valueChar, { minLength: 1, maxLength: 40 })
  .map((a) => a.join('').trim())
  .filter((v) => v !== '');

test(`round trip through DevTools quoting (bash and cmd), ${RUNS} random header pairs`, () => {
  fc.assert(
    fc.property(value, value, fc.constantFrom('bash', 'win'), (referer, hostsign, platform) => {
      const text = devtoolsCurl('https://api.example.com/x', [['Referer', referer], ['X-WECHAT-HOSTSIGN', hostsign]], platform);
      const p = parsePaste(text);
      assert.equal(p.referer, referer, text);
      assert.equal(p.hostsign, hostsign, text);
    }),
    { numRuns: RUNS },
  );
});

test(`round trip through a raw request and a header block, ${RUNS} random header pairs`, () => {
  const line = value.filter((v) => !/[\r\n]/.test(v));
  fc.assert(
    fc.property(line, line, (referer, hostsign) => {
      const block = `Referer: ${referer}\nX-WECHAT-HOSTSIGN: ${hostsign}`;
      for (const text of [`POST /p HTTP/1.1\r\n${block.replace(/\n/g, '\r\n')}\r\n\r\n`, block]) {
        const p = parsePaste(text);
        assert.equal(p.referer, referer, text);
        assert.equal(p.hostsign, hostsign, text);
      }
    }),
    { numRuns: RUNS },
  );
});

test(`curlCommand round-trips through the shell reader and parsePaste (${RUNS} random header pairs)`, () => {
  const value = fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() === s && !/[\r\n]/.test(s));
  fc.assert(
    fc.property(value, value, fc.boolean(), (referer, hostsign, multiline) => {
      const cmd = curlCommand('https://api.example.com/a?b=1&c', { referer, hostsign }, { multiline });
      assert.deepEqual(shellWords(cmd), ['curl', '-s', '-i', 'https://api.example.com/a?b=1&c', '-H', `Referer: ${referer}`, '-H', `X-WECHAT-HOSTSIGN: ${hostsign}`]);
      const p = parsePaste(cmd);
      assert.equal(p.kind, 'curl');
      assert.equal(p.referer, referer);
      assert.equal(p.hostsign, hostsign);
    }),
    { numRuns: RUNS },
  );
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
});
