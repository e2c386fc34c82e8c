// Debian's chromium, headless, driven by playwright-core, with a fresh
// profile: scripts/lib/browser.mjs launches it (the playground's tests and
// screenshot use the same launcher); this adds a page and its errors.
import { existsSync } from 'node:fs';
import { CHROMIUM, launch } from '../../scripts/lib/browser.mjs';

export { CHROMIUM };

/** Returns { page, close() }; the page's console errors are collected in `errors`. */
export async function openChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/setup browser`);
  const { context, close } = await launch();
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return { page, errors, close };
}
