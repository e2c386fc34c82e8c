// The playground in a real browser (playwright-core driving Debian's
// chromium, headless) against the real server (www/server.mjs, which
// scripts/play runs): verdicts, the explain view, paste, sign mode, the demo
// endpoint, the share link, and no request after load.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import * as api from 'wechat-hostsign';
import { startServer, launch } from '../../scripts/lib/browser.mjs';
import { parsePaste } from '../../pkg/dist/paste.js';
import { MASK } from '../../pkg/dist/explain.js';
import { ZH_REASONS, reasonName } from '../../pkg/dist/i18n.js';

const A = 'wx0123456789abcdef';
const TOKEN = 'browser-test-token';
const TS = 1711421951;
let server;
let browser;
let chinese; // a browser whose language is zh-CN

before(async () => {
  server = await startServer({ token: TOKEN });
  browser = await launch({ viewport: { width: 1100, height: 900 }, locale: 'en-US' });
  chinese = await launch({ viewport: { width: 1100, height: 900 }, locale: 'zh-CN' });
});
after(async () => {
  await browser?.close();
  await chinese?.close();
  await server?.stop();
});

/** A fresh page on the playground, loaded; `requests` collects every request made after load. */
async function open(hash = '', from = browser) {
  const page = await from.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/${hash}`);
  await page.waitForSelector('html[data-ready]');
  await page.waitForLoadState('networkidle');
  const requests = [];
  page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
  page.errors = errors;
  page.requests = requests;
  return page;
}

const byId = (page, id) => page.getByTestId(id);
const text = (page, id) => byId(page, id).textContent();

/** Waits until the verdict starts with `prefix`; fails with the text it shows. */
async function verdict(page, prefix) {
  try {
    await page.waitForFunction((p) => document.querySelector('[data-testid=verdict]').textContent.startsWith(p), prefix, { timeout: 5000 });
  } catch {
    assert.fail(`verdict should start with ${prefix}, shows: ${await text(page, 'verdict')}`);
  }
  return text(page, 'verdict');
}

async function fillVerify(page, { referer, hostsign, token = TOKEN, now = TS + 30 }) {
  await byId(page, 'referer').fill(referer);
  await byId(page, 'hostsign').fill(hostsign);
  await byId(page, 'token').fill(token);
  await byId(page, 'now').fill(String(now));
}

const signed = api.sign({ appid: A, token: TOKEN, noncestr: 'c3b4a7e9d0f1a2b3c4d5e6f708192a3b', timestamp: TS, version: 3 });

test('valid headers: OK with the AppID and version kind, and the explain view filled', async () => {
  const page = await open();
  await fillVerify(page, signed);
  const v = await verdict(page, 'OK');
  assert.match(v, /wx0123456789abcdef/);
  assert.match(v, /release 3/);
  assert.equal(await text(page, 'expected-digest'), signed.signature);
  assert.equal(await text(page, 'received-digest'), signed.signature);
  assert.equal(await byId(page, 'digests').locator('mark').count(), 0);
  assert.equal(await text(page, 'age-state'), 'valid');
  assert.equal(await text(page, 'age'), '30 s');
  // The token hidden (the default): the sort lists the three other parts
  // only, and nothing shown depends on the token (issue 16, item 7).
  const hidden = [];
  for (let i = 1; i <= 3; i++) hidden.push((await text(page, `sorted-${i}`)).replace(/^\d\.\s*/, ''));
  assert.deepEqual(hidden, ['timestamp1711421951', 'noncestrc3b4a7e9d0f1a2b3c4d5e6f708192a3b', 'appidwx0123456789abcdef']);
  assert.equal(await byId(page, 'sorted-4').count(), 0);
  assert.match(await text(page, 'why-1'), /timestamp < noncestr: they first differ at index 0, where U\+0031 '1' < U\+0063 'c'/);
  assert.match(await text(page, 'sort-hidden'), /hidden/);
  assert.match(await text(page, 'joined-hidden'), /hidden/);
  assert.equal(await byId(page, 'joined').count(), 0);
  assert.equal(await text(page, 'part-token-1'), MASK);
  assert.ok(!(await page.content()).includes(TOKEN), 'the masked token is nowhere in the DOM (text or attributes)');
  // Revealed: the four parts, timestamp (1…) < token (b…) < noncestr (c…) < appid (w…), and the joined string.
  await byId(page, 'reveal').check();
  const order = [];
  for (let i = 1; i <= 4; i++) order.push((await text(page, `sorted-${i}`)).replace(/^\d\.\s*/, ''));
  assert.deepEqual(order, [`timestamp1711421951`, `token #1${TOKEN}`, 'noncestrc3b4a7e9d0f1a2b3c4d5e6f708192a3b', 'appidwx0123456789abcdef']);
  assert.match(await text(page, 'why-1'), /U\+0031 '1' < U\+0062 'b'/);
  assert.match(await text(page, 'why-3'), /noncestr < appid: they first differ at index 0, where U\+0063 'c' < U\+0077 'w'/);
  assert.ok((await text(page, 'joined')).includes(TOKEN));
  assert.equal(await byId(page, 'sort-hidden').count(), 0);
  assert.deepEqual(page.errors, []);
});

test('forged signature: BAD_SIGNATURE with both digests shown and the differences marked', async () => {
  const page = await open();
  const forged = signed.hostsign.replace(signed.signature, signed.signature.slice(0, 30) + 'deadbeef00');
  const received = signed.signature.slice(0, 30) + 'deadbeef00';
  await fillVerify(page, { ...signed, hostsign: forged });
  await verdict(page, 'BAD_SIGNATURE');
  assert.equal(await text(page, 'expected-digest'), signed.signature);
  assert.equal(await text(page, 'received-digest'), received);
  let differing = 0;
  for (let i = 0; i < 40; i++) differing += signed.signature[i] !== received[i];
  assert.ok(differing > 0);
  assert.equal(await byId(page, 'received-digest').locator('mark').count(), differing);
  assert.equal(await byId(page, 'expected-digest').locator('mark').count(), differing);
});

test('expired: EXPIRED, and the timeline says expired', async () => {
  const page = await open();
  await fillVerify(page, { ...signed, now: TS + 3600 });
  await verdict(page, 'EXPIRED');
  assert.equal(await text(page, 'age-state'), 'expired');
  await byId(page, 'now').fill(String(TS - 3600));
  await verdict(page, 'NOT_YET_VALID');
  assert.equal(await text(page, 'age-state'), 'not yet valid');
});

test('malformed Referer: MALFORMED_REFERER with what to fix, user input rendered as text', async () => {
  const page = await open();
  const evil = `https://evil.example/?https://servicewechat.com/${A}/3/page-frame.html<img src=x onerror="window.pwned=1">`;
  await fillVerify(page, { ...signed, referer: evil });
  const v = await verdict(page, 'MALFORMED_REFERER');
  assert.match(v, /https:\/\/servicewechat\.com\//);
  await byId(page, 'hostsign').fill(`{"noncestr":"<b>x</b>","timestamp":1,"signature":"${'a'.repeat(40)}"}`);
  await byId(page, 'referer').fill(`https://servicewechat.com/${A}/0/page-frame.html`);
  await verdict(page, 'BAD_SIGNATURE');
  assert.equal(await text(page, 'part-noncestr'), '<b>x</b>');
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
});

/** Dispatches a paste event carrying `text` into a field, as Ctrl+V does. */
async function pasteInto(page, id, text) {
  await byId(page, id).focus();
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}

test('pasting a curl command fills the fields (paste box and straight into the Referer field)', async () => {
  const page = await open();
  const curl = `curl 'https://api.example.com/hello' \\\n  -H 'accept: */*' \\\n  -H 'referer: ${signed.referer}' \\\n  -H 'x-wechat-hostsign: ${signed.hostsign}'`;
  await byId(page, 'paste').fill(curl);
  assert.equal(await byId(page, 'referer').inputValue(), signed.referer);
  assert.equal(await byId(page, 'hostsign').inputValue(), signed.hostsign);
  assert.match(await text(page, 'paste-status'), /curl command/);
  await byId(page, 'token').fill(TOKEN);
  await byId(page, 'now').fill(String(TS + 1));
  await verdict(page, 'OK');

  // A real paste event into the Referer field, as Ctrl+V would deliver it.
  const page2 = await open();
  await pasteInto(page2, 'referer', curl.replace(/ \\\n {2}/g, ' '));
  assert.equal(await byId(page2, 'referer').inputValue(), signed.referer);
  assert.equal(await byId(page2, 'hostsign').inputValue(), signed.hostsign);

  // One header line, name included, pasted into the HostSign field.
  await byId(page2, 'hostsign').fill('');
  await pasteInto(page2, 'hostsign', `X-WECHAT-HOSTSIGN: ${signed.hostsign}`);
  assert.equal(await byId(page2, 'hostsign').inputValue(), signed.hostsign);
});

test('sign → verify round trip through the UI', async () => {
  const page = await open();
  await byId(page, 'tab-sign').click();
  await byId(page, 'sign-token').fill('round-trip-token');
  await byId(page, 'sign-version').selectOption('devtools');
  await byId(page, 'sign-loose').check();
  await byId(page, 'sign-appid').fill('touristappid');
  assert.match(await text(page, 'sign-referer'), /^https:\/\/servicewechat\.com\/touristappid\/devtools\/page-frame\.html$/);
  await byId(page, 'sign-to-verify').click();
  assert.equal(await byId(page, 'token').inputValue(), 'round-trip-token');
  // touristappid needs strictAppid off in the verifier too.
  await verdict(page, 'MALFORMED_REFERER');
  await page.locator('#options summary').click();
  await byId(page, 'strict').uncheck();
  const v = await verdict(page, 'OK');
  assert.match(v, /touristappid/);
  assert.match(v, /devtools/);
});

/** Runs the page's curl command: with curl if installed, else the same request by node:http. */
function runCurl(command) {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', 'command -v curl'], (missing) => {
      if (!missing) {
        execFile('sh', ['-c', command], (err, stdout) => {
          if (err) return reject(err);
          resolve({ status: Number(/^HTTP\/[\d.]+ (\d{3})/.exec(stdout)?.[1]), body: stdout.slice(stdout.indexOf('\r\n\r\n') + 4) });
        });
        return;
      }
      const p = parsePaste(command);
      const req = httpRequest(p.url, { headers: { referer: p.referer, 'x-wechat-hostsign': p.hostsign } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      });
      req.on('error', reject);
      req.end();
    });
  });
}

test("sign mode's curl command answers 200 from the demo endpoint, a tampered one 401", async () => {
  const page = await open();
  await byId(page, 'tab-sign').click();
  await byId(page, 'sign-token').fill(TOKEN);
  await byId(page, 'sign-again').click();
  const curl = await text(page, 'sign-curl');
  assert.ok(curl.startsWith(`curl -s -i '${server.url}/api/hello'`), curl);
  const ok = await runCurl(curl);
  assert.equal(ok.status, 200, ok.body);
  assert.equal(JSON.parse(ok.body).hello, A);
  const sig = await text(page, 'sign-signature');
  const tampered = curl.replace(sig, (sig[0] === '0' ? '1' : '0') + sig.slice(1));
  assert.notEqual(tampered, curl);
  const bad = await runCurl(tampered);
  assert.equal(bad.status, 401);
  assert.equal(JSON.parse(bad.body).error, 'BAD_SIGNATURE');
  await byId(page, 'sign-token').fill('not-the-server-token');
  const wrong = await runCurl(await text(page, 'sign-curl'));
  assert.equal(wrong.status, 401);
});

test('share link: referer, hostsign and now in the fragment, never the token; it restores the fields', async () => {
  const page = await open();
  await fillVerify(page, { ...signed, token: 'do-not-share-me' });
  await byId(page, 'share').click();
  // The link is written once the clipboard answers (or refuses).
  await page.waitForFunction(() => document.querySelector('[data-testid=share-link]').textContent.includes('#'));
  const shown = await text(page, 'share-link');
  const link = shown.slice(shown.indexOf('http'));
  assert.ok(link.startsWith(`${server.url}/#`), link);
  assert.ok(!link.includes('do-not-share-me'));
  assert.ok(!page.url().includes('do-not-share-me'));
  const page2 = await open(link.slice(link.indexOf('#')));
  assert.equal(await byId(page2, 'referer').inputValue(), signed.referer);
  assert.equal(await byId(page2, 'hostsign').inputValue(), signed.hostsign);
  assert.equal(await byId(page2, 'now').inputValue(), String(TS + 30));
  assert.equal(await byId(page2, 'token').inputValue(), '');
  await verdict(page2, 'INVALID_OPTIONS');
  await byId(page2, 'token').fill(TOKEN);
  await verdict(page2, 'OK');
});

test('keyboard: the mode tabs follow the arrow keys', async () => {
  const page = await open();
  await byId(page, 'tab-verify').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await byId(page, 'tab-sign').getAttribute('aria-selected'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'tab-sign');
  assert.equal(await page.locator('#verify').isHidden(), true);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.locator('#verify').isVisible(), true);
});

test('no request after load, whatever the page is used for', async () => {
  const page = await open();
  await fillVerify(page, signed);
  await verdict(page, 'OK');
  await byId(page, 'reveal').check();
  await byId(page, 'add-token').click();
  await byId(page, 'token-2').fill('older-token');
  await byId(page, 'paste').fill(`GET / HTTP/1.1\r\nReferer: ${signed.referer}\r\nX-WECHAT-HOSTSIGN: ${signed.hostsign}\r\n\r\n`);
  await byId(page, 'now').fill(String(TS + 5000));
  await verdict(page, 'EXPIRED');
  await byId(page, 'now-live').check();
  await byId(page, 'share').click();
  await byId(page, 'tab-sign').click();
  await byId(page, 'sign-token').fill(TOKEN);
  await byId(page, 'sign-again').click();
  await byId(page, 'sign-copy').click();
  await byId(page, 'sign-to-verify').click();
  await verdict(page, 'OK');
  // Let the clock tick a few times.
  await page.waitForTimeout(2500);
  assert.deepEqual(page.requests, []);
  assert.ok(!page.url().includes(TOKEN));
  assert.deepEqual(page.errors, []);
});

test("the page's Content-Security-Policy refuses connections, so a bug could not send the token either", async () => {
  const page = await open();
  const outcome = await page.evaluate(() =>
    fetch('/api/hello').then(
      () => 'sent',
      (e) => `blocked: ${e.name}`,
    ),
  );
  assert.equal(outcome, 'blocked: TypeError');
});

test('"Try an example" fills a valid request, and changing one character breaks it', async () => {
  const page = await open();
  await byId(page, 'example').click();
  await verdict(page, 'OK');
  const hostsign = await byId(page, 'hostsign').inputValue();
  await byId(page, 'hostsign').fill(hostsign.replace(/"noncestr":"(.)/, (_, c) => `"noncestr":"${c === 'a' ? 'b' : 'a'}`));
  await verdict(page, 'BAD_SIGNATURE');
});

test('hidden token: the explain view is the same whatever its length, content or place in the sort', async () => {
  const page = await open();
  await fillVerify(page, signed);
  const regions = () => page.evaluate(() => ['x-parts', 'x-sort', 'x-joined'].map((id) => document.getElementById(id).innerHTML));
  await verdict(page, 'OK');
  const right = await regions();
  // Shorter and longer, sorting first and last, sharing 10 and 32 characters with the nonce.
  // With spaces at an end too: the hint that says so shows only beside a
  // revealed token (issue 23).
  for (const token of ['a', '0', '~'.repeat(300), 'c3b4a7e9d0zzzz', 'c3b4a7e9d0f1a2b3c4d5e6f708192a3b', '\u{1F600}x', ' a ', 'b\t']) {
    await byId(page, 'token').fill(token);
    await verdict(page, 'BAD_SIGNATURE');
    assert.deepEqual(await regions(), right, `token ${JSON.stringify(token)} changed the hidden view`);
  }
  // The check can fail: revealed, the views differ.
  await byId(page, 'reveal').check();
  const shown = await regions();
  await byId(page, 'token').fill('a');
  assert.notDeepEqual(await regions(), shown);
});

/** The Chinese text of a failure's message, by the Reason's name. */
const zhMessage = (failure) => ZH_REASONS[reasonName(failure)];

test('a zh-CN browser gets the page in Chinese; outcome codes stay in English', async () => {
  const page = await open('', chinese);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.equal(await page.title(), 'wechat-hostsign 签名调试');
  assert.equal(await text(page, 'tab-verify'), '校验请求');
  assert.equal(await byId(page, 'lang-zh').getAttribute('aria-pressed'), 'true');
  const forged = signed.hostsign.replace(signed.signature, '0'.repeat(40));
  await fillVerify(page, { ...signed, hostsign: forged });
  const v = await verdict(page, 'BAD_SIGNATURE');
  const expected = api.verify({ referer: signed.referer, hostsign: forged }, { token: TOKEN, now: TS });
  assert.equal(await text(page, 'verdict-message'), zhMessage(expected));
  assert.match(v, /期望的摘要与收到的签名不同/);
  assert.match(await text(page, 'hints'), /^排查提示/);
  assert.match(await text(page, 'explain'), /收到的四个签名部分/);
  assert.match(await text(page, 'age-state'), /^有效$/);
  assert.equal(await text(page, 'age'), '30 秒');
  // The stable hooks are the same in both languages.
  for (const id of ['referer', 'hostsign', 'token', 'now', 'verdict']) assert.equal(await byId(page, id).count(), 1);
  // Sign mode too: its labels, and the package's error in Chinese.
  await byId(page, 'tab-sign').click();
  assert.equal(await text(page, 'sign-to-verify'), '校验这对请求头');
  await byId(page, 'sign-appid').fill('touristappid');
  assert.match(await text(page, 'sign-error'), /^INVALID_OPTIONS: 要签名的 appid 必须是 wx 加 16 位小写十六进制数字/);
  assert.deepEqual(page.errors, []);
});

test('the switch changes the language, keeps it in the URL, and a share link carries it', async () => {
  const page = await open();
  assert.equal(await text(page, 'tab-verify'), 'Verify a request');
  await fillVerify(page, { ...signed, now: TS + 3600 });
  await verdict(page, 'EXPIRED');
  assert.match(await text(page, 'verdict-message'), /older than the maximum age/);
  await byId(page, 'lang-zh').click();
  assert.equal(await text(page, 'tab-verify'), '校验请求');
  const v = await verdict(page, 'EXPIRED');
  assert.match(v, /签名校验通过，但已超过最长有效期（JavaScript 中为 maxAge/);
  assert.match(v, /timestamp 比“当前时间”早 1 小时/);
  assert.match(v, /约为 1 小时/);
  assert.match(page.url(), /#lang=zh$/);
  // A token row added now is labelled in Chinese; the fields kept their values.
  await byId(page, 'add-token').click();
  assert.equal(await byId(page, 'token-2').getAttribute('placeholder'), '旧 Token #2');
  assert.equal(await byId(page, 'token').inputValue(), TOKEN);
  // The share link carries the language; opened in an English browser, the page is Chinese.
  await byId(page, 'share').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=share-link]').textContent.includes('#'));
  const shown = await text(page, 'share-link');
  const link = shown.slice(shown.indexOf('http'));
  assert.match(link, /[#&]lang=zh(&|$)/);
  const page2 = await open(link.slice(link.indexOf('#')));
  assert.equal(await text(page2, 'tab-verify'), '校验请求');
  await byId(page2, 'token').fill(TOKEN);
  await verdict(page2, 'EXPIRED');
  // Back to English, also after a reload.
  await byId(page2, 'lang-en').click();
  await page2.reload();
  await page2.waitForSelector('html[data-ready]');
  assert.equal(await text(page2, 'tab-verify'), 'Verify a request');
  // And a Chinese browser follows a link that says English.
  const page3 = await open('#lang=en', chinese);
  assert.equal(await text(page3, 'tab-sign'), 'Sign a request');
  assert.deepEqual([...page.errors, ...page2.errors, ...page3.errors], []);
});

test('every verdict, with its message and hints, in Chinese', async () => {
  const page = await open('', chinese);
  await page.locator('#options summary').click();
  const A2 = 'wx1111111111111111';
  const cases = [
    [{ referer: '' }, 'MISSING_REFERER', ['proxy', 'notWechat']],
    [{ hostsign: '' }, 'MISSING_HOSTSIGN', ['proxy', 'notWechat']],
    [{ referer: 'https://servicewechat.com/touristappid/devtools/page-frame.html' }, 'MALFORMED_REFERER', ['touristappid']],
    [{ hostsign: '{}' }, 'UNSIGNED', ['unsigned']],
    [{ hostsign: `${signed.hostsign}, ${signed.hostsign}` }, 'MALFORMED_HOSTSIGN', ['merged']],
    [{ appids: A2 }, 'APPID_NOT_ALLOWED', ['preview']],
    [{ now: TS + 3600, maxAge: '300' }, 'EXPIRED', ['clock', 'maxAgeShort', 'cache']],
    [{ now: TS - 3600 }, 'NOT_YET_VALID', ['clock']],
  ];
  for (const [change, code, hints] of cases) {
    await fillVerify(page, { ...signed, ...change });
    await byId(page, 'appids').fill(change.appids ?? '');
    await byId(page, 'max-age').fill(change.maxAge ?? '660');
    const v = await verdict(page, code);
    assert.match(await text(page, 'verdict-message'), /[\u4e00-\u9fff]/, `${code}: the message is not in Chinese`);
    for (const hint of hints) {
      const h = await text(page, `hint-${hint}`);
      assert.match(h, /[\u4e00-\u9fff]/, `${code}: hint ${hint} is not in Chinese: ${h}`);
    }
    assert.ok(!v.includes(TOKEN));
  }
});
