// Writes docs/playground.png (English) or docs/playground.zh-CN.png
// (Chinese): the playground's explain view for a forged request (a header
// signed for one AppID, replayed with another), in headless chromium against
// the real server, the browser's locale set to the language (the page picks
// its language from navigator.languages). Needs pkg/ (scripts/build) and
// chromium (scripts/setup browser); Chinese needs a CJK font (fonts-noto-cjk).
//   node www/screenshot.mjs [--lang en|zh] [--dark] [--width 390] [--out file.png]
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sign } from 'wechat-hostsign';
import { startServer, launch } from '../scripts/lib/browser.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    dark: { type: 'boolean', default: false },
    width: { type: 'string', default: '1000' },
    lang: { type: 'string', default: 'en' },
    out: { type: 'string' },
  },
});
const zh = args.lang.startsWith('zh');
args.out ??= zh ? 'docs/playground.zh-CN.png' : 'docs/playground.png';
const out = resolve(root, args.out);
const width = Number(args.width);

const TOKEN = 'playground-token';
const TS = 1711421951;
const real = sign({ appid: 'wx0123456789abcdef', token: TOKEN, noncestr: 'c3b4a7e9d0f1a2b3c4d5e6f708192a3b', timestamp: TS, version: 12 });
// The same HostSign, replayed by someone else's Mini Program.
const referer = real.referer.replace('wx0123456789abcdef', 'wxfedcba9876543210');

const server = await startServer({ token: TOKEN });
const browser = await launch({ viewport: { width, height: 900 }, colorScheme: args.dark ? 'dark' : 'light', deviceScaleFactor: 1, locale: zh ? 'zh-CN' : 'en-US' });
try {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/`);
  await page.waitForSelector('html[data-ready]');
  const curl = `curl 'https://plugin.example.com/api/orders' \\\n  -H 'referer: ${referer}' \\\n  -H 'x-wechat-hostsign: ${real.hostsign}'`;
  await page.getByTestId('paste').fill(curl);
  await page.getByTestId('token').fill(TOKEN);
  await page.getByTestId('reveal').check();
  await page.getByTestId('now').fill(String(TS + 42));
  await page.waitForFunction(() => document.querySelector('[data-testid=verdict]').textContent.startsWith('BAD_SIGNATURE'));
  // Blur the last field so no focus ring is captured.
  await page.evaluate(() => document.activeElement?.blur());
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${args.out} (${width} px wide${args.dark ? ', dark' : ''}, ${zh ? 'Chinese' : 'English'})`);
} finally {
  await browser.close();
  await server.stop();
}
