// The paste reader (pkg-template/src/paste.js: the CLI's stdin, the
// playground's paste box on every keystroke) is linear in its input: issue
// 23 found `fetch("` + `\"` × n took 12-15 s at 78 KiB. Each hostile input
// is timed against a benign one of the same length in the same run (both
// linear now; a quadratic reader is hundreds of times slower on the first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePaste } from '../../pkg/dist/paste.js';

const SIZE = 78 * 1024;

function time(text) {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    parsePaste(text);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

const fill = (head, unit) => head + unit.repeat(Math.floor((SIZE - head.length) / unit.length));

test('hostile pastes of 78 KiB take about as long as benign ones of the same size', () => {
  const baseline = time(fill('fetch("', 'ab'));
  for (const [name, text] of [
    ['fetch(" + \\" x n', fill('fetch("', '\\"')],
    ['fetch( + "a": x n', fill('fetch(', '"a":')],
    ['fetch("x", {"headers": {"k": + \\" x n', fill('fetch("x", {"headers": {"k": "', '\\"')],
    ['fetch( + "\\ x n', fill('fetch(', '"\\')],
    ['fetch(" + " x n', fill('fetch(', '"')],
    ['fetch x n', fill('fetch("', 'fetch(')],
  ]) {
    assert.equal(text.length > SIZE - 8, true);
    const ms = time(text);
    assert.ok(ms < 20 * baseline + 150, `${name}: ${ms.toFixed(1)} ms against ${baseline.toFixed(1)} ms for a benign paste of the same size`);
  }
});

test('the linear reader still reads Copy as fetch', () => {
  const H = '{"noncestr":"a\\"b","timestamp":1,"signature":"' + '0'.repeat(40) + '"}';
  const text = `fetch("https://example.com/api", {\n  "headers": {\n    "accept": "*/*",\n    "x-wechat-hostsign": ${JSON.stringify(H)}\n  },\n  "referrer": "https://servicewechat.com/wx0123456789abcdef/0/page-frame.html",\n  "method": "POST"\n});`;
  const p = parsePaste(text);
  assert.equal(p.kind, 'fetch');
  assert.equal(p.url, 'https://example.com/api');
  assert.equal(p.method, 'POST');
  assert.equal(p.hostsign, H);
  assert.equal(p.referer, 'https://servicewechat.com/wx0123456789abcdef/0/page-frame.html');
  // An unterminated literal ends the reading; what came before stands.
  assert.equal(parsePaste(text.slice(0, text.indexOf('"referrer"') + 3)).hostsign, H);
});
