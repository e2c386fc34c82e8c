// CLI transcripts in the docs: `<!-- transcript -->` console blocks of
// `$ command` lines, each followed by what it prints (standard output and
// error together). tests/examples/readme.test.mjs runs them and requires the
// output shown; after a deliberate change of the CLI's output or a message,
//   node tests/lib/transcripts.mjs --write
// runs every transcript and writes what each command prints now into the
// page (then read the diff before committing it).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** [{ lang, code, marker }] for each fenced block, with the HTML comment just before it. */
export function blocks(md) {
  const out = [];
  const re = /(?:<!--\s*(.*?)\s*-->\s*\n)?```(\w*)\n([\s\S]*?)\n```/g;
  for (let m; (m = re.exec(md)); ) out.push({ marker: m[1] ?? null, lang: m[2], code: m[3] });
  return out;
}

export const TOKEN = 'plugin-token';

/** [{ command, expected }] of one transcript block. */
export function steps(code) {
  const out = [];
  for (const line of code.split('\n')) {
    if (line.startsWith('$ ')) out.push({ command: line.slice(2), expected: [] });
    else {
      assert.ok(out.length, `a transcript must start with a $ line: ${line}`);
      out.at(-1).expected.push(line);
    }
  }
  return out.map((s) => ({ command: s.command, expected: s.expected.join('\n') }));
}

/** Runs a transcript: [{ command, expected, got }] for every step. */
export async function runSteps(code, lang, bin) {
  const out = [];
  const cwd = mkdtempSync(join(tmpdir(), 'hostsign-transcript-'));
  try {
    for (const { command, expected } of steps(code)) {
      const env = { PATH: `${bin}:${process.env.PATH}`, HOME: process.env.HOME, TOKEN, LANG: lang === 'zh' ? 'zh_CN.UTF-8' : 'C.UTF-8' };
      const { stdout } = await promisify(execFile)('sh', ['-c', `exec 2>&1; ${command}`], { env, cwd }).catch((e) => e);
      out.push({ command, expected, got: stdout.replace(/\n$/, '') });
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  return out;
}

/** Runs a transcript; returns the mismatches. */
export async function runTranscript(code, lang, bin) {
  return (await runSteps(code, lang, bin))
    .filter((s) => s.got !== s.expected)
    .map(({ command, expected, got }) => `$ ${command}\n--- expected\n${expected}\n--- got\n${got}`);
}

/** A directory with `wechat-hostsign` → pkg/dist/cli.js, as npm links a bin. */
export function binDir() {
  const dir = mkdtempSync(join(tmpdir(), 'hostsign-bin-'));
  symlinkSync(join(root, 'pkg/dist/cli.js'), join(dir, 'wechat-hostsign'));
  return dir;
}

/** Every page that may hold transcripts. */
export const PAGES = ['README.md', 'README.zh-CN.md', 'pkg-template/README.md', 'pkg-template/README.zh-CN.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The page's language, for LANG. */
export const pageLang = (page) => (page.endsWith('.zh-CN.md') ? 'zh' : 'en');

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  const bin = binDir();
  try {
    for (const page of PAGES) {
      const md = readFileSync(join(root, page), 'utf8');
      let next = md;
      for (const b of blocks(md).filter((x) => x.marker === 'transcript')) {
        const fresh = (await runSteps(b.code, pageLang(page), bin)).map((s) => [`$ ${s.command}`, ...(s.got === '' ? [] : [s.got])].join('\n')).join('\n');
        next = next.replace(b.code, fresh);
      }
      if (next !== md) {
        writeFileSync(join(root, page), next);
        console.log(`transcripts: rewrote ${page}`);
      }
    }
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}
