// The READMEs (English and Chinese, the repository's and the npm package's)
// and the docs/ pages: every code block, except shell commands, plain text
// and the marked API synopsis, names the tested file it comes from
// (<!-- file: PATH -->) and is an exact excerpt of it; every CLI transcript
// (<!-- transcript -->) is run, and prints exactly what it shows. So no
// snippet can drift from tested code. Each page links to its other language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGES as DOCS, binDir, blocks, pageLang, runTranscript } from '../lib/transcripts.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (f) => readFileSync(join(root, f), 'utf8');
const zh = (f) => pageLang(f) === 'zh';
/** Each page and its other language. */
const PAIRS = [
  ['README.md', 'README.zh-CN.md'],
  ['pkg-template/README.md', 'pkg-template/README.zh-CN.md'],
  ...DOCS.filter((f) => f.startsWith('docs/') && zh(f)).map((f) => [f.replace('.zh-CN.md', '.md'), f]),
];

const norm = (s) => s.replace(/[ \t]+$/gm, '');

/** Checks one page's excerpts; returns the example files they come from. */
function checkExcerpts(page) {
  const files = new Set();
  for (const b of blocks(read(page))) {
    if (b.lang === 'sh' || b.lang === 'text' || b.marker === 'synopsis' || b.marker === 'transcript') continue;
    assert.ok(b.marker?.startsWith('file: '), `${page}: a ${b.lang} block has no <!-- file: … --> marker:\n${b.code.slice(0, 200)}`);
    const path = b.marker.slice('file: '.length);
    assert.ok(/^(examples|tests)\//.test(path) && existsSync(join(root, path)), `${page}: ${path} is not a tested file`);
    assert.ok(norm(read(path)).includes(norm(b.code)), `${page}: the snippet is not in ${path}:\n${b.code}`);
    files.add(path);
  }
  return files;
}

for (const page of DOCS) {
  test(`${page}: every snippet is an excerpt of a tested file`, () => {
    checkExcerpts(page);
  });
}

const EVERY_EXAMPLE = ['examples/node/hono.mjs', 'examples/node/express.mjs', 'examples/node/express.cjs', 'examples/node/http.mjs', 'examples/node/koa.mjs', 'examples/node/fastify.mjs', 'examples/worker/src/index.ts', 'examples/worker/wrangler.toml', 'examples/deno/main.ts', 'examples/bun/server.js', 'examples/browser/app.js', 'examples/node/websocket.mjs'];

for (const page of ['pkg-template/README.md', 'pkg-template/README.zh-CN.md']) {
  test(`${page}: one snippet per runtime and framework`, () => {
    const files = checkExcerpts(page);
    for (const f of EVERY_EXAMPLE) assert.ok(files.has(f), `no snippet from ${f}`);
  });
}

for (const [en, other] of PAIRS) {
  test(`${en} and ${other} link to each other at the top`, () => {
    assert.ok(existsSync(join(root, other)), `${other} is missing`);
    const top = (f) => read(f).split('\n').slice(0, 6).join('\n');
    const base = (f) => f.split('/').pop();
    assert.ok(top(en).includes(`](${base(other)})`), `${en} does not link to ${other} at the top`);
    assert.ok(top(other).includes(`](${base(en)})`), `${other} does not link to ${en} at the top`);
    // The same code in both languages: the Chinese page shows the same excerpts and transcripts' commands.
    const code = (f) => blocks(read(f)).filter((b) => b.marker?.startsWith('file: ')).map((b) => b.code);
    const commands = (f) => blocks(read(f)).filter((b) => b.marker === 'transcript').flatMap((b) => b.code.split('\n').filter((l) => l.startsWith('$ ')));
    assert.deepEqual(code(other), code(en), `${other} and ${en} show different code`);
    assert.deepEqual(commands(other), commands(en), `${other} and ${en} run different commands`);
  });
}

// ---------------------------------------------------------------------------
// CLI transcripts: `$ command` lines, each followed by what it prints
// (standard output and error together). Run by sh with `wechat-hostsign`
// on the PATH (the built package's bin), TOKEN set, and the page's language.

test('every CLI transcript prints what it shows', async () => {
  const bin = binDir();
  try {
    let count = 0;
    for (const page of DOCS) {
      for (const b of blocks(read(page)).filter((x) => x.marker === 'transcript')) {
        assert.equal(b.lang, 'console', `${page}: a transcript is a console block`);
        const mismatches = await runTranscript(b.code, zh(page) ? 'zh' : 'en', bin);
        assert.deepEqual(mismatches, [], `${page}:\n${mismatches.join('\n\n')}`);
        count++;
      }
    }
    // Both READMEs of each pair, and the CLI page in both languages.
    assert.ok(count >= 6, `only ${count} transcripts`);
    for (const page of ['README.md', 'README.zh-CN.md', 'pkg-template/README.md', 'pkg-template/README.zh-CN.md', 'docs/cli.md', 'docs/cli.zh-CN.md']) {
      assert.ok(blocks(read(page)).some((b) => b.marker === 'transcript'), `${page} has no CLI transcript`);
    }
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});

// The framework pages show at least one excerpt from each framework app.
for (const page of ['docs/frameworks.md', 'docs/frameworks.zh-CN.md']) {
  test(`${page}: a snippet from each framework example`, () => {
    const apps = new Set([...checkExcerpts(page)].map((p) => p.split('/')[1]));
    for (const app of ['nextjs', 'nestjs', 'egg', 'midway', 'cloudbase']) assert.ok(apps.has(app), `no snippet from examples/${app}`);
  });
}

test('the checks themselves catch a drifted snippet and a drifted transcript', async () => {
  const readme = read('pkg-template/README.md');
  const drifted = readme.replace('hostsign({ token: process.env.PLUGIN_TOKEN })', "hostsign({ token: 'changed' })");
  const b = blocks(drifted).find((x) => x.code.includes("'changed'"));
  assert.equal(norm(read(b.marker.slice('file: '.length))).includes(norm(b.code)), false);
  const transcript = blocks(read('README.md')).find((x) => x.marker === 'transcript').code;
  const bin = binDir();
  try {
    assert.equal((await runTranscript(transcript.replace('page-frame.html', 'page-frame.htm'), 'en', bin)).length, 1);
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});
