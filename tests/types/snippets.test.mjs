// Every TypeScript and JavaScript snippet of the READMEs (the repository's
// and the npm package's) and of docs/*.md, both languages, type-checks as
// pasted: each block alone in a file of a project made by `tsc --init`
// (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess,
// verbatimModuleSyntax; "types": ["node"] added, as the file it writes says
// for Node), compiled by `tsc` with its emit; then with `strict` off, and
// with the compiler options of create-next-app's and nest new's tsconfig. A
// JavaScript snippet is pasted into a TypeScript file (a .mjs excerpt into
// .mts, a .cjs one into .cts), as a TypeScript user pastes it; only the Mini
// Program's (a JavaScript-only platform here) is checked as JavaScript
// (checkJs). The framework apps' snippets (Next.js, NestJS, Midway) are also
// checked in their scaffold's own tsconfig by their tests (tests/examples/).
//
// Not checked: blocks marked <!-- synopsis --> (an outline of the API, not
// code), and shell, console, text, toml and Rust blocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGES, blocks } from '../lib/transcripts.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');

/** [{ page, index, from, ext, code }] for every JS/TS block of every page. */
export function snippets() {
  const out = [];
  for (const page of PAGES) {
    blocks(readFileSync(join(root, page), 'utf8')).forEach((b, index) => {
      if (!['js', 'ts', 'javascript', 'typescript', 'mjs', 'cjs'].includes(b.lang) || b.marker === 'synopsis') return;
      const from = b.marker?.startsWith('file: ') ? b.marker.slice('file: '.length) : '';
      out.push({ page, index, from, ext: extension(b.lang, from), code: b.code });
    });
  }
  return out;
}

/** The file a user pastes the snippet into. */
function extension(lang, from) {
  // JavaScript platforms (checkJs): the Mini Program, the CommonJS cloud
  // functions (CloudBase, SCF).
  if (/^examples\/(cloudbase|scf)\//.test(from)) return '.cjs';
  if (/^examples\/miniprogram\//.test(from)) return '.js';
  if (from.endsWith('.cjs') || from.endsWith('.cts')) return '.cts';
  if (from.endsWith('.mjs') || from.endsWith('.mts')) return '.mts';
  return '.ts';
}

// What runtimes other than Node bring as their own types (Deno's built-in
// lib, @types/bun, the Mini Program's typings), reduced to what the snippets use.
const RUNTIMES = `
declare namespace Deno {
  const env: { get(name: string): string | undefined };
  function serve(options: { port?: number; hostname?: string; onListen?: (addr: { hostname: string; port: number }) => void }, handler: (request: Request) => Response | Promise<Response>): { finished: Promise<void> };
}
declare const Bun: {
  serve(options: { port?: number; hostname?: string; fetch(request: Request): Response | Promise<Response> }): { port: number; url: URL; stop(): void };
};
`;

/** A `tsc --init` project in a temp folder with the snippets as files: { dir, files: Map(file → snippet) }. */
function project(list) {
  const dir = mkdtempSync(join(tmpdir(), 'hostsign-snippets-'));
  execFileSync(process.execPath, [tsc, '--init'], { cwd: dir, stdio: 'ignore' });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'snippets', private: true, type: 'module' }));
  // The packages a user installs (the package itself, the frameworks, @types/*).
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'runtimes.d.ts'), RUNTIMES);
  const files = new Map();
  for (const s of list) {
    const name = `${s.page.replace(/[/.]/g, '-')}-${s.index}${s.ext}`;
    writeFileSync(join(dir, name), s.code + '\n');
    files.set(name, s);
  }
  return { dir, files };
}

/** Runs tsc with the init tsconfig and these overrides: the diagnostics, by file. */
function check(dir, overrides) {
  const cfg = `tsconfig.check-${Math.random().toString(36).slice(2)}.json`;
  writeFileSync(
    join(dir, cfg),
    JSON.stringify({
      extends: './tsconfig.json',
      compilerOptions: { types: ['node'], outDir: 'out', allowJs: true, checkJs: true, ...overrides },
    }),
  );
  const r = spawnSync(process.execPath, [tsc, '-p', cfg, '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
  const errors = new Map();
  for (const line of (r.stdout + r.stderr).split('\n')) {
    const m = /^([\w.-]+)\(\d+,\d+\): error (TS\d+: .*)$/.exec(line);
    if (m) errors.set(m[1], [...(errors.get(m[1]) ?? []), line]);
    else if (/error TS/.test(line)) errors.set('(project)', [...(errors.get('(project)') ?? []), line]);
  }
  return { status: r.status, errors };
}

const ALL = snippets();
// The framework apps' snippets need their app around them (its other files,
// its packages): checked in the app's own project by its test.
export const inApp = (s) => /^examples\/(nextjs|nestjs|midway|egg)\//.test(s.from);
const GENERIC = ALL.filter((s) => !inApp(s));

test('the pages have the snippets this test checks', () => {
  assert.ok(GENERIC.length >= 30, `${GENERIC.length} snippets`);
  for (const p of ['README.md', 'pkg-template/README.md', 'pkg-template/README.zh-CN.md', 'docs/frameworks.md']) {
    assert.ok(ALL.some((s) => s.page === p), p);
  }
});

/** tsc --init's options that a scaffold's tsconfig does not set, back to their defaults. */
const SCAFFOLD = { strict: true, exactOptionalPropertyTypes: false, noUncheckedIndexedAccess: false, verbatimModuleSyntax: false, noUncheckedSideEffectImports: false, moduleDetection: 'auto' };

const CONFIGS = {
  'tsc --init (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess)': {},
  'strict off': { strict: false, exactOptionalPropertyTypes: false, noUncheckedIndexedAccess: false },
  // The compiler options of the scaffolds (over tsc --init's, each of which
  // they leave unset turned back to its default).
  "create-next-app 16.4's tsconfig": {
    ...SCAFFOLD,
    target: 'ES2017',
    lib: ['dom', 'dom.iterable', 'esnext'],
    allowJs: true,
    module: 'esnext',
    moduleResolution: 'bundler',
    esModuleInterop: true,
    resolveJsonModule: true,
    isolatedModules: true,
    jsx: 'react-jsx',
  },
  "nest new 12's tsconfig": {
    ...SCAFFOLD,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'ES2023',
    isolatedModules: true,
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    esModuleInterop: true,
    strictPropertyInitialization: false,
  },
};

const { dir, files } = project(GENERIC);
test.after(() => rmSync(dir, { recursive: true, force: true }));

for (const [name, overrides] of Object.entries(CONFIGS)) {
  test(`every snippet type-checks as pasted: ${name}`, () => {
    const { errors } = check(dir, overrides);
    const report = [...errors].map(([f, lines]) => {
      const s = files.get(f);
      return s ? `${s.page} (block ${s.index}, from ${s.from || 'no file'}):\n${s.code}\n  ${lines.join('\n  ')}` : lines.join('\n');
    });
    assert.ok(report.length === 0, report.join('\n\n'));
  });
}

test('the check itself fails for a snippet that does not type-check', () => {
  const bad = project([{ page: 'bad.md', index: 0, from: '', ext: '.ts', code: "import { hostsign } from 'wechat-hostsign/express';\nhostsign({ token: 1 });" }]);
  try {
    const { errors } = check(bad.dir, {});
    assert.deepEqual([...errors.keys()], ['bad-md-0.ts']);
    assert.match(errors.get('bad-md-0.ts')[0], /error TS2322: Type 'number' is not assignable to type 'string'/);
  } finally {
    rmSync(bad.dir, { recursive: true, force: true });
  }
});
