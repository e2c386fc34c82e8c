// The npm README (pkg-template/README.md) and the framework pages
// (docs/frameworks*.md): every code block, except shell commands and the
// marked API synopsis, names the example file it comes from
// (<!-- file: PATH -->), and is an exact excerpt of that file, which the
// other tests run. So no snippet can drift from tested code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(root, 'pkg-template/README.md'), 'utf8');

/** [{ lang, code, marker }] for each fenced block, with the HTML comment just before it. */
function blocks(md) {
  const out = [];
  const re = /(?:<!--\s*(.*?)\s*-->\s*\n)?```(\w*)\n([\s\S]*?)\n```/g;
  for (let m; (m = re.exec(md)); ) out.push({ marker: m[1] ?? null, lang: m[2], code: m[3] });
  return out;
}

const norm = (s) => s.replace(/[ \t]+$/gm, '');

test('every README snippet is an excerpt of a tested example file', () => {
  const all = blocks(readme);
  let checked = 0;
  const files = new Set();
  for (const b of all) {
    if (b.lang === 'sh' || b.marker === 'synopsis') continue;
    assert.ok(b.marker?.startsWith('file: '), `a ${b.lang} block has no <!-- file: … --> marker:\n${b.code.slice(0, 200)}`);
    const path = b.marker.slice('file: '.length);
    assert.ok(path.startsWith('examples/') && existsSync(join(root, path)), `${path} does not exist`);
    const file = norm(readFileSync(join(root, path), 'utf8'));
    assert.ok(file.includes(norm(b.code)), `the snippet is not in ${path}:\n${b.code}`);
    files.add(path);
    checked++;
  }
  // One snippet per runtime and framework.
  for (const f of ['examples/node/hono.mjs', 'examples/node/express.mjs', 'examples/node/express.cjs', 'examples/node/http.mjs', 'examples/node/koa.mjs', 'examples/node/fastify.mjs', 'examples/worker/src/index.js', 'examples/worker/wrangler.toml', 'examples/deno/main.ts', 'examples/bun/server.js', 'examples/browser/app.js', 'examples/node/websocket.mjs']) {
    assert.ok(files.has(f), `no README snippet from ${f}`);
  }
  assert.ok(checked >= 12);
});

// The framework pages: their snippets are excerpts of the framework
// examples the other tests run, one at least from each.
for (const page of ['docs/frameworks.md', 'docs/frameworks.zh-CN.md']) {
  test(`every snippet of ${page} is an excerpt of a tested example file`, () => {
    const md = readFileSync(join(root, page), 'utf8');
    const files = new Set();
    for (const b of blocks(md)) {
      if (b.lang === 'sh') continue;
      assert.ok(b.marker?.startsWith('file: '), `a ${b.lang} block has no <!-- file: … --> marker:\n${b.code.slice(0, 200)}`);
      const path = b.marker.slice('file: '.length);
      assert.ok(path.startsWith('examples/') && existsSync(join(root, path)), `${path} does not exist`);
      assert.ok(norm(readFileSync(join(root, path), 'utf8')).includes(norm(b.code)), `the snippet is not in ${path}:\n${b.code}`);
      files.add(path.split('/')[1]);
    }
    for (const app of ['nextjs', 'nestjs', 'egg', 'midway', 'cloudbase']) assert.ok(files.has(app), `no snippet from examples/${app}`);
  });
}

test('the check itself catches a drifted snippet', () => {
  const drifted = readme.replace("hostsign({ token: process.env.PLUGIN_TOKEN })", "hostsign({ token: 'changed' })");
  const b = blocks(drifted).find((x) => x.code.includes("'changed'"));
  const file = norm(readFileSync(join(root, b.marker.slice('file: '.length)), 'utf8'));
  assert.equal(file.includes(norm(b.code)), false);
});
